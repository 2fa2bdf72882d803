from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from hub.forms import DateRangeFields, HubForm, NoControlCharacters
from wiki.services import MAX_BODY_LENGTH

TITLE_VALIDATORS = [
    DataRequired(message="Give the page a title."),
    Length(max=200, message="Use at most 200 characters."),
    NoControlCharacters(),
]
# Only what hub/markup.py renders: images become links to the image, raw HTML shows as text,
# and [[doc:…]] / [[event:…]] links stay plain text until documents and events exist.
BODY_DESCRIPTION = (
    "Markdown: # Heading, **bold**, *italic*, [text](https://…), - list, > quote, "
    "`code` and tables. Link to another wiki page with [[Page title]] or "
    "[[path/of/page|label]]. Pictures are not shown: an image becomes a link to it, "
    "and HTML shows as plain text."
)
BODY_TOO_LONG = (
    f"The page is too long: at most {MAX_BODY_LENGTH // 1024} KB of text. "
    "Split it into several pages."
)


def split_tags(value: str | None) -> list[str]:
    return [tag.strip() for tag in (value or "").split(",") if tag.strip()]


def unify_newlines(value: str | None) -> str:
    """Browsers send CRLF: store LF, so sizes and diffs count what the author changed."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n")


class SectionField(SelectField):
    """A choice of section, with a plain message when the choice is not one we offered."""

    def pre_validate(self, form) -> None:
        if self.data not in {value for value, _label in self.choices}:
            raise ValidationError("Choose one of the wiki's sections.")


class BodyFields(HubForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            # The body is Markdown, kept exactly as written: trimming it (as HubForm does to
            # every other field) would drop the indentation of a code block on its first line.
            if options.get("name") == "body":
                return unbound_field.bind(form=form, **options)
            return super().bind_field(form, unbound_field, options)

    body = TextAreaField(
        "Text",
        filters=[unify_newlines],
        validators=[
            Length(max=MAX_BODY_LENGTH, message=BODY_TOO_LONG),
            NoControlCharacters(allow_newlines=True),
        ],
        description=BODY_DESCRIPTION,
    )
    summary = StringField(
        "Edit summary",
        validators=[Length(max=300, message="Use at most 300 characters."), NoControlCharacters()],
        description="A few words on what you changed; shown in the history.",
    )
    tags = StringField(
        "Tags",
        validators=[Length(max=1000, message="Use fewer tags."), NoControlCharacters()],
        description="Separated by commas. The lenses threat, tool and evidence mark how the "
        "Innovation Centre looks at a technology.",
    )


class PreviewForm(BodyFields):
    """The editor's live preview: the text alone, checked as saving it would check it."""

    summary = None
    tags = None


class NewPageForm(BodyFields):
    title = StringField("Title", validators=TITLE_VALIDATORS)
    section = SectionField("Section", coerce=str)
    parent = StringField(
        "Parent page (optional)",
        validators=[
            Optional(),
            Length(max=255, message="Use at most 255 characters."),
            NoControlCharacters(),
        ],
        description="The address of the page this one belongs under, e.g. toolkit/principles.",
    )


class EditPageForm(BodyFields):
    base_revision_id = HiddenField()


class MovePageForm(HubForm):
    title = StringField("Title", validators=TITLE_VALIDATORS)
    slug = StringField(
        "Address (last part)",
        validators=[
            Optional(),
            Length(max=80, message="Use at most 80 characters."),
            NoControlCharacters(),
        ],
        description="Leave empty to make it from the title.",
    )
    parent = StringField(
        "Parent page",
        validators=[
            Optional(),
            Length(max=255, message="Use at most 255 characters."),
            NoControlCharacters(),
        ],
        description="Empty: a top-level page of its section.",
    )
    section = SectionField("Section", coerce=str)


class SectionForm(HubForm):
    name = StringField(
        "Name",
        validators=[
            DataRequired(message="Give the section a name."),
            Length(max=80, message="Use at most 80 characters."),
            NoControlCharacters(),
        ],
    )
    description = StringField(
        "Description",
        validators=[Length(max=500, message="Use at most 500 characters."), NoControlCharacters()],
    )
    protect = BooleanField("New pages in this section are protected (administrators edit them)")


class RecentChangesFilterForm(DateRangeFields, HubForm):
    class Meta:
        csrf = False

    section = SectionField("Section", coerce=str, validators=[Optional()])
    author = StringField(
        "Author (name or e-mail)",
        validators=[Optional(), Length(max=100, message="Use at most 100 characters.")],
    )

