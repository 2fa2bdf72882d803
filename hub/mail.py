"""Outgoing e-mail. Messages are queued on the database session and sent only after
a successful commit, so nobody is told of a change that was rolled back.

With MAIL_SERVER set they go through SMTP; otherwise each is written to
instance/outbox/ as an .eml file and logged, so the demo works offline.
"""

import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import event
from sqlalchemy.orm import Session

from hub.database import utcnow
from hub.extensions import db

log = logging.getLogger(__name__)
OUTBOX_KEY = "hub_outbox"


def send_mail(to: str, subject: str, body: str) -> None:
    """Queue a plain-text message for delivery after the current transaction commits."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = f"[{current_app.config['HUB_NAME']}] {subject}"
    message["Message-ID"] = make_msgid(domain="knowledge-hub.local")
    message["Date"] = utcnow()
    message.set_content(body)
    db.session.info.setdefault(OUTBOX_KEY, []).append(message)


def duration_text(duration: timedelta, unit: str) -> str:
    """`duration` in whole `unit`s ("hour" or "day") as a sentence says it, in the reader's
    language: "1 hour", "3 hours", "14 days".

    Rounded down, so that a link never works for less time than its e-mail says.
    """
    if unit == "hour":
        count = duration // timedelta(hours=1)
        return ngettext("%(num)d hour", "%(num)d hours", count)
    if unit == "day":
        count = duration // timedelta(days=1)
        return ngettext("%(num)d day", "%(num)d days", count)
    raise ValueError(f"unknown unit of time: {unit!r}")


def deliver(message: EmailMessage) -> None:
    config = current_app.config
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
        log.info("mail sent to %s: %s", message["To"], message["Subject"])
        return
    outbox = Path(current_app.instance_path) / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    path = outbox / f"{stamp}-{message['Message-ID'].strip('<>').split('@')[0]}.eml"
    path.write_bytes(bytes(message))
    log.info("mail to %s written to %s: %s", message["To"], path, message["Subject"])


@event.listens_for(Session, "after_commit")
def _deliver_after_commit(session: Session) -> None:
    for message in session.info.pop(OUTBOX_KEY, []):
        try:
            deliver(message)
        except (OSError, smtplib.SMTPException):
            # The change itself is committed; a lost e-mail must not turn it into an error page.
            log.exception("could not deliver mail to %s", message["To"])


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session: Session) -> None:
    session.info.pop(OUTBOX_KEY, None)
