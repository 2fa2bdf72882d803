"""`flask --app wsgi hub ...`: each command is one unit of work, committed at its end."""

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
            return result
        except RuleViolation as error:
            db.session.rollback()
            raise click.ClickException(error.message) from error
        except BaseException:
            db.session.rollback()
            raise

    return wrapped


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
