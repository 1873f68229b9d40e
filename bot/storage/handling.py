"""Which inbox entry the running task is handling, so that its effects and its done mark commit
together.

The inbox worker opens a :func:`handling` scope around each entry it hands to a handler. The
use case that records the entry's event id (``processed_events``, see
:func:`bot.storage.queries.first_time_seen`) calls :func:`mark_done` in the same transaction, so
the entry is done exactly when its effects are stored: a crash before that commit leaves both
undone, and the entry is handled again; after it, neither is repeated.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.database import on_commit
from bot.storage.tables import InboxEntry


@dataclass(slots=True)
class Handling:
    """One entry in hand; ``done`` once a committed transaction marked it so."""

    entry_id: int
    done: bool = False


_current: ContextVar[Handling | None] = ContextVar("inbox_handling", default=None)


@contextmanager
def handling(entry_id: int) -> Iterator[Handling]:
    """Handle inbox entry ``entry_id`` within this block (and the tasks it starts)."""
    current = Handling(entry_id)
    token = _current.set(current)
    try:
        yield current
    finally:
        _current.reset(token)


async def mark_done(session: AsyncSession, now: datetime) -> None:
    """Mark the entry in hand done in ``session``'s transaction; nothing outside a scope."""
    current = _current.get()
    if current is None or current.done:
        return
    await finish(session, current.entry_id, now)

    def committed() -> None:
        current.done = True

    on_commit(session, committed)


async def finish(session: AsyncSession, entry_id: int, now: datetime) -> None:
    await session.execute(
        update(InboxEntry)
        .where(InboxEntry.id == entry_id)
        .values(done_at=now, claimed_until=None, last_error=None)
        .execution_options(synchronize_session=False)
    )
