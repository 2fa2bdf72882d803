"""The library pages: the list, a document, uploading, versions, editing and downloading."""

from urllib.parse import quote

from flask import (
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.exceptions import HTTPException
from werkzeug.wsgi import FileWrapper

from documents import bp, policies, queries, services
from documents.extract import STATUS_REASONS, TextStatus
from documents.forms import (
    LENS_LABELS,
    CollectionForm,
    DocumentForm,
    LibraryFilterForm,
    UploadForm,
    VersionForm,
)
from documents.models import LENS_TAGS, Category, Document
from documents.storage import storage
from hub.access import Action, workspace_view
from hub.database import MAX_ROW_ID, writes_on_read
from hub.exceptions import Refusal
from hub.extensions import db
from hub.features import items_linking_to
from hub.forms import carry_out, require_button_form, show_refusal
from hub.http import found_or_404, row_id_argument
from hub.workspaces.models import Workspace


def load_document(workspace: Workspace, document_id: int) -> Document:
    """The document (404 if it is not in this workspace; deleted ones only for
    administrators, who may restore them)."""
    document = found_or_404(queries.document_in, workspace, document_id)
    if document.is_deleted and Action.ADMINISTER not in g.permissions:
        abort(404)
    return document


def document_url(workspace: Workspace, document: Document) -> str:
    return url_for("documents.document", slug=workspace.slug, document_id=document.id)


def turned_away(workspace: Workspace, document: Document, refusal: Refusal):
    """A form the user may not use: the 403 page saying why, or (a deleted document) its
    page with the reason on top."""
    show_refusal(None, refusal)
    return redirect(document_url(workspace, document))


def wants_json() -> bool:
    """The upload script (hub/static/js/upload.js) asks for JSON; a plain form gets pages."""
    return request.accept_mimetypes.best == "application/json"


# --- reading -----------------------------------------------------------------------------


@bp.route("/")
@workspace_view(Action.VIEW)
def index(workspace: Workspace):
    form = LibraryFilterForm(
        request.args,
        uploaders=queries.uploaders(workspace),
        collections=queries.collections(workspace),
    )
    form.validate()  # a value not offered filters nothing, and its field says so
    page = queries.library(workspace, form.filters(), row_id_argument("after"))
    kept = form.chosen()
    return render_template(
        "documents/index.html",
        form=form,
        page=page,
        kept=kept,
        filtered=any(name != "sort" for name in kept),
        # Any number, even out of range, keeps the link back to the first batch.
        continued=request.args.get("after", type=int) is not None,
    )


@bp.route("/<int:document_id>")
@workspace_view(Action.VIEW)
def document(workspace: Workspace, document_id: int):
    document = load_document(workspace, document_id)
    current = document.current_version
    preview = current.text[: queries.PREVIEW_LENGTH] if current is not None else ""
    return render_template(
        "documents/document.html",
        document=document,
        current=current,
        preview=preview,
        preview_cut=current is not None and len(current.text) > queries.PREVIEW_LENGTH,
        versions=queries.versions_of(document, row_id_argument("versions_before")),
        linked_from=items_linking_to(workspace, current_user, queries.LINK_KIND, document.id),
        link_kind=queries.LINK_KIND,
        text_reasons=STATUS_REASONS,
        text_pending=TextStatus.PENDING,
        lens_tags=LENS_TAGS,
    )


def _served_safely(response):
    """A stored file's response: never sniffed, never run, never cached by others."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Opened by mistake in a tab, the file runs nothing and loads nothing.
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:document_id>/versions/<int:number>/picture")
@workspace_view(Action.VIEW)
def picture(workspace: Workspace, document_id: int, number: int):
    """The picture of a version's first page: a PNG the hub drew itself."""
    document = load_document(workspace, document_id)
    version = queries.version_of(document, number) if number <= MAX_ROW_ID else None
    if version is None or not version.has_picture:
        abort(404)
    path = storage().picture_path(version.sha256)
    if not path.is_file():
        abort(404)
    response = send_file(
        path, mimetype="image/png", conditional=True, etag=version.sha256, max_age=0
    )
    _served_safely(response)
    # Its address names one version, whose bytes never change: the browser may keep it.
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


#: A range request is answered from a seekable file, in pieces of this size. (The server's
#: own file wrapper, which sends a whole file with sendfile(), cannot seek: for a range it
#: would read and drop every byte before the range, 8 kB at a time.)
RANGE_PIECE = 1024 * 1024


def _file_response(path, version):
    """The stored file as an attachment, conditional (ETag: its hash) and by ranges."""
    if request.range is None:
        return send_file(
            path,
            mimetype=version.media_type,
            as_attachment=True,
            download_name=version.original_filename,
            conditional=True,
            etag=version.sha256,
            max_age=0,
        )
    stat = path.stat()
    body = FileWrapper(path.open("rb"), RANGE_PIECE)
    response = current_app.response_class(
        body, mimetype=version.media_type, direct_passthrough=True
    )
    response.content_length = stat.st_size
    response.last_modified = int(stat.st_mtime)
    response.set_etag(version.sha256)
    try:
        return response.make_conditional(
            request, accept_ranges=True, complete_length=stat.st_size
        )
    except HTTPException:  # a range outside the file: 416, and the file closed now
        body.close()
        raise


@bp.route("/<int:document_id>/download", defaults={"number": None})
@bp.route("/<int:document_id>/versions/<int:number>/download")
@writes_on_read  # the audit log's entry
@workspace_view(Action.VIEW)
def download(workspace: Workspace, document_id: int, number: int | None):
    document = load_document(workspace, document_id)
    if document.is_deleted:
        abort(404)
    if number is None:
        version = document.current_version
    else:
        version = queries.version_of(document, number) if number <= MAX_ROW_ID else None
    if version is None:
        abort(404)
    path = storage().path_of(version.sha256)
    if not path.is_file():
        abort(404)
    if request.method == "GET":  # a HEAD sends no file
        services.record_download(version, current_user)
    response = _file_response(path, version)
    # RFC 6266: the name as UTF-8 for every browser, an ASCII fallback for the oldest.
    fallback = version.original_filename.encode("ascii", "replace").decode().replace('"', "'")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{fallback.replace("?", "_")}"; '
        f"filename*=UTF-8''{quote(version.original_filename, safe='')}"
    )
    return _served_safely(response)


