"""From the database to the index: the queue of changed items, applied after commit.

The database is the truth and the index is derived from it. A listener on every session's
flush writes an index queue row for each item whose searchable content the flush touched
(the providers' watches say which), in the same transaction as the change: no change can be
committed without its row, and a rolled-back change takes its row with it. After commit the
queue is applied in batches: each batch takes the index's write lock (waiting
SEARCH_WRITE_TIMEOUT at most), reads the items as the database holds them now, writes them,
commits the index and only then deletes its rows. A failure anywhere (the lock held by
another process, a crash halfway) leaves the rows queued, to be applied on a later request
or by `flask hub reindex --pending`; applying a row twice does no harm.
"""

import logging
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from flask import Flask, current_app, g, has_app_context, has_request_context
from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session

from hub.database import utcnow
from hub.extensions import db
from hub.search.backend import IndexBusy, SearchBackend
from hub.search.models import IndexQueueEntry
from hub.search.providers import SearchProvider, item_key
from hub.search.whoosh_backend import WhooshBackend

log = logging.getLogger(__name__)


def batched(items: Iterable, size: int):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


_STATE_KEY = "hub_search"
_PENDING_KEY = "hub_search_pending"


class SearchState:
    """Per app and process: the providers, what each model change touches, the backend."""

    def __init__(self, app: Flask, providers: list[SearchProvider]):
        self.providers = sorted(providers, key=lambda provider: provider.order)
        self.by_type = {provider.type: provider for provider in self.providers}
        self.watches: dict[type, list] = defaultdict(list)
        for provider in self.providers:
            for watch in provider.watches:
                self.watches[watch.model].append((provider, watch))
        self.directory = app.config.get("SEARCH_INDEX_DIR") or os.path.join(
            app.instance_path, "index"
        )
        self._backend: SearchBackend | None = None
        self._pid: int | None = None
        #: When a failed apply is next retried by a request of this process (monotonic).
        self.retry_at: float | None = None

    @property
    def backend(self) -> SearchBackend:
        # Opened once per process: a worker forked from a parent that had it open reopens it.
        if self._backend is None or self._pid != os.getpid():
            self._backend = WhooshBackend(self.directory)
            self._pid = os.getpid()
        return self._backend


def search_state() -> SearchState:
    return current_app.extensions[_STATE_KEY]


def search_backend() -> SearchBackend:
    return search_state().backend


def search_providers() -> list[SearchProvider]:
    return search_state().providers


# --- writing the queue, in the transaction of the change ---------------------------------


def _touches(session: Session, obj, watch) -> bool:
    if obj in session.new or obj in session.deleted:
        return True
    if watch.fields is None:
        return session.is_modified(obj, include_collections=False)
    state = db.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in watch.fields)


@event.listens_for(Session, "after_flush")
def _queue_changed_items(session: Session, _flush_context) -> None:
    if not has_app_context():
        return
    state = current_app.extensions.get(_STATE_KEY)
    if state is None or not state.watches:
        return
    items: set[tuple[str, int]] = set()
    with session.no_autoflush:
        for obj in (*session.new, *session.dirty, *session.deleted):
            for provider, watch in state.watches.get(type(obj), ()):
                if _touches(session, obj, watch):
                    items.update(
                        (provider.type, item_id)
                        for item_id in watch.item_ids(obj, session)
                        if item_id is not None
                    )
    if items:
        now = utcnow()
        session.connection().execute(
            IndexQueueEntry.__table__.insert(),
            [
                {"item_type": item_type, "item_id": item_id, "queued_at": now}
                for item_type, item_id in sorted(items)
            ],
        )
        session.info[_PENDING_KEY] = True


@event.listens_for(Session, "after_commit")
def _note_committed(session: Session) -> None:
    if session.info.pop(_PENDING_KEY, False) and has_request_context():
        g.search_committed = True


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)


# --- applying the queue ----------------------------------------------------------------------


def _write_items(writer, state: SearchState, items: Iterable[tuple[str, int]]) -> None:
    by_type: dict[str, set[int]] = defaultdict(set)
    for item_type, item_id in items:
        by_type[item_type].add(item_id)
    for item_type, ids in by_type.items():
        provider = state.by_type.get(item_type)
        found = provider.documents(sorted(ids)) if provider else {}
        for item_id in sorted(ids):
            document = found.get(item_id)
            key = item_key(item_type, item_id)
            if document is None:
                writer.delete(key)
            else:
                writer.replace(key, item_type, provider.requires.value, document, provider.weight)


