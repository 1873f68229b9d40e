"""The inbox table's statements: store once, claim under a lease, finish, retry, count.

Claiming on PostgreSQL selects the due rows ``FOR UPDATE SKIP LOCKED`` and updates those, in one
transaction, so two instances claiming at once get disjoint rows and neither waits. SQLite has one
writer at a time, so one conditional ``UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING`` is
already atomic. Either way an entry is claimed only while no one holds an unexpired lease on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.handling import finish as finish  # done, outside a handler's transaction
from bot.storage.queries import insert_ignoring_conflict
from bot.storage.tables import InboxEntry


@dataclass(frozen=True, slots=True)
class Claimed:
    """One entry a worker holds: what to hand the platform's handler."""

    id: int
    platform: str
    kind: str
    payload: Any
    attempts: int
    received_at: datetime


@dataclass(frozen=True, slots=True)
class Depth:
    """Entries not done yet, and how long the oldest of them has waited (seconds)."""

    waiting: int
    oldest_seconds: float


async def put(
    session: AsyncSession,
    *,
    platform: str,
    team: str,
    kind: str,
    dedupe_key: str | None,
    payload: Any,
    now: datetime,
) -> int | None:
    """Store one entry; None when its dedupe key is stored already (a platform's retry)."""
    values = {
        "platform": platform,
        "team": team[:64],
        "kind": kind[:64],
        "dedupe_key": dedupe_key[:255] if dedupe_key else None,
        "payload": payload,
        "received_at": now,
        "attempts": 0,
        "next_attempt_at": now,
    }
    return await insert_ignoring_conflict(session, InboxEntry, values, ["dedupe_key"])


def _claimable(now: datetime, platforms: frozenset[str] | None) -> Any:
    condition = (
        InboxEntry.done_at.is_(None)
        & (InboxEntry.next_attempt_at <= now)
        & or_(InboxEntry.claimed_until.is_(None), InboxEntry.claimed_until <= now)
    )
    if platforms is not None:
        condition &= InboxEntry.platform.in_(sorted(platforms))
    return condition


async def claim(
    session: AsyncSession,
    now: datetime,
    lease: timedelta,
    limit: int,
    platforms: frozenset[str] | None = None,
) -> list[Claimed]:
    """Take up to ``limit`` due entries, oldest first, under a lease until ``now + lease``."""
    due = (
        select(InboxEntry.id)
        .where(_claimable(now, platforms))
        .order_by(InboxEntry.next_attempt_at, InboxEntry.id)
        .limit(limit)
    )
    ids: Any
    if session.get_bind().dialect.name == "postgresql":
        # Locked first, in a statement of its own: PostgreSQL may run a LIMIT subquery inside
        # ``IN`` more than once, and each run skips different locked rows.
        ids = list((await session.scalars(due.with_for_update(skip_locked=True))).all())
        if not ids:
            return []
    else:
        ids = due.scalar_subquery()
    statement = (
        update(InboxEntry)
        .where(InboxEntry.id.in_(ids), _claimable(now, platforms))
        .values(claimed_until=now + lease, attempts=InboxEntry.attempts + 1)
        .returning(
            InboxEntry.id,
            InboxEntry.platform,
            InboxEntry.kind,
            InboxEntry.payload,
            InboxEntry.attempts,
            InboxEntry.received_at,
        )
        .execution_options(synchronize_session=False)
    )
    rows = (await session.execute(statement)).all()
    return sorted((Claimed(*row) for row in rows), key=lambda c: c.id)


async def retry_later(
    session: AsyncSession, entry_id: int, at: datetime, error: str, give_up: bool, now: datetime
) -> None:
    """Let go of an entry that failed: due again at ``at``, or done for good when ``give_up``."""
    values: dict[str, Any] = {"claimed_until": None, "last_error": error[:255]}
    values.update({"done_at": now} if give_up else {"next_attempt_at": at})
    await session.execute(
        update(InboxEntry)
        .where(InboxEntry.id == entry_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def release(session: AsyncSession, entry_ids: list[int]) -> None:
    """Let go of entries without counting the attempt (a stopping worker's unfinished ones)."""
    if entry_ids:
        await session.execute(
            update(InboxEntry)
            .where(InboxEntry.id.in_(entry_ids), InboxEntry.done_at.is_(None))
            .values(claimed_until=None, attempts=InboxEntry.attempts - 1)
            .execution_options(synchronize_session=False)
        )


async def depth(session: AsyncSession, now: datetime) -> Depth:
    row = (
        await session.execute(
            select(func.count(), func.min(InboxEntry.received_at)).where(
                InboxEntry.done_at.is_(None)
            )
        )
    ).one()
    waiting, oldest = int(row[0] or 0), row[1]
    age = (now - oldest).total_seconds() if oldest is not None else 0.0
    return Depth(waiting, max(age, 0.0))


async def forget_done_before(session: AsyncSession, before: datetime) -> int:
    """Delete entries done before ``before`` (the inbox keeps what is finished a little while)."""
    result = await session.execute(
        delete(InboxEntry).where(InboxEntry.done_at.is_not(None), InboxEntry.done_at < before)
    )
    return int(getattr(result, "rowcount", 0) or 0)
