from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, MultipleFileField
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from documents.filetypes import KINDS, FileKind
from documents.models import (
    LENS_TAGS,
    MAX_CHANGE_NOTE_LENGTH,
    MAX_COLLECTION_NAME_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_SOURCE_LENGTH,
    MAX_TITLE_LENGTH,
    Category,
)
from documents.queries import SORTS, LibraryFilters
from documents.services import tag_key
from hub.forms import BAD_DATE, DateRangeFields, HubForm, NoControlCharacters
from hub.i18n import LANGUAGES

AT_MOST_CHARACTERS = _l("Use at most %(max)d characters.")
#: The file pickers offer the accepted kinds first (the server judges by content anyway).
ACCEPTED_EXTENSIONS = ",".join(
    extension for info in KINDS.values() for extension in info.extensions
)

CATEGORY_LABELS = {
    Category.REPORT: _l("Report"),
    Category.PRESENTATION: _l("Presentation"),
    Category.PAPER: _l("Paper"),
    Category.TRAINING: _l("Training material"),
    Category.LEGAL: _l("Legal or policy text"),
    Category.OTHER: _l("Other"),
}
LENS_LABELS = {"threat": _l("Threat"), "tool": _l("Tool"), "evidence": _l("Evidence")}
SORT_LABELS = {"date": _l("Newest first"), "title": _l("Title"), "size": _l("Largest first")}


def category_choices(blank=None):
    choices = [(category.value, label) for category, label in CATEGORY_LABELS.items()]
    return [("", blank), *choices] if blank is not None else choices


def language_choices(blank):
    return [("", blank), *LANGUAGES.items()]


def collection_choices(collections, blank):
    return [("", blank), *((str(each.id), each.name) for each in collections)]


def split_tags(value: str | None) -> list[str]:
    return [tag.strip() for tag in (value or "").split(",") if tag.strip()]


class ListedChoiceField(SelectField):
    """A choice from a list, with a plain message when the choice is not one we offered."""

    def pre_validate(self, form) -> None:
        if self.data not in {choice[0] for choice in self.choices}:
            raise ValidationError(_l("Choose one of the listed options."))


class UploadForm(HubForm):
    files = MultipleFileField(
        _l("Files"),
        render_kw={"accept": ACCEPTED_EXTENSIONS},
        description=_l(
            "PDF, DOCX, PPTX, XLSX, ODT, ODS, ODP, RTF, plain text, Markdown, CSV, PNG or JPEG; "
            "several at once if you like."
        ),
    )
    category = ListedChoiceField(_l("Category"), default=Category.OTHER.value)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = category_choices()

    def chosen_files(self) -> list:
        """The files sent (a browser sends one nameless empty part when none is chosen)."""
        return [file for file in self.files.data or [] if file and file.filename]


class VersionForm(HubForm):
    file = FileField(_l("File"), render_kw={"accept": ACCEPTED_EXTENSIONS})
    change_note = StringField(
        _l("What changed"),
        validators=[
            Length(max=MAX_CHANGE_NOTE_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(),
        ],
        description=_l("At most %(max)d characters.", max=MAX_CHANGE_NOTE_LENGTH),
    )


class DocumentForm(HubForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(message=_l("Give the document a title.")),
            Length(max=MAX_TITLE_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(),
        ],
        description=_l("At most %(max)d characters.", max=MAX_TITLE_LENGTH),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[
            Length(max=MAX_DESCRIPTION_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(allow_newlines=True),
        ],
        description=_l("At most %(max)d characters.", max=MAX_DESCRIPTION_LENGTH),
    )
    category = ListedChoiceField(_l("Category"))
    language = ListedChoiceField(_l("Language of the document"), default="")
    source = StringField(
        _l("Source or author"),
        validators=[
            Length(max=MAX_SOURCE_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(),
        ],
    )
    published_on = DateField(
        _l("Publication date"), validators=[Optional()], invalid_value_message=BAD_DATE
    )
    collection = ListedChoiceField(_l("Collection"), default="")
    tags = StringField(
        _l("Other tags"),
        validators=[NoControlCharacters()],
        description=_l("Separate tags with commas."),
    )

    def __init__(self, *args, collections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = category_choices()
        self.language.choices = language_choices(_l("Not given"))
        self.collection.choices = collection_choices(collections, _l("None"))

    def collection_id(self) -> int | None:
        return int(self.collection.data) if self.collection.data else None

    def all_tags(self, lenses: list[str]) -> list[str]:
        return [*(lens for lens in lenses if lens in LENS_TAGS), *split_tags(self.tags.data)]


class LibraryFilterForm(DateRangeFields, HubForm):
    """The library's filters, read from the query string (the date range is the day each
    document was uploaded)."""

    class Meta:
        csrf = False

    category = ListedChoiceField(_l("Category"), default="")
    kind = ListedChoiceField(_l("File type"), default="")
    tag = StringField(_l("Tag"), validators=[Length(max=40), NoControlCharacters()])
    uploader = ListedChoiceField(_l("Uploaded by"), default="")
    language = ListedChoiceField(_l("Language"), default="")
    collection = ListedChoiceField(_l("Collection"), default="")
    sort = ListedChoiceField(_l("Order"), default="date")

    def __init__(self, *args, uploaders=(), collections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = category_choices(_l("All categories"))
        self.kind.choices = [("", _l("All types"))] + [
            (kind.value, info.label) for kind, info in KINDS.items()
        ]
        self.uploader.choices = [("", _l("Anyone"))] + [
            (str(user_id), name) for user_id, name in uploaders
        ]
        self.language.choices = language_choices(_l("All languages"))
        self.collection.choices = collection_choices(collections, _l("All collections"))
        self.sort.choices = [(sort, SORT_LABELS[sort]) for sort in SORTS]
        self.since.label.text = _l("Uploaded from")
        self.until.label.text = _l("Uploaded until (inclusive)")

    def _valid(self, field) -> str:
        return field.data if field.data and not field.errors else ""

    def filters(self) -> LibraryFilters:
        """The filters as chosen, leaving out any value the form refused."""
        category, kind = self._valid(self.category), self._valid(self.kind)
        uploader, collection = self._valid(self.uploader), self._valid(self.collection)
        return LibraryFilters(
            category=Category(category) if category else None,
            kind=FileKind(kind) if kind else None,
            tag=tag_key(self._valid(self.tag)),
            uploader_id=int(uploader) if uploader else None,
            language=self._valid(self.language),
            collection_id=int(collection) if collection else None,
            uploaded_from=self.start(),
            uploaded_before=self.end(),
            sort=self._valid(self.sort) or "date",
        )

    def chosen(self) -> dict[str, str]:
        """The filters given in the address, for the paging links to keep."""
        fields = self._fields.items()
        return {name: field.data for name, field in fields if field.raw_data and field.data}


class CollectionForm(HubForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(message=_l("Give the collection a name.")),
            Length(max=MAX_COLLECTION_NAME_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(),
        ],
        description=_l("At most %(max)d characters.", max=MAX_COLLECTION_NAME_LENGTH),
    )
