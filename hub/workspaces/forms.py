from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from hub.auth.forms import EMAIL_VALIDATORS, lower_email
from hub.database import MAX_ROW_ID
from hub.forms import HubForm, NoControlCharacters, country_choices, sector_choices
from hub.workspaces.models import Role, Visibility

ROLE_CHOICES = [(role.value, role.label) for role in Role]
REQUEST_NOT_FOUND = "This request could not be found. Reload the page and try again."


class WorkspaceForm(HubForm):
    name = StringField(
        "Name",
        validators=[
            DataRequired(message="Give the workspace a name."),
            Length(max=120, message="Use at most 120 characters."),
            NoControlCharacters(),
        ],
    )
    slug = StringField(
        "Address",
        validators=[
            DataRequired(message="Choose the workspace's address."),
            Length(max=40, message="Use at most 40 characters."),
        ],
        description="Lower-case letters, digits and hyphens: the workspace lives at /w/<address>/.",
    )
    description = TextAreaField(
        "Description",
        validators=[
            Length(max=20000, message="Use at most 20,000 characters."),
            NoControlCharacters(allow_newlines=True),
        ],
        description="Markdown. Non-members of a restricted workspace see this.",
    )
    visibility = RadioField(
        "Who can read it",
        choices=[
            (Visibility.RESTRICTED.value, "Restricted: members only; others may ask to join"),
            (Visibility.OPEN.value, "Open: any signed-in account may read and join"),
        ],
        default=Visibility.RESTRICTED.value,
    )


class JoinForm(HubForm):
    message = TextAreaField(
        "Why would you like to join?",
        validators=[
            Length(max=2000, message="Use at most 2,000 characters."),
            NoControlCharacters(allow_newlines=True),
        ],
        description="Optional. Administrators see this with your request.",
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
        "Reason (optional, sent to the person)",
        validators=[Length(max=500, message="Use at most 500 characters."), NoControlCharacters()],
    )


class InviteForm(HubForm):
    email = StringField("E-mail address", validators=EMAIL_VALIDATORS, filters=[lower_email])
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.MEMBER.value)
    message = TextAreaField(
        "Message (optional)",
        validators=[
            Length(max=2000, message="Use at most 2,000 characters."),
            NoControlCharacters(allow_newlines=True),
        ],
    )


class RoleForm(HubForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


class RemoveForm(HubForm):
    reason = StringField(
        "Reason (optional, sent to the person)",
        validators=[Length(max=500, message="Use at most 500 characters."), NoControlCharacters()],
    )


class MemberFilterForm(HubForm):
    """The members directory's filters: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    q = StringField("Name or organisation", validators=[Optional(), Length(max=100)])
    sector = SelectField(
        "Sector", choices=[("", "Any sector"), *sector_choices()], validators=[Optional()]
    )
    country = SelectField(
        "Country", choices=[("", "Any country"), *country_choices()], validators=[Optional()]
    )
    role = SelectField("Role", choices=[("", "Any role"), *ROLE_CHOICES], validators=[Optional()])
