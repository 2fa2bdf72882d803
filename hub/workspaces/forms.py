from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from hub.auth.forms import EMAIL_VALIDATORS, lower_email
from hub.database import MAX_ROW_ID
from hub.forms import HubForm, NoControlCharacters, country_choices, sector_choices
from hub.workspaces.models import Role, Visibility

ROLE_CHOICES = [(role.value, role.label) for role in Role]
REQUEST_NOT_FOUND = _l("This request could not be found. Reload the page and try again.")


class WorkspaceForm(HubForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(message=_l("Give the workspace a name.")),
            Length(max=120, message=_l("Use at most 120 characters.")),
            NoControlCharacters(),
        ],
    )
    slug = StringField(
        _l("Address"),
        validators=[
            DataRequired(message=_l("Choose the workspace's address.")),
            Length(max=40, message=_l("Use at most 40 characters.")),
        ],
        description=_l(
            "Lower-case letters, digits and hyphens. It makes the workspace's address: "
            "“ai” gives /w/ai/."
        ),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[
            Length(max=20000, message=_l("Use at most 20,000 characters.")),
            NoControlCharacters(allow_newlines=True),
        ],
        description=_l("Markdown. Non-members of a restricted workspace see this."),
    )
    visibility = RadioField(
        _l("Who can read it"),
        choices=[
            (Visibility.RESTRICTED.value, _l("Restricted: members only; others may ask to join")),
            (Visibility.OPEN.value, _l("Open: any signed-in account may read and join")),
        ],
        default=Visibility.RESTRICTED.value,
    )


class JoinForm(HubForm):
    message = TextAreaField(
        _l("Why would you like to join?"),
        validators=[
            Length(max=2000, message=_l("Use at most 2,000 characters.")),
            NoControlCharacters(allow_newlines=True),
        ],
        description=_l("Optional. Administrators see this with your request."),
    )


class DecisionForm(HubForm):
    membership_id = IntegerField(
        widget=HiddenInput(),
        invalid_value_message=REQUEST_NOT_FOUND,
        validators=[
            InputRequired(message=REQUEST_NOT_FOUND),
            NumberRange(min=1, max=MAX_ROW_ID, message=REQUEST_NOT_FOUND),
        ],
    )
    reason = StringField(
        _l("Reason (optional, sent to the person)"),
        validators=[
            Length(max=500, message=_l("Use at most 500 characters.")),
            NoControlCharacters(),
        ],
    )


class InviteForm(HubForm):
    email = StringField(_l("E-mail address"), validators=EMAIL_VALIDATORS, filters=[lower_email])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default=Role.MEMBER.value)
    message = TextAreaField(
        _l("Message (optional)"),
        validators=[
            Length(max=2000, message=_l("Use at most 2,000 characters.")),
            NoControlCharacters(allow_newlines=True),
        ],
    )


class RoleForm(HubForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class RemoveForm(HubForm):
    reason = StringField(
        _l("Reason (optional, sent to the person)"),
        validators=[
            Length(max=500, message=_l("Use at most 500 characters.")),
            NoControlCharacters(),
        ],
    )


class MemberFilterForm(HubForm):
    """The members directory's filters: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or organisation"), validators=[Optional(), Length(max=100)])
    sector = SelectField(_l("Sector"), validators=[Optional()])
    country = SelectField(_l("Country"), validators=[Optional()])
    role = SelectField(
        _l("Role"), choices=[("", _l("Any role")), *ROLE_CHOICES], validators=[Optional()]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Per form: the countries are named, and sorted, in the reader's language.
        self.sector.choices = [("", _("Any sector")), *sector_choices()]
        self.country.choices = [("", _("Any country")), *country_choices()]
