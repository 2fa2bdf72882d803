from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from hub.auth.models import EmailPreference
from hub.auth.passwords import MAX_PASSWORD_LENGTH
from hub.forms import HubForm, NoControlCharacters, country_choices, sector_choices
from hub.i18n import LANGUAGES, timezone_choices

EMAIL_VALIDATORS = [
    DataRequired(message=_l("Enter your e-mail address.")),
    Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
    Email(message=_l("Enter a valid e-mail address."), granular_message=False),
    NoControlCharacters(),
]
#: One message for every length limit: Length fills in %(max)d.
AT_MOST = _l("Use at most %(max)d characters.")
PASSWORD_LENGTH = Length(max=MAX_PASSWORD_LENGTH, message=AT_MOST)


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
        _l("Display name"),
        validators=[
            DataRequired(message=_l("Enter the name other members will see.")),
            Length(max=100, message=AT_MOST),
            NoControlCharacters(),
        ],
    )
    sector = ListSelectField(
        _l("Sector"), choices=sector_choices(), not_listed=_l("Choose a sector from the list.")
    )
    organisation = StringField(
        _l("Organisation"),
        validators=[
            DataRequired(message=_l("Enter your organisation.")),
            Length(max=150, message=AT_MOST),
            NoControlCharacters(),
        ],
    )
    country = ListSelectField(
        _l("Country"),
        # Built per form: the names are in the reader's language.
        choices=lambda: [("", _("Choose a country…")), *country_choices()],
        not_listed=_l("Choose a country from the list."),
    )

    def validate_country(self, field):
        if not field.data:
            raise ValidationError(_("Choose your country."))


class RegistrationForm(ProfileFields):
    email = EmailField(_l("E-mail address"), validators=EMAIL_VALIDATORS, filters=[lower_email])
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Choose a password.")), PASSWORD_LENGTH],
        description=_l("At least 12 characters. A few unrelated words make a good password."),
    )
    password_again = PasswordField(
        _l("Password again"),
        validators=[EqualTo("password", message=_l("The two passwords differ."))],
    )


class SignInForm(HubForm):
    email = EmailField(_l("E-mail address"), validators=EMAIL_VALIDATORS, filters=[lower_email])
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Enter your password.")), PASSWORD_LENGTH],
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class TwoFactorForm(HubForm):
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(message=_l("Enter the code from your app or a recovery code.")),
            Length(max=32, message=_l("That is longer than any code.")),
        ],
        description=_l(
            "The 6-digit code from your authenticator app, or one of your recovery codes."
        ),
    )


class ResetRequestForm(HubForm):
    email = EmailField(_l("E-mail address"), validators=EMAIL_VALIDATORS, filters=[lower_email])


class NewPasswordForm(HubForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(message=_l("Choose a password.")), PASSWORD_LENGTH],
    )
    password_again = PasswordField(
        _l("New password again"),
        validators=[EqualTo("password", message=_l("The two passwords differ."))],
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
        _l("E-mail me about notifications"),
        not_listed=_l("Choose one of the options."),
        choices=[
            (EmailPreference.IMMEDIATE.value, _l("At once")),
            (EmailPreference.DAILY.value, _l("In a daily digest")),
            (EmailPreference.OFF.value, _l("Never (in the hub only)")),
        ],
    )


class PasswordChangeForm(NewPasswordForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password.")), PASSWORD_LENGTH],
    )


class EmailChangeForm(HubForm):
    email = EmailField(_l("New e-mail address"), validators=EMAIL_VALIDATORS, filters=[lower_email])
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password.")), PASSWORD_LENGTH],
    )


class PasswordConfirmForm(HubForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password.")), PASSWORD_LENGTH],
    )


class EnableTwoFactorForm(PasswordConfirmForm):
    code = StringField(
        _l("Code from your app"),
        validators=[
            DataRequired(message=_l("Enter the 6-digit code.")),
            Length(max=10, message=_l("The code has 6 digits.")),
        ],
    )
