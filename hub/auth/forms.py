from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from hub.auth.models import EmailPreference
from hub.auth.passwords import MAX_PASSWORD_LENGTH
from hub.forms import HubForm, NoControlCharacters, country_choices, sector_choices
from hub.i18n import LANGUAGES, timezone_choices

EMAIL_VALIDATORS = [
    DataRequired(message="Enter your e-mail address."),
    Length(max=254, message="An e-mail address has at most 254 characters."),
    Email(message="Enter a valid e-mail address.", granular_message=False),
    NoControlCharacters(),
]
PASSWORD_LENGTH = Length(
    max=MAX_PASSWORD_LENGTH, message=f"Use at most {MAX_PASSWORD_LENGTH} characters."
)


def lower_email(value):
    return value.lower() if isinstance(value, str) else value


class ListSelectField(SelectField):
    """A select list whose refusal of an unlisted value says what to do."""

    def __init__(self, *args, not_listed: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.not_listed = not_listed

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError:
            raise ValidationError(self.not_listed) from None


class ProfileFields(HubForm):
    display_name = StringField(
        "Display name",
        validators=[
            DataRequired(message="Enter the name other members will see."),
            Length(max=100, message="Use at most 100 characters."),
            NoControlCharacters(),
        ],
    )
    sector = ListSelectField(
        "Sector", choices=sector_choices(), not_listed="Choose a sector from the list."
    )
    organisation = StringField(
        "Organisation",
        validators=[
            DataRequired(message="Enter your organisation."),
            Length(max=150, message="Use at most 150 characters."),
            NoControlCharacters(),
        ],
    )
    country = ListSelectField(
        "Country",
        choices=[("", "Choose a country…"), *country_choices()],
        not_listed="Choose a country from the list.",
    )

    def validate_country(self, field):
        if not field.data:
            raise ValidationError("Choose your country.")


class RegistrationForm(ProfileFields):
    email = EmailField("E-mail address", validators=EMAIL_VALIDATORS, filters=[lower_email])
    password = PasswordField(
        "Password",
        validators=[DataRequired(message="Choose a password."), PASSWORD_LENGTH],
        description="At least 12 characters. A few unrelated words make a good password.",
    )
    password_again = PasswordField(
        "Password again",
        validators=[EqualTo("password", message="The two passwords differ.")],
    )


class SignInForm(HubForm):
    email = EmailField("E-mail address", validators=EMAIL_VALIDATORS, filters=[lower_email])
    password = PasswordField(
        "Password", validators=[DataRequired(message="Enter your password."), PASSWORD_LENGTH]
    )
    remember = BooleanField("Keep me signed in on this device")


class TwoFactorForm(HubForm):
    code = StringField(
        "Code",
        validators=[
            DataRequired(message="Enter the code from your app or a recovery code."),
            Length(max=32, message="That is longer than any code."),
        ],
        description="The 6-digit code from your authenticator app, or one of your recovery codes.",
    )


class ResetRequestForm(HubForm):
    email = EmailField("E-mail address", validators=EMAIL_VALIDATORS, filters=[lower_email])


class NewPasswordForm(HubForm):
    password = PasswordField(
        "New password", validators=[DataRequired(message="Choose a password."), PASSWORD_LENGTH]
    )
    password_again = PasswordField(
        "New password again",
        validators=[EqualTo("password", message="The two passwords differ.")],
    )


ZONES = timezone_choices()


class ProfileForm(ProfileFields):
    language = ListSelectField(
        _l("Language of the hub and of your e-mails"),
        not_listed=_l("Choose one of the languages."),
        choices=list(LANGUAGES.items()),
    )
    timezone = ListSelectField(
        _l("Time zone"),
        not_listed=_l("Choose a time zone from the list."),
        choices=lambda: [("", _("Your browser's time zone")), *zip(ZONES, ZONES, strict=True)],
    )
    email_preference = ListSelectField(
        "E-mail me about notifications",
        not_listed="Choose one of the options.",
        choices=[
            (EmailPreference.IMMEDIATE.value, "At once"),
            (EmailPreference.DAILY.value, "In a daily digest"),
            (EmailPreference.OFF.value, "Never (in the hub only)"),
        ],
    )


class PasswordChangeForm(NewPasswordForm):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired(message="Enter your current password."), PASSWORD_LENGTH],
    )


class EmailChangeForm(HubForm):
    email = EmailField("New e-mail address", validators=EMAIL_VALIDATORS, filters=[lower_email])
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired(message="Enter your current password."), PASSWORD_LENGTH],
    )


class PasswordConfirmForm(HubForm):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired(message="Enter your current password."), PASSWORD_LENGTH],
    )


class EnableTwoFactorForm(PasswordConfirmForm):
    code = StringField(
        "Code from your app",
        validators=[
            DataRequired(message="Enter the 6-digit code."),
            Length(max=10, message="The code has 6 digits."),
        ],
    )
