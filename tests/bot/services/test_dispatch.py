"""Exactly once: leases, retries with backoff, parking, crash recovery, the first-nudge welcome."""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from bot.ports import MemberRef, RecipientUnreachable, TemporaryDeliveryError
from bot.services import delivery, dispatch, membership, roster
from bot.storage import queries as q
from bot.storage.tables import Delivery, Member
from tests.bot.services.steps import crash_then_resend, member_row, next_day

TUESDAY_9 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Europe/London is UTC in winter


async def rows(ctx, model):
    async with ctx.db.transaction() as session:
        return list(await session.scalars(select(model).order_by(model.id)))


async def joined(ctx, messenger, *names: str) -> list[MemberRef]:
    refs = [MemberRef("console", "team-1", name) for name in names]
    for ref in refs:
        await membership.join(ctx, ref)
    messenger.sent.clear()
    return refs


class Failing:
    """Wraps the fake messenger: chosen members fail with a chosen error."""

    def __init__(self, messenger, errors: dict[str, BaseException]) -> None:
        self.inner, self.errors = messenger, errors

    async def send_text(self, to, text, buttons=()):
        return await self.inner.send_text(to, text, buttons)

    async def send_card(self, to, card):
        if to.user_id in self.errors:
            raise self.errors[to.user_id]
        return await self.inner.send_card(to, card)

    async def update_card(self, to, ref, card):
        await self.inner.update_card(to, ref, card)

    async def find_sent(self, to, card):
        return await self.inner.find_sent(to, card)


def using(ctx, messenger):
    return type(ctx)(ctx.db, ctx.catalog, messenger, ctx.clock, ctx.settings)


async def test_unreachable_members_are_parked_and_never_retried(ctx, clock, messenger):
    await joined(ctx, messenger, "ann", "ben")
    clock.now = TUESDAY_9
    failing = using(ctx, Failing(messenger, {"ann": RecipientUnreachable("dms_closed")}))
    assert await dispatch.deliver_due(failing) == 1
    ann = next(m for m in await rows(ctx, Member) if m.user_id == "ann")
    assert (ann.status, ann.status_reason, ann.next_due_at) == ("parked", "dms_closed", None)
    tuesday = [d for d in await rows(ctx, Delivery) if d.local_date == date(2026, 11, 24)]
    assert sorted((d.member_id == ann.id, d.outcome, d.sent_at is None) for d in tuesday) == [
        (False, "open", False),
        (True, "excused", True),
    ]
    clock.now += timedelta(hours=2)
    assert await dispatch.deliver_due(ctx) == 0  # nothing retries a parked member


async def test_transient_errors_back_off_and_a_later_tick_sends_once(ctx, clock, messenger):
    await joined(ctx, messenger, "ann")
    clock.now = TUESDAY_9
    flaky = using(ctx, Failing(messenger, {"ann": TemporaryDeliveryError("502", retry_after=90)}))
    assert await dispatch.deliver_due(flaky) == 0
    [_, pending] = await rows(ctx, Delivery)
    assert pending.sent_at is None and pending.attempts == 1
    assert pending.lease_until == TUESDAY_9 + timedelta(seconds=90)  # Retry-After beats 30 s
    clock.now += timedelta(seconds=60)
    assert await dispatch.deliver_due(ctx) == 0  # still backing off
    clock.now += timedelta(seconds=31)
    assert await dispatch.deliver_due(ctx) == 1
    assert await dispatch.deliver_due(ctx) == 0
    [_, sent] = await rows(ctx, Delivery)
    assert sent.sent_at == clock.now and sent.attempts == 2
    assert [c.day for c in messenger.cards] == [date(2026, 11, 24)]


async def test_a_nudge_that_cannot_go_out_before_the_deadline_is_let_go(ctx, clock, messenger):
    await joined(ctx, messenger, "ann")
    clock.now = datetime(2026, 11, 24, 19, 59, 45, tzinfo=UTC)  # a retry would be too late
    flaky = using(ctx, Failing(messenger, {"ann": TemporaryDeliveryError("timeout")}))
    await dispatch.deliver_due(flaky)
    [_, given_up] = await rows(ctx, Delivery)
    assert (given_up.outcome, given_up.sent_at, given_up.lease_until) == ("excused", None, None)


async def test_a_crash_between_claim_and_send_is_recovered_by_a_later_tick(ctx, clock, messenger):
    await joined(ctx, messenger, "ann", "ben")
    clock.now = TUESDAY_9
    async with ctx.db.transaction() as session:  # claim, then "crash" before sending
        claimed, due = await delivery.claim_due(
            session, ctx.catalog, clock.now, 500, delivery.LEASE
        )
    assert len(claimed) == due == 2 and messenger.cards == []
    assert await dispatch.deliver_due(ctx) == 0  # the lease still holds
    clock.now += delivery.LEASE
    assert await dispatch.deliver_due(ctx) == 2
    clock.now += delivery.LEASE * 3
    assert await dispatch.deliver_due(ctx) == 0  # recorded as sent: never again
    assert sorted(s.to.user_id for s in messenger.sent) == ["ann", "ben"]


