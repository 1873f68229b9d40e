"""The weekly team digest: one post a week, nothing for a quiet week, each platform its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import select

from bot.ports import TeamRef
from bot.services import digests, logbook, wins
from bot.storage.tables import TeamDigest
from tests.bot.services.steps import admin_typed, next_day, typed
from tests.bot.services.team_steps import ANA, BEN, CAL, TEAM, WINS, set_up_team


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
