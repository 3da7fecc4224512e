"""Secret addresses for subscribing to the bake calendar (docs/product.md §6.10,
docs/multi-user.md "Calendar feeds").

A phone's calendar app cannot sign in, so a feed is read through an address holding 256
random bits: whoever has the address reads the calendar (only the calendar: what to bake
and deliver, event names — no costs, no recipients, no addresses), nothing else, and
cannot change anything. Only the SHA-256 of the token is stored; the address is shown
once; an owner revokes it, after which it answers 404 like any unknown address.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import TextLimit
from bakehouse.errors import InvalidInput, NotFound
from bakehouse.models import CalendarFeedToken
from bakehouse.models.types import utcnow

FEED_PREFIX = "bhcal_"


@dataclass(frozen=True)
class CreatedFeed:
    feed: CalendarFeedToken
    token: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_feed(session: Session, name: str, *, created_by: str = "") -> CreatedFeed:
    """A new feed address token. :class:`InvalidInput` (field ``name``) for an empty name."""
    label = name.strip()
    if not label or len(label) > TextLimit.NAME:
        raise InvalidInput(
            f"give the feed a name of 1 to {TextLimit.NAME} characters, e.g. 'My phone'",
            field="name",
        )
    token = FEED_PREFIX + secrets.token_urlsafe(32)
    feed = CalendarFeedToken(
        name=label, token_hash=_hash(token), created_by=created_by, created_at=utcnow()
    )
    session.add(feed)
    session.flush()
    return CreatedFeed(feed, token)


def list_feeds(session: Session) -> list[CalendarFeedToken]:
    """Every feed, revoked ones included, oldest first: one statement."""
    return list(session.scalars(select(CalendarFeedToken).order_by(CalendarFeedToken.id)))


def revoke_feed(session: Session, feed_id: int) -> CalendarFeedToken:
    """Stop the feed's address from answering. :class:`NotFound` for an unknown feed."""
    feed = session.get(CalendarFeedToken, feed_id)
    if feed is None:
        raise NotFound("calendar feed", feed_id)
    if feed.revoked_at is None:
        feed.revoked_at = utcnow()
        session.flush()
    return feed


def feed_is_live(session: Session, token: str) -> bool:
    """True when ``token`` is a feed's and not revoked: one indexed read."""
    if not token.startswith(FEED_PREFIX) or len(token) > 100:
        return False
    found = session.scalar(
        select(CalendarFeedToken.id).where(
            CalendarFeedToken.token_hash == _hash(token), CalendarFeedToken.revoked_at.is_(None)
        )
    )
    return found is not None