async def test_an_imported_member_gets_the_welcome_with_the_first_nudge_only(ctx, clock, messenger):
    async with ctx.db.transaction() as session:
        member = Member(
            platform="console",
            workspace="team-1",
            user_id="imp",
            team=None,
            zone="UTC",
            nudge_time=datetime(2000, 1, 1, 9).time(),
            weekdays="12345",
            level=1,
            level_since=date(2026, 11, 23),
            focus="",
            share_wins=False,
            status="active",
            joined_at=clock.now,
        )
        session.add(member)
        await session.flush()
        await delivery.reschedule(session, member, clock.now)
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert await dispatch.deliver_due(ctx) == 1
    assert messenger.texts == [delivery.FIRST_NUDGE_WELCOME]
    clock.now = TUESDAY_9
    assert await dispatch.deliver_due(ctx) == 1
    assert len(messenger.texts) == 1 and len(messenger.cards) == 2


async def test_joining_with_closed_dms_says_so(ctx, messenger):
    blocked = using(ctx, Failing(messenger, {"zoe": RecipientUnreachable("dms_closed")}))
    reply = await membership.join(blocked, MemberRef("console", "team-1", "zoe"))
    assert "couldn't send you a direct message" in reply.text
    async with ctx.db.transaction() as session:
        zoe = await q.member_by_ref(session, MemberRef("console", "team-1", "zoe"))
        assert zoe is not None and zoe.status == "parked"


def refusing_writes(ctx, refuse) -> None:
    """The database refuses the recording's UPDATEs of deliveries while ``refuse()`` is true, as
    a killed connection or SQLite's write lock does: the error comes from the driver, inside the
    recording transaction, which rolls back."""
    dbapi = ctx.db.engine.dialect.dbapi

    @event.listens_for(ctx.db.engine.sync_engine, "before_cursor_execute")
    def fault(connection, cursor, statement, parameters, context, executemany) -> None:
        if statement.startswith("UPDATE deliveries") and refuse():
            raise dbapi.OperationalError("database is locked")


def nudged(messenger) -> Counter[str]:
    return Counter(s.to.user_id for s in messenger.sent if s.card is not None)


async def test_a_refused_recording_is_retried_so_no_send_goes_out_twice(
    ctx, clock, messenger, monkeypatch
):
    """One refused write used to forget the whole group: every nudge in it went out again once
    the lease ran out (100 of 100 members nudged twice)."""
    refs = await joined(ctx, messenger, *(f"m{i}" for i in range(100)))
    refusals = [3]

    def refuse() -> bool:
        refusals[0] -= 1
        return refusals[0] >= 0

    refusing_writes(ctx, refuse)
    monkeypatch.setattr(dispatch, "RECORD_RETRY_FIRST", 0.01)
    clock.now = TUESDAY_9
    assert await dispatch.deliver_due(ctx) == 100
    assert refusals[0] < 0  # all three refusals happened, and were outlasted
    clock.now = TUESDAY_9 + delivery.LEASE * 3  # long after every lease
    assert await dispatch.deliver_due(ctx) == 0
    assert nudged(messenger) == Counter({ref.user_id: 1 for ref in refs})
    tuesday = [d for d in await rows(ctx, Delivery) if d.local_date == date(2026, 11, 24)]
    assert len(tuesday) == 100 and all(d.sent_at is not None for d in tuesday)


