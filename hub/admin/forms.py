"""Forms of the hub administration and the audit log's filters."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import Email, Length, Optional

from hub.audit.services import action_families
from hub.auth.forms import AT_MOST, lower_email
from hub.auth.models import AccountStatus
from hub.forms import DateRangeFields, HubForm, NoControlCharacters
from hub.workspaces.forms import WorkspaceForm
from hub.workspaces.models import MembershipStatus

ACCOUNT_STATUS_LABELS = {
    AccountStatus.PENDING: _l("Waiting for e-mail confirmation"),
    AccountStatus.ACTIVE: _l("Active"),
    AccountStatus.SUSPENDED: _l("Suspended"),
}

#: A membership's state, as an account's page lists them.
MEMBERSHIP_STATUS_LABELS = {
    MembershipStatus.REQUESTED: _l("Requested"),
    MembershipStatus.INVITED: _l("Invited"),
    MembershipStatus.ACTIVE: _l("Active"),
    MembershipStatus.REJECTED: _l("Rejected"),
    MembershipStatus.REMOVED: _l("Removed"),
}


class NewWorkspaceForm(WorkspaceForm):
    first_administrator = EmailField(
        _l("First administrator's e-mail address (optional)"),
        validators=[
            Optional(),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
            Email(message=_l("Enter a valid e-mail address."), granular_message=False),
            NoControlCharacters(),
        ],
        filters=[lower_email],
        description=_l(
            "They are invited as the workspace's administrator; someone without an "
            "account registers through the e-mailed link."
        ),
    )


class SuspendForm(HubForm):
    reason = StringField(
        _l("Reason (optional, kept in the audit log)"),
        validators=[Length(max=500, message=AT_MOST), NoControlCharacters()],
    )


class AccountFilterForm(HubForm):
    """The account list's filters: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Name, e-mail or organisation"),
        validators=[Optional(), Length(max=100, message=AT_MOST)],
    )
    status = SelectField(
        _l("Status"),
        choices=[
            ("", _l("Any status")),
            *((status.value, label) for status, label in ACCOUNT_STATUS_LABELS.items()),
        ],
        validators=[Optional()],
    )


class AuditFilterForm(DateRangeFields, HubForm):
    """The audit log's filters: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    family = SelectField(_l("Kind of action"), validators=[Optional()])
    action = StringField(
        # The codes are shown under each entry's name: sign_in_failed, role_changed...
        _l("Action code contains"),
        validators=[Optional(), Length(max=64, message=AT_MOST), NoControlCharacters()],
    )
    person = StringField(
        _l("Person (name or e-mail)"),
        validators=[Optional(), Length(max=254, message=AT_MOST), NoControlCharacters()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The families of the enabled features, so these choices are made per request.
        self.family.choices = [
            ("", _("Any kind")),
            *((family.prefix, family.label) for family in action_families()),
        ]
