"""The streak query agrees with the streak rule (``bot.streaks.summarize``) on many random
histories at once, on both databases: done runs long enough to earn freezes, misses, second
skips in a week, paused days and today's open nudge."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select

from bot.storage.streak_sql import current_streaks
from bot.storage.tables import Delivery, Member
from bot.streaks import DayState, LoggedDay, Outcome, summarize
from tests.bot.storage.rows import member_row

FIRST = date(2026, 8, 3)
MEMBERS = 300


def _history(rng: random.Random) -> list[LoggedDay]:
    """Runs of one outcome, so that long done runs (and freezes) are common."""
    # Weights per member: some nearly always done, some often missing.
    weights = [rng.choice([1, 8, 20]), 1, 1, rng.choice([0, 1, 3]), rng.choice([0, 1])]
    kinds = [Outcome.DONE, Outcome.OPEN, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.EXCUSED]
    days: list[LoggedDay] = []
    day = FIRST
    while len(days) < 70:
        outcome = rng.choices(kinds, weights)[0]
        for _ in range(rng.randint(1, 9 if outcome is Outcome.DONE else 2)):
            if rng.random() < 0.8:  # some days are not nudge days
                days.append(LoggedDay(day, outcome))
            day += timedelta(days=1)
    return days


async def test_the_query_gives_each_member_the_rule_s_current_streak(db):
    rng = random.Random(19)
    histories = {n: _history(rng) for n in range(1, MEMBERS + 1)}
    async with db.transaction() as session:
        await session.execute(
            insert(Member),
            [
                member_row(n, FIRST, team="T1", joined_at=datetime(2026, 8, 1, tzinfo=UTC))
                for n in histories
            ],
        )
        await session.execute(
            insert(Delivery),
            [
                {
                    "member_id": n,
                    "local_date": entry.day,
                    "challenge_id": "c",
                    "theme": "reach_out",
                    "kind": "reach_out",
                    "level": 1,
                    "claimed_at": datetime.combine(entry.day, time(9), UTC),
                    "outcome": entry.outcome.value,
                }
                for n, days in histories.items()
                for entry in days
            ],
        )
    for today in (FIRST + timedelta(days=40), FIRST + timedelta(days=75), date(2027, 1, 1)):
        expected = {
            n: summarize([d for d in history if d.day <= today], today).current
            for n, history in histories.items()
        }
        within = select(Delivery.member_id, Delivery.local_date, Delivery.outcome).where(
            Delivery.local_date <= today
        )
        async with db.transaction() as session:
            rows = await session.execute(current_streaks(within.subquery(), today))
        found = {member: int(current) for member, current in rows}
        assert found == expected
        frozen = sum(
            state is DayState.FROZEN
            for history in histories.values()
            for _, state in summarize(history, today).days
        )
        assert frozen > 20 and max(found.values()) >= 14  # freezes are spent along the way
