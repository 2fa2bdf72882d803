"""The index queue: items whose searchable content changed and the index has not caught up."""

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.database import UTCDateTime, utcnow
from hub.extensions import db


class IndexQueueEntry(db.Model):
    """One changed item, written in the same transaction as the change (hub.search.queue).

    Applying it reads the item as the database holds it then, so entries need no payload:
    several entries for one item are applied once, and applying twice does no harm."""

    __tablename__ = "search_index_queue"
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(db.Integer, "sqlite"), primary_key=True
    )
    #: A provider's type ("wiki", "document"...).
    item_type: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[int] = mapped_column(BigInteger)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