def apply_pending(
    timeout: float | None = None,
    batch_size: int | None = None,
    max_batches: int | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Apply queued changes to the index, oldest first; returns how many items changed.

    Raises IndexBusy when another process holds the index longer than `timeout`: the rows
    stay queued. Call it after commit: it commits the session."""
    state = search_state()
    config = current_app.config
    timeout = config["SEARCH_WRITE_TIMEOUT"] if timeout is None else timeout
    batch_size = batch_size or config["SEARCH_BATCH_SIZE"]
    applied = batches = 0
    next_rows = select(IndexQueueEntry.id).order_by(IndexQueueEntry.id).limit(1)
    while max_batches is None or batches < max_batches:
        if db.session.scalar(next_rows) is None:
            db.session.rollback()
            break
        with state.backend.writing(timeout) as writer:
            # Read under the index's lock: no other process writes an older state over ours.
            rows = db.session.execute(
                select(IndexQueueEntry.id, IndexQueueEntry.item_type, IndexQueueEntry.item_id)
                .order_by(IndexQueueEntry.id)
                .limit(batch_size)
            ).all()
            items = {(row.item_type, row.item_id) for row in rows}
            _write_items(writer, state, items)
        # The index has them now; a crash before this line only means applying them again.
        db.session.execute(
            delete(IndexQueueEntry).where(IndexQueueEntry.id.in_([row.id for row in rows]))
        )
        db.session.commit()
        applied += len(items)
        batches += 1
        if on_batch:
            on_batch(len(rows))
    return applied


def apply_pending_quietly(app: Flask) -> None:
    """After a response: catch up with the queue; whatever fails stays queued for later."""
    state: SearchState = app.extensions[_STATE_KEY]
    with app.app_context():
        try:
            batches = app.config["SEARCH_BATCHES_PER_REQUEST"]
            apply_pending(max_batches=batches)
            # More than a request's share waiting (a topic of thousands of posts moved): the
            # worker's next request goes on with it.
            more = db.session.scalar(select(IndexQueueEntry.id).limit(1)) is not None
            state.retry_at = time.monotonic() if more else None
        except IndexBusy:
            log.info("Search index busy: queued changes wait for a later request.")
            state.retry_at = time.monotonic() + app.config["SEARCH_RETRY_SECONDS"]
        except Exception:
            log.exception("Search index not updated: queued changes wait for a later request.")
            state.retry_at = time.monotonic() + app.config["SEARCH_RETRY_SECONDS"]
        finally:
            db.session.rollback()


def configure_queue(app: Flask, providers: list[SearchProvider]) -> None:
    app.extensions[_STATE_KEY] = state = SearchState(app, providers)
    if not app.config["SEARCH_APPLY_AFTER_REQUEST"]:
        return

    @app.after_request
    def _catch_up_after_response(response):
        # The unit of work commits after this hook (hooks run last-registered first), and
        # the index catches up once the response has gone: nobody waits for it.
        request_state = g._get_current_object()

        def catch_up():
            due = state.retry_at is not None and time.monotonic() >= state.retry_at
            if getattr(request_state, "search_committed", False) or due:
                apply_pending_quietly(app)

        response.call_on_close(catch_up)
        return response


# --- rebuilding and status ------------------------------------------------------------------


def reindex(
    workspace_id: int | None = None,
    on_items: Callable[[int], None] | None = None,
    timeout: float = 60.0,
    batch_size: int = 500,
) -> dict[str, int]:
    """Rebuild the index (or one workspace's part of it) from the database; returns the
    items indexed by type. Queue rows seen before the start are covered and deleted."""
    state = search_state()
    covered = [] if workspace_id else list(db.session.scalars(select(IndexQueueEntry.id)))
    counts: dict[str, int] = {}
    with state.backend.writing(timeout, rebuild=workspace_id is None) as writer:
        if workspace_id is not None:
            writer.delete_workspace(workspace_id)
        for provider in state.providers:
            ids = list(db.session.scalars(provider.all_ids(workspace_id)))
            counts[provider.type] = 0
            for chunk in batched(ids, batch_size):
                found = provider.documents(list(chunk))
                for item_id, document in found.items():
                    writer.replace(
                        item_key(provider.type, item_id),
                        provider.type,
                        provider.requires.value,
                        document,
                        provider.weight,
                    )
                counts[provider.type] += len(found)
                # End the read: on SQLite a command's transaction holds the write lock, which
                # the site's requests must not wait for during a whole rebuild.
                db.session.rollback()
                db.session.expunge_all()
                if on_items:
                    on_items(len(chunk))
    for chunk in batched(covered, 1000):
        db.session.execute(delete(IndexQueueEntry).where(IndexQueueEntry.id.in_(chunk)))
    db.session.commit()
    return counts


def items_to_index(workspace_id: int | None = None) -> int:
    return sum(
        db.session.scalar(
            select(func.count()).select_from(provider.all_ids(workspace_id).subquery())
        )
        for provider in search_providers()
    )


@dataclass(frozen=True)
class TypeStatus:
    provider: SearchProvider
    indexed: int
    in_database: int


@dataclass(frozen=True)
class SearchStatus:
    types: list[TypeStatus]
    queue_length: int
    oldest_queued: datetime | None
    #: The index was built for an older layout: `flask hub reindex` rebuilds it.
    needs_rebuild: bool = False

    @property
    def up_to_date(self) -> bool:
        return (
            self.queue_length == 0
            and not self.needs_rebuild
            and all(each.indexed == each.in_database for each in self.types)
        )


def search_status() -> SearchStatus:
    backend = search_backend()
    indexed = backend.count()
    types = [
        TypeStatus(
            provider,
            indexed.get(provider.type, 0),
            db.session.scalar(select(func.count()).select_from(provider.all_ids(None).subquery())),
        )
        for provider in search_providers()
    ]
    # Items, not rows: an item changed by several flushes is queued once for each.
    items = select(IndexQueueEntry.item_type, IndexQueueEntry.item_id).distinct().subquery()
    queue_length = db.session.scalar(select(func.count()).select_from(items))
    oldest = db.session.scalar(select(func.min(IndexQueueEntry.queued_at)))
    return SearchStatus(types, queue_length, oldest, backend.needs_rebuild())