async def test_sends_are_recorded_once_sqlites_write_lock_is_released(
    ctx, clock, messenger, monkeypatch, caplog
):
    """Another connection holds SQLite's write lock while the nudges go out: the recording
    waits out the busy timeout, is refused ("database is locked"), and is tried again."""
    if not ctx.db.is_sqlite:
        pytest.skip("SQLite's write lock")
    refs = await joined(ctx, messenger, *(f"m{i}" for i in range(100)))

    @event.listens_for(ctx.db.engine.sync_engine, "connect")
    def impatient(dbapi_connection, _record) -> None:
        dbapi_connection.cursor().execute("PRAGMA busy_timeout=50")  # not 5 s: a quick test

    await ctx.db.engine.dispose()
    path = ctx.db.url.removeprefix("sqlite+aiosqlite:///")
    holder = sqlite3.connect(path, isolation_level=None)
    loop, release = asyncio.get_running_loop(), []

    class LockingOnFirstSend(Failing):
        async def send_card(self, to, card):
            if not release:  # the claim is done; now someone else writes for half a second
                holder.execute("BEGIN IMMEDIATE")
                release.append(loop.call_later(0.5, holder.execute, "ROLLBACK"))
            return await super().send_card(to, card)

    monkeypatch.setattr(dispatch, "RECORD_RETRY_FIRST", 0.05)
    clock.now = TUESDAY_9
    try:
        assert await dispatch.deliver_due(using(ctx, LockingOnFirstSend(messenger, {}))) == 100
    finally:
        for timer in release:
            timer.cancel()
        holder.close()
    assert any("database is locked" in r.getMessage() for r in caplog.records)
    clock.now = TUESDAY_9 + delivery.LEASE * 3
    assert await dispatch.deliver_due(ctx) == 0
    assert nudged(messenger) == Counter({ref.user_id: 1 for ref in refs})


async def test_a_group_given_up_on_does_not_stop_the_sends_after_it(
    ctx, clock, messenger, monkeypatch
):
    """Past the patience, a group that could not be stored is let go (and named in the log),
    but the sends that finish after it are still recorded once the database is back."""
    refs = await joined(ctx, messenger, *(f"m{i}" for i in range(30)))
    back = asyncio.Event()
    asyncio.get_running_loop().call_later(1.0, back.set)
    refusing_writes(ctx, lambda: not back.is_set())

    class SlowAfterTen(Failing):
        async def send_card(self, to, card):
            if int(to.user_id[1:]) >= 10:
                await back.wait()
            return await super().send_card(to, card)

    monkeypatch.setattr(dispatch, "RECORD_RETRY_FIRST", 0.02)
    monkeypatch.setattr(dispatch, "RECORD_PATIENCE", timedelta(seconds=0.2))
    clock.now = TUESDAY_9
    with pytest.raises(OperationalError):
        await dispatch.deliver_due(using(ctx, SlowAfterTen(messenger, {})))
    members = {m.id: m.user_id for m in await rows(ctx, Member)}
    tuesday = [d for d in await rows(ctx, Delivery) if d.local_date == date(2026, 11, 24)]
    recorded = sorted(int(members[d.member_id][1:]) for d in tuesday if d.sent_at is not None)
    assert recorded == list(range(10, 30))
    assert nudged(messenger) == Counter({ref.user_id: 1 for ref in refs})


async def imported(ctx, clock, name: str) -> MemberRef:
    """A member added by ``members import``: never welcomed, first nudge at their next 09:00."""
    ref = MemberRef("console", "team-1", name)
    await roster.enrol(ctx, [roster.Enrolment(ref)])
    clock.now = (await member_row(ctx, ref)).next_due_at
    return ref


async def test_a_first_nudge_recorded_by_its_retry_is_not_welcomed_again(
    ctx, clock, messenger, monkeypatch
):
    """The first attempt sent the welcome and the card and died before recording them; the
    retry sends the card alone. The next day's nudge must not welcome the member again."""
    ref = await imported(ctx, clock, "imp")
    assert await crash_then_resend(ctx, clock, monkeypatch) == 1
    assert await next_day(ctx, clock, ref) == 1
    assert messenger.texts == [delivery.FIRST_NUDGE_WELCOME]


async def test_a_welcome_sent_before_a_refused_card_is_not_sent_again(ctx, clock, messenger):
    ref = await imported(ctx, clock, "imp")
    flaky = using(ctx, Failing(messenger, {"imp": TemporaryDeliveryError("502")}))
    assert await dispatch.deliver_due(flaky) == 0  # the welcome went, the card did not
    clock.now += dispatch.FIRST_BACKOFF
    assert await dispatch.deliver_due(ctx) == 1
    assert await next_day(ctx, clock, ref) == 1
    assert messenger.texts == [delivery.FIRST_NUDGE_WELCOME]
    assert len(messenger.cards) == 2


class Tally:
    """A meter that keeps its counts, for reading back."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def count(self, what, n=1):
        self.counts[what.value] += n

    def time(self, what, seconds):
        return None

    def level(self, what, value):
        return None


async def test_a_tick_counts_what_it_claimed_sent_and_failed(ctx, clock, messenger):
    await joined(ctx, messenger, "ann", "ben", "cat")
    clock.now = TUESDAY_9
    tally = Tally()
    flaky = Failing(messenger, {"cat": TemporaryDeliveryError("502", retry_after=90)})
    counted = replace(using(ctx, flaky), meter=tally)
    assert await dispatch.deliver_due(counted) == 2
    assert tally.counts == {"nudges_claimed": 3, "nudges_sent": 2, "nudges_failed": 1}
