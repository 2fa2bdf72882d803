"""`flask --app wsgi hub ...`: each command is one unit of work, committed at its end."""

import time
from functools import wraps

import click
from flask.cli import AppGroup

from hub.auth.models import AccountStatus
from hub.exceptions import RuleViolation
from hub.extensions import db

hub_cli = AppGroup("hub", help="Knowledge Hub administration.")


def unit_of_work(command):
    @wraps(command)
    def wrapped(*args, **kwargs):
        try:
            result = command(*args, **kwargs)
            db.session.commit()
            _index_changes()
            return result
        except RuleViolation as error:
            db.session.rollback()
            raise click.ClickException(error.message) from error
        except BaseException:
            db.session.rollback()
            raise

    return wrapped


def _index_changes() -> None:
    """What the command changed becomes searchable; if the index is busy, it stays queued
    for the next request or `flask hub reindex --pending`."""
    from hub.search.backend import IndexBusy
    from hub.search.queue import apply_pending

    try:
        apply_pending()
    except IndexBusy:
        db.session.rollback()
        click.echo("The search index is busy: the changes are queued and applied later.")


@hub_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", "display_name", prompt="Display name")
@click.option("--organisation", prompt=True)
@click.option("--country", prompt="Country (ISO code, e.g. FR)")
@click.password_option()
@unit_of_work
def create_admin(email, display_name, organisation, country, password):
    """Create an active hub administrator."""
    from hub.auth.services import create_account

    user = create_account(
        email=email,
        password=password,
        display_name=display_name,
        sector="other",
        organisation=organisation,
        country=country.upper()[:2],
        status=AccountStatus.ACTIVE,
        is_hub_admin=True,
    )
    click.echo(f"Created hub administrator {user.email}.")


@hub_cli.command("send-digests")
@unit_of_work
def send_digests_command():
    """E-mail daily digests of unsent notifications (safe to run more than once)."""
    from hub.notifications.services import send_digests

    click.echo(f"Sent {send_digests()} digest(s).")


@hub_cli.command("prune-sessions")
@unit_of_work
def prune_sessions_command():
    """Delete ended sign-in sessions: revoked or past their lifetime (safe to run any time)."""
    from hub.auth.sessions import prune_ended_sessions

    click.echo(f"Deleted {prune_ended_sessions()} ended session(s).")


@hub_cli.command("seed-demo")
@unit_of_work
def seed_demo_command():
    """Create the demo accounts and workspaces; safe to run again."""
    from hub.seed import accounts_table, seed_demo

    for line in seed_demo():
        click.echo(line)
    click.echo()
    click.echo(accounts_table())


@hub_cli.command("rebuild-links")
@unit_of_work
def rebuild_links_command():
    """Record again, from each item's text, the [[kind:ID]] links the features keep (once
    after upgrading to a version that keeps them; safe to run again)."""
    from hub.features import enabled_features

    for feature in enabled_features():
        if feature.rebuild_links is not None:
            click.echo(f"{feature.name}: read the links of {feature.rebuild_links()} item(s).")


@hub_cli.command("reindex")
@click.option("--workspace", "slug", help="Rebuild only this workspace's part of the index.")
@click.option("--pending", is_flag=True, help="Only apply the queued changes.")
def reindex_command(slug, pending):
    """Rebuild the search index from the database, or apply its queued changes."""
    from sqlalchemy import func, select

    from hub.search.backend import IndexBusy
    from hub.search.models import IndexQueueEntry
    from hub.search.queue import apply_pending, items_to_index, reindex
    from hub.workspaces.models import Workspace

    try:
        if pending:
            queued = db.session.scalar(select(func.count()).select_from(IndexQueueEntry))
            with click.progressbar(length=queued, label="Applying queued changes") as bar:
                applied = apply_pending(timeout=30, on_batch=bar.update)
            click.echo(f"Applied {applied} queued change(s).")
            return
        workspace_id = None
        if slug:
            workspace = db.session.scalar(select(Workspace).where(Workspace.slug == slug))
            if workspace is None:
                raise click.ClickException(f"No workspace has the slug {slug!r}.")
            workspace_id = workspace.id
        total = items_to_index(workspace_id)
        started = time.perf_counter()
        with click.progressbar(length=total, label="Indexing") as bar:
            counts = reindex(workspace_id, on_items=bar.update)
        seconds = time.perf_counter() - started
        for item_type, count in counts.items():
            click.echo(f"  {item_type:<10} {count:>8}")
        indexed = sum(counts.values())
        click.echo(
            f"Indexed {indexed} item(s) in {seconds:.1f} s"
            f" ({indexed / seconds if seconds else 0:.0f} items/s)"
            + (f" for workspace {slug}." if slug else ".")
        )
        db.session.commit()
    except IndexBusy:
        db.session.rollback()
        raise click.ClickException(
            "Another process holds the index: try again in a moment."
        ) from None


@hub_cli.command("search-status")
def search_status_command():
    """Items indexed per type against the database's, the queue's length and oldest change."""
    from hub.search.queue import search_status

    status = search_status()
    click.echo(f"{'type':<10} {'indexed':>9} {'database':>9}")
    for row in status.types:
        flag = "" if row.indexed == row.in_database else "  differs"
        click.echo(f"{row.provider.type:<10} {row.indexed:>9} {row.in_database:>9}{flag}")
    oldest = status.oldest_queued.isoformat(timespec="seconds") if status.oldest_queued else "-"
    click.echo(f"Queued changes: {status.queue_length} (oldest: {oldest})")
    if status.needs_rebuild:
        click.echo(
            "The index was built by an older version of the hub: it still answers; "
            "run flask --app wsgi hub reindex to rebuild it."
        )
    db.session.rollback()