# --- writing -----------------------------------------------------------------------------


def _upload_answer_json(document: Document | None, refusal: Refusal | None, workspace):
    if refusal is not None:
        body = {"error": refusal.message}
        if isinstance(refusal, services.DuplicateFile):
            body["existing"] = {
                "title": refusal.document.title,
                "url": document_url(workspace, refusal.document),
            }
        return jsonify(body), 422
    return jsonify(
        {
            "title": document.title,
            "url": document_url(workspace, document),
            "edit_url": url_for("documents.edit", slug=workspace.slug, document_id=document.id),
        }
    ), 201


@bp.route("/upload", methods=["GET", "POST"])
@workspace_view(Action.POST)
def upload(workspace: Workspace):
    form = UploadForm()
    if request.method == "GET" or not form.validate_on_submit():
        status = 422 if form.errors else 200
        if wants_json() and form.errors:
            messages = [str(error) for errors in form.errors.values() for error in errors]
            return jsonify({"error": " ".join(messages)}), 422
        return render_template("documents/upload.html", form=form), status
    files = form.chosen_files()
    if not files:
        form.files.errors = [_("Choose at least one file.")]
        if wants_json():
            return jsonify({"error": form.files.errors[0]}), 422
        return render_template("documents/upload.html", form=form), 422
    category = Category(form.category.data)
    uploaded: list[Document] = []
    refusals: list[Refusal] = []
    for file in files:
        try:
            # A savepoint per file: one refused file leaves the others uploaded.
            with db.session.begin_nested():
                uploaded.append(
                    services.upload_document(
                        workspace,
                        current_user,
                        services.Upload(file.stream, file.filename),
                        category=category,
                    )
                )
        except Refusal as refusal:
            refusals.append(refusal)
    if wants_json():
        return _upload_answer_json(
            uploaded[0] if uploaded else None, refusals[0] if refusals else None, workspace
        )
    if not uploaded:
        form.files.errors = [refusal.message for refusal in refusals]
        return render_template("documents/upload.html", form=form), 422
    for refusal in refusals:
        flash(refusal.message, "error")
    flash(
        ngettext(
            "%(num)d document uploaded: give it a description and tags.",
            "%(num)d documents uploaded: give each a description and tags.",
            len(uploaded),
        ),
        "success",
    )
    if len(uploaded) == 1:
        return redirect(url_for("documents.edit", slug=workspace.slug, document_id=uploaded[0].id))
    return redirect(url_for("documents.index", slug=workspace.slug))


