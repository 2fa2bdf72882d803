"""Forms of the hub administration and the audit log's filters."""

from wtforms import EmailField, SelectField, StringField
from wtforms.validators import Email, Length, Optional

from hub.audit.services import action_families
from hub.auth.forms import lower_email
from hub.auth.models import AccountStatus
from hub.forms import DateRangeFields, HubForm, NoControlCharacters
from hub.workspaces.forms import WorkspaceForm

ACCOUNT_STATUS_LABELS = {
    AccountStatus.PENDING: "Waiting for e-mail confirmation",
    AccountStatus.ACTIVE: "Active",
    AccountStatus.SUSPENDED: "Suspended",
}


class NewWorkspaceForm(WorkspaceForm):
    first_administrator = EmailField(
        "First administrator's e-mail address (optional)",
        validators=[
            Optional(),
            Length(max=254, message="An e-mail address has at most 254 characters."),
            Email(message="Enter a valid e-mail address.", granular_message=False),
            NoControlCharacters(),
        ],
        filters=[lower_email],
        description="They are invited as the workspace's administrator; someone without an "
        "account registers through the e-mailed link.",
    )


class SuspendForm(HubForm):
    reason = StringField(
        "Reason (optional, kept in the audit log)",
        validators=[Length(max=500, message="Use at most 500 characters."), NoControlCharacters()],
    )


class AccountFilterForm(HubForm):
    """The account list's filters: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(
        "Name, e-mail or organisation",
        validators=[Optional(), Length(max=100, message="Use at most 100 characters.")],
    )
    status = SelectField(
        "Status",
        choices=[
            ("", "Any status"),
            *((status.value, label) for status, label in ACCOUNT_STATUS_LABELS.items()),
        ],
        validators=[Optional()],
    )


class AuditFilterForm(DateRangeFields, HubForm):
    """The audit log's filters: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    family = SelectField("Kind of action", validators=[Optional()])
    action = StringField(
        # The codes are shown under each entry's name: sign_in_failed, role_changed...
        "Action code contains",
        validators=[
            Optional(),
            Length(max=64, message="Use at most 64 characters."),
            NoControlCharacters(),
        ],
    )
    person = StringField(
        "Person (name or e-mail)",
        validators=[
            Optional(),
            Length(max=254, message="Use at most 254 characters."),
            NoControlCharacters(),
        ],
    )
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The families of the enabled features, so these choices are made per request.
        self.family.choices = [
            ("", "Any kind"),
            *((family.prefix, family.label) for family in action_families()),
        ]

