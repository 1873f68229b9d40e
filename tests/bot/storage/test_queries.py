"""The rules state as claims keep it, on both databases: months of claims over members who log
at random (done, skip, nothing, "too easy", "too hard", a pause now and then) leave each member
a stored state equal to the one their whole stored history rebuilds, and ``rules_history``
hands the claim only the days after that state."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select, update

from bot import rules_state
from bot.services import delivery
from bot.storage import queries as q
from bot.storage import rules_store
from bot.storage.tables import Delivery, Member
from bot.streaks import summarize
from tests.bot.storage.rows import member_row

FIRST = date(2025, 1, 6)
DAYS = 120
MEMBERS = 12
SEED = 20261204


def _logged_on(rng: random.Random) -> dict[str, str | None]:
    outcome = rng.choice(["done", "done", "done", "skipped", "open", "excused"])
    feedback = rng.choice([None] * 8 + ["too_easy", "too_hard"])
    return {"outcome": outcome, "feedback": feedback}


async def _run_claims(db, catalog) -> None:
    rng = random.Random(SEED)
    start = datetime.combine(FIRST, time(9), UTC)
    async with db.transaction() as session:
        await session.execute(
            insert(Member),
            [
                member_row(
                    n,
                    FIRST,
                    weekdays=rng.choice(["1234567", "12345", "135"]),
                    next_due_date=FIRST,
                    next_due_at=start,
                )
                for n in range(1, MEMBERS + 1)
            ],
        )
    for offset in range(DAYS):
        now = start + timedelta(days=offset, minutes=1)
        async with db.transaction() as session:
            claimed, _ = await delivery.claim_due(session, catalog, now, 500, delivery.LEASE)
            for nudge in claimed:  # the member answers (or not) within the day
                await session.execute(
                    update(Delivery)
                    .where(Delivery.id == nudge.delivery_id)
                    .values(_logged_on(rng) | {"lease_until": None, "sent_at": now})
                )
            if offset % 17 == 5:  # yesterday's answer changes (a late done, an undo)
                day = (now - timedelta(days=1)).date()
                await session.execute(
                    update(Delivery)
                    .where(Delivery.local_date == day, Delivery.member_id % 3 == offset % 3)
                    .values(outcome="done", feedback=None)
                )


async def test_claims_keep_each_state_equal_to_what_the_history_rebuilds(db, catalog):
    await _run_claims(db, catalog)
    now = datetime.combine(FIRST + timedelta(days=DAYS), time(12), UTC)
    async with db.transaction() as session:
        members = (await session.execute(select(Member.id, Member.rules_through))).all()
        assert all(through is not None for _, through in members)
        levels = {m.level for m in await session.scalars(select(Member))}
        found = await q.rules_history(session, [member_id for member_id, _ in members])
        everything = await session.execute(
            select(*q.DAY_RECORD_COLUMNS).order_by(Delivery.member_id, Delivery.local_date)
        )
        history: dict[int, list[q.DayRecord]] = {}
        for day in everything:
            history.setdefault(day.member_id, []).append(day)
        for member_id, through in members:
            state, fresh = found[member_id]
            assert state.through == through
            assert [d.local_date for d in fresh] == [
                d.local_date for d in history[member_id] if d.local_date > through
            ]
            assert len(fresh) <= (rules_state.SETTLED_AFTER + rules_state.SETTLE_EVERY).days
            today = now.date()
            whole = summarize(q.logged_days(history[member_id]), today)
            resumed = summarize(q.logged_days(fresh), today, state.walk)
            assert (resumed.current, resumed.longest, resumed.freezes, resumed.comebacks) == (
                whole.current,
                whole.longest,
                whole.freezes,
                whole.comebacks,
            )
        checked = await rules_store.rebuild(session, [m for m, _ in members], now)
    assert checked == rules_store.Rebuilt(MEMBERS, differed=0)
    assert len(levels) > 1  # the levels moved, so the tallies were carried across changes


async def test_a_state_that_disagrees_with_the_history_is_found_and_replaced(db, catalog):
    await _run_claims(db, catalog)
    now = datetime.combine(FIRST + timedelta(days=DAYS), time(12), UTC)
    async with db.transaction() as session:
        through = await session.scalar(select(Member.rules_through).where(Member.id == 1))
        settled_day = through - timedelta(days=30)
        await session.execute(  # settled history rewritten behind the state's back
            update(Delivery)
            .where(Delivery.member_id == 1, Delivery.local_date <= settled_day)
            .values(outcome="skipped")
        )
    rebuilt = await rules_store.rebuild_all(db.transaction, now)
    assert rebuilt == rules_store.Rebuilt(MEMBERS, differed=1)
    assert await rules_store.rebuild_all(db.transaction, now) == rules_store.Rebuilt(MEMBERS, 0)


async def test_a_member_without_a_state_gets_all_their_days(db):
    async with db.transaction() as session:
        await session.execute(insert(Member), [member_row(1, FIRST), member_row(2, FIRST)])
        await session.execute(
            insert(Delivery),
            [
                {
                    "member_id": 1,
                    "local_date": FIRST + timedelta(days=n),
                    "challenge_id": "c1",
                    "theme": "mindset",
                    "kind": "mindset",
                    "level": 1,
                    "claimed_at": datetime.combine(FIRST, time(9), UTC),
                    "outcome": "done",
                }
                for n in reversed(range(40))  # stored newest first: the order is the query's
            ],
        )
        found = await q.rules_history(session, [1, 2])
        assert await q.rules_history(session, []) == {}
    assert found[1][0] == rules_state.EMPTY
    assert [d.local_date for d in found[1][1]] == [FIRST + timedelta(days=n) for n in range(40)]
    assert found[2] == (rules_state.EMPTY, [])


async def test_a_state_that_cannot_be_read_falls_back_to_the_whole_history(db, catalog, caplog):
    """A damaged document (a bad restore, a hand edit) costs one member a full read, never a
    wrong streak or a failed tick; the next claim that settles stores a good one."""
    await _run_claims(db, catalog)
    async with db.transaction() as session:
        await session.execute(update(Member).where(Member.id == 2).values(rules='{"walk": [1'))
        [(state, fresh)] = (await q.rules_history(session, [2])).values()
        recent = await q.recent_of(session, await session.get(Member, 2))
        stored = (
            await session.execute(select(*q.DAY_RECORD_COLUMNS).where(Delivery.member_id == 2))
        ).all()
    assert state == rules_state.EMPTY and len(fresh) == len(stored) == len(recent.days)
    assert recent.state == rules_state.EMPTY
    assert "member 2: rules state unreadable" in caplog.text
    now = datetime.combine(FIRST + timedelta(days=DAYS), time(9, 1), UTC)
    async with db.transaction() as session:  # the next claim goes ahead, and mends it
        await session.execute(update(Member).values(next_due_at=now - timedelta(minutes=1)))
        claimed, _ = await delivery.claim_due(session, catalog, now, 500, delivery.LEASE)
    assert 2 in {nudge.member_id for nudge in claimed}
    assert await rules_store.rebuild_all(db.transaction, now) == rules_store.Rebuilt(MEMBERS, 0)