@bp.route("/<int:document_id>/versions/new", methods=["GET", "POST"])
@workspace_view(Action.POST)
def new_version(workspace: Workspace, document_id: int):
    document = load_document(workspace, document_id)
    refusal = policies.edit_document_refusal(current_user, g.permissions, document)
    if refusal is not None:
        return turned_away(workspace, document, refusal)
    form = VersionForm()
    if form.validate_on_submit():
        file = form.file.data
        if not file or not file.filename:
            form.file.errors = [_("Choose a file.")]
        else:
            try:
                services.add_version(
                    document,
                    current_user,
                    services.Upload(file.stream, file.filename),
                    change_note=form.change_note.data or "",
                )
            except Refusal as refusal:
                show_refusal(form, refusal)
                document = load_document(workspace, document_id)
                return render_template(
                    "documents/new_version.html", form=form, document=document
                ), 422
            flash(_("The new version is uploaded."), "success")
            return redirect(document_url(workspace, document))
    status = 422 if form.errors else 200
    return render_template("documents/new_version.html", form=form, document=document), status


@bp.route("/<int:document_id>/edit", methods=["GET", "POST"])
@workspace_view(Action.POST)
def edit(workspace: Workspace, document_id: int):
    document = load_document(workspace, document_id)
    refusal = policies.edit_document_refusal(current_user, g.permissions, document)
    if refusal is not None:
        return turned_away(workspace, document, refusal)
    collections = queries.collections(workspace)
    if request.method == "GET":
        form = DocumentForm(obj=document, collections=collections)
        form.category.data = document.category.value
        form.collection.data = str(document.collection_id or "")
        form.tags.data = ", ".join(tag for tag in document.tag_names if tag not in LENS_TAGS)
        lenses = [tag for tag in document.tag_names if tag in LENS_TAGS]
    else:
        form = DocumentForm(collections=collections)
        lenses = request.form.getlist("lens")
    context = {"document": document, "lenses": lenses, "lens_labels": LENS_LABELS}
    if form.validate_on_submit():
        try:
            services.update_document(
                document,
                current_user,
                title=form.title.data,
                description=form.description.data or "",
                category=Category(form.category.data),
                language=form.language.data or "",
                source=form.source.data or "",
                published_on=form.published_on.data,
                tags=form.all_tags(lenses),
                collection_id=form.collection_id(),
            )
        except Refusal as refusal:
            show_refusal(form, refusal)
            context["document"] = load_document(workspace, document_id)
            return render_template("documents/edit.html", form=form, **context), 422
        flash(_("The document is saved."), "success")
        return redirect(document_url(workspace, document))
    status = 422 if form.errors else 200
    return render_template("documents/edit.html", form=form, **context), status


@bp.route("/<int:document_id>/delete", methods=["POST"])
@workspace_view(Action.ADMINISTER)
def delete(workspace: Workspace, document_id: int):
    require_button_form()
    document = load_document(workspace, document_id)
    carry_out(
        lambda: services.delete_document(document, current_user),
        _("The document is deleted. An administrator can restore it."),
    )
    return redirect(url_for("documents.document", slug=workspace.slug, document_id=document_id))


@bp.route("/<int:document_id>/restore", methods=["POST"])
@workspace_view(Action.ADMINISTER)
def restore(workspace: Workspace, document_id: int):
    require_button_form()
    document = load_document(workspace, document_id)
    carry_out(
        lambda: services.restore_document(document, current_user), _("The document is restored.")
    )
    return redirect(url_for("documents.document", slug=workspace.slug, document_id=document_id))


@bp.route("/<int:document_id>/purge", methods=["POST"])
@workspace_view(Action.ADMINISTER)
def purge(workspace: Workspace, document_id: int):
    require_button_form()
    document = load_document(workspace, document_id)
    if carry_out(
        lambda: services.purge_document(document, current_user),
        _("The document and its files are removed for good."),
    ):
        return redirect(url_for("documents.index", slug=workspace.slug))
    return redirect(document_url(workspace, document))


@bp.route("/collections", methods=["GET", "POST"])
@workspace_view(Action.ADMINISTER)
def collections(workspace: Workspace):
    """The workspace's collections, and a form to add one."""
    form = CollectionForm()
    if form.validate_on_submit():
        try:
            services.create_collection(workspace, current_user, name=form.name.data)
        except Refusal as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("The collection is created."), "success")
            return redirect(url_for("documents.collections", slug=workspace.slug))
    status = 422 if form.errors else 200
    return render_template(
        "documents/collections.html", form=form, collections=queries.collections(workspace)
    ), status
