"""The APScheduler wiring: the delivery tick runs by itself; digests follow each team's zone."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import func, select

from bot.ports import MemberRef
from bot.services import links, logbook, roster
from bot.services.context import Context
from bot.storage.tables import Delivery, LinkCode, Team
from scheduler import jobs


async def test_the_tick_delivers_due_nudges_without_being_called(ctx, clock, messenger):
    await roster.enrol(ctx, [roster.Enrolment(MemberRef("slack", "T1", "U1"), "T1", "UTC")])
    clock.now = datetime(2026, 11, 23, 9, 0, 30, tzinfo=UTC)
    fast = Context(
        ctx.db,
        ctx.catalog,
        ctx.messenger,
        ctx.clock,
        replace(ctx.settings, nudge_tick_seconds=0.05),
    )
    async with jobs.running(fast) as scheduler:
        assert scheduler.get_job("deliver-due") is not None
        for _ in range(200):
            if messenger.cards:
                break
            await asyncio.sleep(0.01)
    assert len(messenger.cards) == 1


async def add_team(ctx, team_id: str, zone: str, weekday: int | None, at: time) -> None:
    async with ctx.db.transaction() as session:
        session.add(
            Team(
                platform="slack",
                team_id=team_id,
                zone=zone,
                digest_weekday=weekday,
                digest_time=at,
                leaderboard=False,
                wins_channel=f"C-{team_id}",
            )
        )


async def test_each_team_gets_a_digest_job_in_its_own_zone(ctx):
    await add_team(ctx, "T1", "Asia/Tokyo", 5, time(16, 30))  # Friday 16:30 in Tokyo
    await add_team(ctx, "T2", "America/New_York", 1, time(9, 0))
    await add_team(ctx, "T3", "UTC", None, time(9, 0))  # no digest day: no job
    posted: list[str] = []

    async def post(_ctx: Context, team: str) -> None:
        posted.append(team)

    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.start(paused=True)
    try:
        await jobs.sync_digests(scheduler, ctx, post)
        ids = sorted(j.id for j in scheduler.get_jobs())
        assert ids == ["digest:slack:T1", "digest:slack:T2"]
        after = datetime(2026, 11, 22, tzinfo=UTC)  # a Sunday
        tokyo = scheduler.get_job("digest:slack:T1").trigger.get_next_fire_time(None, after)
        assert tokyo == datetime(2026, 11, 27, 7, 30, tzinfo=UTC)  # Friday 16:30 JST
        new_york = scheduler.get_job("digest:slack:T2").trigger.get_next_fire_time(None, after)
        assert new_york == datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # Monday 09:00 EST
        async with ctx.db.transaction() as session:  # a team turns its digest off
            team = await session.get_one(Team, 2)
            team.digest_weekday = None
        await jobs.sync_digests(scheduler, ctx, post)
        assert [j.id for j in scheduler.get_jobs()] == ["digest:slack:T1"]
        await scheduler.get_job("digest:slack:T1").func(*scheduler.get_job("digest:slack:T1").args)
        assert posted == ["slack:T1"]
    finally:
        scheduler.shutdown(wait=False)


async def test_stopping_lets_a_tick_in_flight_finish_and_record_its_sends(ctx, clock, messenger):
    await roster.enrol(ctx, [roster.Enrolment(MemberRef("slack", "T1", "U1"), "T1", "UTC")])
    clock.now = datetime(2026, 11, 23, 9, 0, 30, tzinfo=UTC)
    started, real_send = asyncio.Event(), messenger.send_card

    async def slow_send(to, card):
        started.set()
        await asyncio.sleep(0.3)
        return await real_send(to, card)

    messenger.send_card = slow_send
    fast = Context(
        ctx.db,
        ctx.catalog,
        ctx.messenger,
        ctx.clock,
        replace(ctx.settings, nudge_tick_seconds=60),
    )
    async with jobs.running(fast):
        await asyncio.wait_for(started.wait(), timeout=5)
    # Leaving the block waited for the send and its record, instead of cancelling mid-query.
    assert len(messenger.cards) == 1
    async with ctx.db.transaction() as session:
        sent = await session.scalar(select(Delivery.sent_at))
    assert sent is not None


async def test_event_ids_older_than_a_week_are_forgotten(ctx, clock):
    alice = MemberRef("slack", "T1", "U1")
    await roster.enrol(ctx, [roster.Enrolment(alice, "T1", "UTC")])
    await logbook.handle_text(ctx, alice, "help", event_id="old")
    clock.now += timedelta(days=8)
    await logbook.handle_text(ctx, alice, "help", event_id="recent")
    assert await jobs.forget_old_events(ctx) == 1
    assert await logbook.handle_text(ctx, alice, "help", event_id="recent") is None
    assert await logbook.handle_text(ctx, alice, "help", event_id="old") is not None


async def test_link_codes_past_their_ten_minutes_are_forgotten(ctx, clock):
    alice = MemberRef("slack", "T1", "U1")
    await roster.enrol(ctx, [roster.Enrolment(alice, "T1", "UTC")])
    await links.link(ctx, alice)
    await jobs.forget_old_events(ctx)
    assert await codes(ctx) == 1  # still good
    clock.now += timedelta(minutes=10)
    await jobs.forget_old_events(ctx)
    assert await codes(ctx) == 0


async def codes(ctx) -> int:
    async with ctx.db.transaction() as session:
        return await session.scalar(select(func.count()).select_from(LinkCode))
