"""The weekly team digest: one post a week, nothing for a quiet week, each platform its own."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import make_url, select

from bot.digest import team_streak
from bot.ports import TeamRef
from bot.services import digests, logbook, wins
from bot.storage import digest_queries
from bot.storage.tables import Delivery, TeamDigest
from tests.bot.services.steps import admin_typed, next_day, typed
from tests.bot.services.team_steps import ANA, BEN, CAL, TEAM, WINS, set_up_team, team_row


async def test_a_week_of_the_team_becomes_one_digest(ctx, clock, messenger):
    await set_up_team(ctx, ANA, BEN, CAL, text="channel here leaderboard on")
    await typed(ctx, ANA, "/network-settings share on")
    await typed(ctx, BEN, "/network-settings share on")
    # Mon 23 – Fri 27 Nov: Ana does every day, Ben three days, Cal only shares a win.
    for day in range(5):
        await logbook.handle_text(ctx, ANA, "done")
        if day in (0, 2, 4):
            await logbook.handle_text(ctx, BEN, "done")
        if day < 4:
            await next_day(ctx, clock, ANA)  # delivers everyone's next nudge
    await wins.win(ctx, CAL, "Introduced two colleagues to each other")
    messenger.posts.clear()
    clock.now = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)  # Friday 16:00 in London
    text = await digests.post_digest(ctx, TEAM.key)
    assert text is not None
    [(channel, posted)] = messenger.posts
    assert channel == WINS and posted == text
    lines = text.splitlines()
    assert lines[0] == "📣 Team week, 21–27 Nov"
    assert lines[1] in ctx.catalog.phrases["digest_opener"]
    assert lines[2:] == [
        "• ✅ 8 challenges done by 2 people",
        "• 🎉 1 win shared",
        "• 🏅 Milestone: <@U-ana> reached 3 days",  # Ben missed days in between
        "• 🔥 Team streak: 5 days in a row",
        "Most challenges this week (members who opted in):",
        "🥇 <@U-ana>: 5",
        "🥈 <@U-ben>: 3",
    ]
    # Once per team and week, however many instances fire the job.
    assert await digests.post_digest(ctx, TEAM.key) is None
    assert len(messenger.posts) == 1
    async with ctx.db.transaction() as session:
        [stored] = await session.scalars(select(TeamDigest))
        assert stored.posted_at is not None


async def test_a_quiet_week_posts_nothing(ctx, clock, messenger):
    await set_up_team(ctx, ANA)
    messenger.posts.clear()
    await logbook.handle_text(ctx, ANA, "skip")
    clock.now = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    assert await digests.post_digest(ctx, TEAM.key) is None
    assert messenger.posts == []
    assert await digests.post_digest(ctx, "slack:T-unknown") is None


async def test_digest_schedules_are_each_process_own_platform(ctx):
    await set_up_team(ctx)
    await admin_typed(ctx, TeamRef("discord", "G1"), "channel 42")
    assert {s.key for s in await digests.digest_schedules(ctx)} == {"slack:T1", "discord:G1"}
    slack_only = replace(ctx, platforms=frozenset({"slack"}))
    assert [s.key for s in await digests.digest_schedules(slack_only)] == ["slack:T1"]
    await admin_typed(ctx, TEAM, "digest off", is_admin=True)
    assert [s.key for s in await digests.digest_schedules(slack_only)] == []


async def test_the_team_streak_carried_week_to_week_is_the_whole_historys(ctx, clock, messenger):
    """Each digest counts the team streak on from the one settled two weeks before; over two
    months with a break in them, every digest says what the whole history says."""
    await set_up_team(ctx, ANA, BEN)
    rng = random.Random(3)
    said = []
    for day in range(60):
        for member in (ANA, BEN):
            if day != 12 and rng.random() < 0.85:  # day 12: nobody did theirs
                await logbook.handle_text(ctx, member, "done")
        local = clock.now.astimezone(ZoneInfo("Europe/London"))
        if local.isoweekday() == 5:
            clock.now = clock.now.replace(hour=16)
            text = await digests.post_digest(ctx, TEAM.key)
            expected = team_streak(await _done_per_day(ctx), local.date())
            line = f"• 🔥 Team streak: {expected} days in a row"
            assert text is not None and (line in text.splitlines()) == (expected > 1), text
            said.append(expected)
        await next_day(ctx, clock, ANA)
    team = await team_row(ctx)
    assert team is not None and team.streak_through is not None
    assert max(said) >= 10 and min(said) <= 2  # it grew past what was settled, and it broke


async def _done_per_day(ctx) -> dict[date, int]:
    async with ctx.db.transaction() as session:
        rows = await session.execute(select(Delivery.local_date, Delivery.outcome))
    per_day: dict[date, int] = {}
    for day, outcome in rows:
        per_day[day] = per_day.get(day, 0) + (outcome == "done")
    return per_day


async def test_counting_the_week_holds_no_write_lock(ctx, clock, messenger, monkeypatch):
    """On SQLite the digest claims its week in one short transaction and counts in another
    that only reads: while it counts, another connection can start writing at once."""
    if not ctx.db.is_sqlite:
        pytest.skip("SQLite's single write lock")
    await set_up_team(ctx, ANA)
    await logbook.handle_text(ctx, ANA, "done")
    clock.now = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    counting = digest_queries.week_facts
    tried = []

    async def week_facts_while_another_writes(*args, **kwargs):
        other = sqlite3.connect(make_url(ctx.db.url).database, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")  # "database is locked" if a writer holds it
            other.execute("ROLLBACK")
            tried.append("wrote")
        finally:
            other.close()
        return await counting(*args, **kwargs)

    monkeypatch.setattr(digest_queries, "week_facts", week_facts_while_another_writes)
    assert await digests.post_digest(ctx, TEAM.key) is not None
    assert tried == ["wrote"]
