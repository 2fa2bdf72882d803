"""Knowledge Hub: members-only workspaces with a wiki, forums, documents and events."""

import logging
import os
from pathlib import Path

from flask import Flask

from config import Config, config_from_environment
from hub.http import HubRequest
from hub.jinja import HubEnvironment


def create_app(
    config_class: type[Config] | None = None, instance_path: str | None = None, **overrides
) -> Flask:
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    app.request_class = HubRequest
    app.jinja_environment = HubEnvironment
    app.config.from_object(config_class or config_from_environment())
    app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
            app.instance_path, "hub.sqlite3"
        )
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": True,
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        }

    configure_logging(app)
    configure_extensions(app)
    register_blueprints(app)
    configure_search(app)
    register_template_helpers(app)
    register_error_handlers(app)
    register_cli(app)
    return app


def configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )


def configure_extensions(app: Flask) -> None:
    from hub.auth.sessions import configure_login
    from hub.database import configure_database
    from hub.extensions import csrf, db, limiter, migrate
    from hub.i18n import configure_i18n
    from hub.security import configure_security, load_secret_key

    load_secret_key(app)
    db.init_app(app)
    configure_database(app)
    # Batch mode lets Alembic alter tables on SQLite too.
    migrate.init_app(
        app, db, directory=str(Path(app.root_path).parent / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)
    configure_login(app)
    configure_security(app)
    configure_i18n(app)


def register_blueprints(app: Flask) -> None:
    """The hub's own blueprints, then those of the feature packages the config enables."""
    from hub.admin.views import bp as admin_bp
    from hub.audit.views import bp as audit_bp
    from hub.auth.account_views import bp as account_bp
    from hub.auth.views import bp as auth_bp
    from hub.features import load_features
    from hub.notifications.views import bp as notifications_bp
    from hub.search.views import bp as search_bp
    from hub.workspaces.member_views import bp as members_bp
    from hub.workspaces.views import bp as workspaces_bp

    for blueprint in (
        auth_bp,
        account_bp,
        workspaces_bp,
        members_bp,
        notifications_bp,
        admin_bp,
        audit_bp,
        search_bp,
    ):
        app.register_blueprint(blueprint)
    load_features(app)


def configure_search(app: Flask) -> None:
    from hub.search import configure_search as configure

    configure(app)


def register_template_helpers(app: Flask) -> None:
    from hub.templating import configure_templating

    configure_templating(app)


def register_error_handlers(app: Flask) -> None:
    from hub.errors import configure_error_handlers

    configure_error_handlers(app)


def register_cli(app: Flask) -> None:
    from hub.cli import hub_cli

    app.cli.add_command(hub_cli)
