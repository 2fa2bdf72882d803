from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from hub.forms import DateRangeFields, HubForm, NoControlCharacters
from hub.i18n import LANGUAGES, text_direction
from wiki.services import BODY_TOO_LONG, MAX_BODY_LENGTH

# WTForms fills in %(max)d of a Length message.
AT_MOST_CHARACTERS = _l("Use at most %(max)d characters.")
TITLE_VALIDATORS = [
    DataRequired(message=_l("Give the page a title.")),
    Length(max=200, message=AT_MOST_CHARACTERS),
    NoControlCharacters(),
]
# Only what hub/markup.py renders: images become links to the image, raw HTML shows as text.
BODY_DESCRIPTION = _l(
    "Markdown: # Heading, **bold**, *italic*, [text](https://…), - list, > quote, "
    "`code` and tables. Link to another wiki page with [[Page title]] or "
    "[[path/of/page|label]], and to a document, an event, a forum or a topic by its "
    "number: [[doc:12]], [[event:3]], [[forum:2]], [[topic:5]]. Pictures are not shown: "
    "an image becomes a link to it, "
    "and HTML shows as plain text."
)
#: Each language in its own name, marked with its own language and direction.
LANGUAGE_CHOICES = [
    (code, name, {"lang": code, "dir": text_direction(code)}) for code, name in LANGUAGES.items()
]


def split_tags(value: str | None) -> list[str]:
    return [tag.strip() for tag in (value or "").split(",") if tag.strip()]


def unify_newlines(value: str | None) -> str:
    """Browsers send CRLF: store LF, so sizes and diffs count what the author changed."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n")


class ListedChoiceField(SelectField):
    """A choice from a list, with a plain message when the choice is not one we offered."""

    not_listed = ""

    def pre_validate(self, form) -> None:
        if self.data not in {choice[0] for choice in self.choices}:
            raise ValidationError(str(self.not_listed))


class SectionField(ListedChoiceField):
    not_listed = _l("Choose one of the wiki's sections.")


class LanguageField(ListedChoiceField):
    """The language a page is written in (not the interface's)."""

    not_listed = _l("Choose one of the languages.")

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, choices=LANGUAGE_CHOICES, coerce=str, **kwargs)


class BodyFields(HubForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            # The body is Markdown, kept exactly as written: trimming it (as HubForm does to
            # every other field) would drop the indentation of a code block on its first line.
            if options.get("name") == "body":
                return unbound_field.bind(form=form, **options)
            return super().bind_field(form, unbound_field, options)

    body = TextAreaField(
        _l("Text"),
        filters=[unify_newlines],
        validators=[
            Length(max=MAX_BODY_LENGTH, message=BODY_TOO_LONG),
            NoControlCharacters(allow_newlines=True),
        ],
        description=BODY_DESCRIPTION,
    )
    summary = StringField(
        _l("Edit summary"),
        validators=[Length(max=300, message=AT_MOST_CHARACTERS), NoControlCharacters()],
        description=_l("A few words on what you changed; shown in the history."),
    )
    tags = StringField(
        _l("Tags"),
        validators=[Length(max=1000, message=_l("Use fewer tags.")), NoControlCharacters()],
        description=_l(
            "Separated by commas. Three tags say how the Innovation Centre looks at a "
            "technology: threat, tool and evidence (write them in English)."
        ),
    )
    language = LanguageField(_l("Language of this page"))


class PreviewForm(BodyFields):
    """The editor's live preview: the text alone, checked as saving it would check it."""

    summary = None
    tags = None
    language = None


class NewPageForm(BodyFields):
    title = StringField(_l("Title"), validators=TITLE_VALIDATORS)
    section = SectionField(_l("Section"), coerce=str)
    parent = StringField(
        _l("Parent page (optional)"),
        validators=[
            Optional(),
            Length(max=255, message=AT_MOST_CHARACTERS),
            NoControlCharacters(),
        ],
        description=_l("The address of the page this one belongs under, e.g. toolkit/principles."),
    )


class EditPageForm(BodyFields):
    base_revision_id = HiddenField()


class MovePageForm(HubForm):
    title = StringField(_l("Title"), validators=TITLE_VALIDATORS)
    slug = StringField(
        _l("Address (last part)"),
        validators=[
            Optional(),
            Length(max=80, message=AT_MOST_CHARACTERS),
            NoControlCharacters(),
        ],
        description=_l("Leave empty to make it from the title."),
    )
    parent = StringField(
        _l("Parent page"),
        validators=[
            Optional(),
            Length(max=255, message=AT_MOST_CHARACTERS),
            NoControlCharacters(),
        ],
        description=_l("Empty: a top-level page of its section."),
    )
    section = SectionField(_l("Section"), coerce=str)


class SectionForm(HubForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(message=_l("Give the section a name.")),
            Length(max=80, message=AT_MOST_CHARACTERS),
            NoControlCharacters(),
        ],
    )
    description = StringField(
        _l("Description"),
        validators=[Length(max=500, message=AT_MOST_CHARACTERS), NoControlCharacters()],
    )
    protect = BooleanField(_l("New pages in this section are protected (administrators edit them)"))


class RecentChangesFilterForm(DateRangeFields, HubForm):
    class Meta:
        csrf = False

    section = SectionField(_l("Section"), coerce=str, validators=[Optional()])
    author = StringField(
        _l("Author (name or e-mail)"),
        validators=[Optional(), Length(max=100, message=AT_MOST_CHARACTERS)],
    )
