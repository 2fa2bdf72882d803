"""Reading accounts, for filters across the hub (audit log, wiki recent changes)."""

from sqlalchemy import Select, select

from hub.auth.models import User
from hub.database import containing


def accounts_matching(text: str) -> Select:
    """The ids of accounts whose e-mail or name contains `text`, whatever the case."""
    return select(User.id).where(containing(text, User.email, User.display_name))
