"""``recent_history``: a claim reads each member's newest ``HISTORY_LIMIT`` deliveries, oldest
first, however long the member has been with us (a bounded read on both databases)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert

from bot.storage.queries import HISTORY_LIMIT, recent_history
from bot.storage.tables import Delivery, Member
from tests.bot.storage.rows import member_row

FIRST = date(2025, 1, 1)
#: Member 1 has far more than the limit (with gaps: not every day is a nudge day), member 2
#: fewer, member 3 exactly the limit, member 4 none.
DAYS = {
    1: [FIRST + timedelta(days=n) for n in range(3 * HISTORY_LIMIT) if n % 5 != 3],
    2: [FIRST + timedelta(days=n) for n in range(HISTORY_LIMIT // 2)],
    3: [FIRST + timedelta(days=2 * n) for n in range(HISTORY_LIMIT)],
    4: [],
}


async def _seed(session) -> None:
    await session.execute(
        insert(Member),
        [member_row(n, FIRST, joined_at=datetime(2024, 12, 1, tzinfo=UTC)) for n in DAYS],
    )
    rows = [
        {
            "member_id": member_id,
            "local_date": day,
            "challenge_id": f"c{day.toordinal() % 11}",
            "theme": "mindset",
            "kind": "mindset",
            "level": 1 + day.toordinal() % 3,
            "claimed_at": datetime.combine(day, time(9), UTC),
            "outcome": "done" if day.toordinal() % 4 else "skipped",
            "feedback": "too_hard" if day.toordinal() % 13 == 0 else None,
        }
        for member_id, days in DAYS.items()
        for day in reversed(days)  # stored newest first: the order must come from the query
    ]
    await session.execute(insert(Delivery), rows)


async def test_each_member_gets_the_newest_n_oldest_first(db):
    async with db.transaction() as session:
        await _seed(session)
        history = await recent_history(session, [3, 1, 2, 4])
    assert set(history) == {1, 2, 3, 4}
    for member_id, days in DAYS.items():
        got = history[member_id]
        assert [p.local_date for p in got] == days[-HISTORY_LIMIT:]
        assert {p.member_id for p in got} <= {member_id}
    assert len(history[1]) == HISTORY_LIMIT < len(DAYS[1])
    newest = history[1][-1]
    expected = DAYS[1][-1].toordinal()
    assert (newest.challenge_id, newest.level, newest.outcome) == (
        f"c{expected % 11}",
        1 + expected % 3,
        "done" if expected % 4 else "skipped",
    )


async def test_members_not_asked_for_are_left_out(db):
    async with db.transaction() as session:
        await _seed(session)
        assert await recent_history(session, []) == {}
        history = await recent_history(session, [2])
    assert list(history) == [2]
    assert [p.local_date for p in history[2]] == DAYS[2]
