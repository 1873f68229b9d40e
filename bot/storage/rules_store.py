"""Building members' rules states from their stored history (:mod:`bot.rules_state`).

A claim keeps each state up to date as days settle; this builds it from nothing: after an
upgrade (members who have none yet), after merging two linked accounts (settled days changed),
and for ``nudgebot db rebuild-state``, which also says how many stored states differed from
what the history gives (none, unless something wrote history behind the rules' back).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import rules_state
from bot.storage import queries as q
from bot.storage.tables import Delivery, Member

#: Stores a state with the date it is settled to (executemany: one dict per member).
RULES_UPDATE = (
    update(Member.__table__)  # type: ignore[arg-type]
    .where(Member.__table__.c.id == bindparam("v_id"))
    .values(rules_through=bindparam("v_through"), rules=bindparam("v_rules"))
)

#: Opens a transaction (``Database.transaction``).
Sessions = Callable[[], AbstractAsyncContextManager[AsyncSession]]

#: Members rebuilt per round trip: their whole histories are held in memory at once.
BATCH = 200


@dataclass(frozen=True)
class Rebuilt:
    members: int = 0
    #: Stored states that differed from their history at their own ``through``.
    differed: int = 0


async def rebuild(session: AsyncSession, member_ids: Sequence[int], now: datetime) -> Rebuilt:
    """Rebuild these members' states from their whole histories, settled to today, and store
    them; count the stored ones that did not match the history."""
    if not member_ids:
        return Rebuilt()
    members = await session.execute(
        select(
            Member.id,
            Member.zone,
            Member.level,
            Member.level_since,
            Member.rules_through,
            Member.rules,
        ).where(Member.id.in_(member_ids))
    )
    history: dict[int, list[q.DayRecord]] = {member_id: [] for member_id in member_ids}
    for day in await session.execute(
        select(*q.DAY_RECORD_COLUMNS)
        .where(Delivery.member_id.in_(member_ids))
        .order_by(Delivery.member_id, Delivery.local_date)
    ):
        history[day.member_id].append(day)
    differed, rows = 0, []
    for member_id, zone, level, level_since, through, text in members:
        days = history[member_id]
        stored = q.read_state(member_id, through, text)
        if stored is None:
            differed += 1
        elif stored.through is not None:
            expected = rules_state.rebuild(days, stored.through, level, level_since)
            differed += _comparable(stored, level, level_since) != _comparable(
                expected, level, level_since
            )
        today = now.astimezone(q.zone_named(zone)).date()
        settled = rules_state.settled_through(today)
        state = rules_state.rebuild(days, settled, level, level_since)
        rows.append({"v_id": member_id, "v_through": settled, "v_rules": rules_state.dumps(state)})
    await session.execute(RULES_UPDATE, rows)
    return Rebuilt(len(rows), differed)


async def rebuild_all(session_for: Sessions, now: datetime, only_missing: bool = False) -> Rebuilt:
    """Every member's state (or only those without one), ``BATCH`` at a time, each batch in
    its own transaction so that a long rebuild never holds the write lock for long."""
    total, after = Rebuilt(), 0
    while True:
        async with session_for() as session:
            query = select(Member.id).where(Member.id > after).order_by(Member.id).limit(BATCH)
            if only_missing:
                query = query.where(Member.rules_through.is_(None))
            ids = list(await session.scalars(query))
            if not ids:
                return total
            done = await rebuild(session, ids, now)
        total = Rebuilt(total.members + done.members, total.differed + done.differed)
        after = ids[-1]


def _comparable(state: rules_state.RulesState, level: int, level_since: date) -> object:
    """A state as the rules read it: a tally for an older level counts for nothing."""
    return replace(state, tally=rules_state.counted_for(state, level, level_since))
