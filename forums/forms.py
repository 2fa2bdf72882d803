import secrets

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from forums.models import (
    MAX_FORM_TOKEN_LENGTH,
    MAX_FORUM_DESCRIPTION_LENGTH,
    MAX_FORUM_TITLE_LENGTH,
    MAX_POST_LENGTH,
    MAX_REPORT_REASON_LENGTH,
    MAX_TOPIC_TITLE_LENGTH,
)
from forums.services import MAX_FORUM_POSITION
from hub.forms import HubForm, NoControlCharacters

# WTForms fills in %(max)d of a Length message.
AT_MOST_CHARACTERS = _l("Use at most %(max)d characters.")
BODY_DESCRIPTION = _l(
    "Markdown: **bold**, *italic*, [text](https://…), - list, > quote, `code`. "
    "At most %(max)d characters.",
    max=MAX_POST_LENGTH,
)


def unify_newlines(value: str | None) -> str:
    """Browsers send CRLF: store LF."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n")


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


class PostBodyForm(HubForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            # The body is Markdown, kept exactly as written (a code block may start indented).
            if options.get("name") == "body":
                return unbound_field.bind(form=form, **options)
            return super().bind_field(form, unbound_field, options)

    body = TextAreaField(
        _l("Message"),
        filters=[unify_newlines],
        validators=[
            DataRequired(message=_l("Write something first.")),
            Length(max=MAX_POST_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(allow_newlines=True),
        ],
        description=BODY_DESCRIPTION,
    )


class ReplyForm(PostBodyForm):
    #: One per form shown: the same form sent twice makes one post.
    form_token = HiddenField(validators=[Length(max=MAX_FORM_TOKEN_LENGTH)])


class TopicForm(ReplyForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(message=_l("Give the topic a title.")),
            Length(max=MAX_TOPIC_TITLE_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(),
        ],
        description=_l("At most %(max)d characters.", max=MAX_TOPIC_TITLE_LENGTH),
    )


class EditPostForm(PostBodyForm):
    pass


class PreviewForm(PostBodyForm):
    """The editor's live preview: the text alone, checked as posting it would check it."""


class ForumForm(HubForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(message=_l("Give the forum a title.")),
            Length(max=MAX_FORUM_TITLE_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(),
        ],
        description=_l("At most %(max)d characters.", max=MAX_FORUM_TITLE_LENGTH),
    )
    description = StringField(
        _l("Description"),
        validators=[
            Length(max=MAX_FORUM_DESCRIPTION_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(),
        ],
        description=_l("At most %(max)d characters.", max=MAX_FORUM_DESCRIPTION_LENGTH),
    )
    position = IntegerField(
        _l("Position"),
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=MAX_FORUM_POSITION,
                message=_l("Give a number from 0 to %(max)d."),
            ),
        ],
        description=_l("Forums are listed by this number, smallest first."),
    )


class ReportForm(HubForm):
    reason = TextAreaField(
        _l("Why should moderators look at this post?"),
        filters=[unify_newlines],
        validators=[
            DataRequired(message=_l("Say why you report this post.")),
            Length(max=MAX_REPORT_REASON_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(allow_newlines=True),
        ],
        description=_l(
            "Only moderators read it. At most %(max)d characters.", max=MAX_REPORT_REASON_LENGTH
        ),
    )


class MoveTopicForm(HubForm):
    # The choices are this workspace's forums; another id is looked up (and not found) by
    # the view rather than refused here, so that it answers 404 like any foreign id.
    # Not marked `required`: a select whose first option is a forum is already answered.
    forum = SelectField(
        _l("Move to the forum"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired()],
        render_kw={"required": False},
    )
