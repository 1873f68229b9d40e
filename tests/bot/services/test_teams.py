"""Team settings, sharing in the wins channel, milestone cheers and the weekly digest."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time

from sqlalchemy import select

from bot.actions import ActionId, Verb
from bot.ports import MemberRef
from bot.services import membership, progress, settings, teams
from bot.services.teams import TeamRef
from bot.storage.tables import Team, TeamDigest, Win
from bot.views import ChannelRef
from tests.bot.services.steps import deliveries, make_kind, member_row, next_day, typed

TEAM = TeamRef("slack", "T1")
WINS = ChannelRef("slack", "T1", "C-wins")
ANA, BEN, CAL = (MemberRef("slack", "T1", user) for user in ("U-ana", "U-ben", "U-cal"))


async def team_row(ctx) -> Team | None:
    async with ctx.db.transaction() as session:
        return await session.scalar(select(Team).where(Team.team_id == TEAM.team_id))


async def set_up_team(ctx, *refs: MemberRef, text: str = "channel here") -> None:
    await teams.admin(ctx, TEAM, True, text, here=WINS.channel_id)
    for ref in refs:
        await membership.join(ctx, ref, team=TEAM.team_id)


async def test_only_admins_change_team_settings(ctx, messenger):
    refused = await teams.admin(ctx, TEAM, False, "channel here", here="C-wins")
    assert "Only admins" in refused.text and "/network-settings" in refused.text
    assert await team_row(ctx) is None and messenger.posts == []
    shown = await teams.admin(ctx, TEAM, False)
    assert "Only admins" in shown.text

    saved = await teams.admin(
        ctx, TEAM, True, "channel here digest mon 9:15 leaderboard on", "C-wins"
    )
    assert saved.text.startswith("Saved.") and "<#C-wins>" in saved.text
    row = await team_row(ctx)
    assert (row.wins_channel, row.digest_weekday, row.digest_time, row.leaderboard) == (
        "C-wins",
        1,
        time(9, 15),
        True,
    )
    [(channel, hello)] = messenger.posts
    assert channel == WINS and "every Mon at 09:15 (Europe/London)" in hello


async def test_a_channel_that_refuses_the_hello_is_not_saved(ctx, messenger):
    messenger.refusing.add("C-private")
    reply = await teams.admin(ctx, TEAM, True, "channel C-private")
    assert "couldn't post in that channel" in reply.text
    assert await team_row(ctx) is None  # nothing saved, not even the defaults
    bad = await teams.admin(ctx, TEAM, True, "digest someday")
    assert "fri 16:30" in bad.text


async def test_nothing_reaches_the_channel_without_an_explicit_share(ctx, clock, messenger):
    await set_up_team(ctx, ANA)
    messenger.posts.clear()
    await typed(ctx, ANA, "/network-settings share on")  # opted in to milestone cheers only
    for day in range(5):
        await progress.handle_text(ctx, ANA, f"Coffee chat number {day}, went well")
        if day < 4:
            await next_day(ctx, clock, ANA)
    # A 3-day milestone is a cheer (opted in), never the notes themselves.
    assert [text for _, text in messenger.posts] == [
        "🏅 <@U-ana> reached a 3-day networking streak!"
    ]
    messenger.posts.clear()
    await make_kind(ctx, ANA, "reach_out")
    [*_, today] = await deliveries(ctx, ANA)
    shared = await progress.press(ctx, ANA, str(ActionId(Verb.SHARE, today.id)))
    assert shared.text in ctx.catalog.phrases["win_shared"]
    again = await progress.press(ctx, ANA, str(ActionId(Verb.SHARE, today.id)))
    assert "already saved" in again.text
    await progress.handle_text(ctx, ANA, "win: A recruiter answered my note")
    await progress.win(ctx, ANA, "Asked for feedback on my talk")
    assert messenger.posts == [
        (WINS, "🎉 <@U-ana> shared a win:\n> Coffee chat number 4, went well"),
        (WINS, "🎉 <@U-ana> shared a win:\n> A recruiter answered my note"),
        (WINS, "🎉 <@U-ana> shared a win:\n> Asked for feedback on my talk"),
    ]


async def test_self_talk_notes_stay_private_even_when_shared(ctx, messenger):
    await set_up_team(ctx, ANA)
    messenger.posts.clear()
    await make_kind(ctx, ANA, "mindset")
    noted = await progress.handle_text(ctx, ANA, "I told myself I'm allowed to ask for help")
    assert noted.buttons == ()  # no offer to share a self-talk note
    [today] = await deliveries(ctx, ANA)
    shared = await progress.press(ctx, ANA, str(ActionId(Verb.SHARE, today.id)))
    assert "stay private" in shared.text
    [(_, post)] = messenger.posts
    assert "allowed to ask" not in post and "Completed:" in post


async def test_without_a_wins_channel_a_win_is_saved_privately(ctx, messenger, alice):
    await membership.join(ctx, MemberRef("slack", "T1", "U-solo"), team="T1")
    reply = await progress.win(ctx, MemberRef("slack", "T1", "U-solo"), "Spoke up at standup")
    assert "no wins channel yet" in reply.text and messenger.posts == []
    await membership.join(ctx, alice)  # no team at all (a DM-only member)
    alone = await progress.win(ctx, alice, "Sent the email")
    assert alone.text == "🎉 Saved to your wins: “Sent the email”"
    async with ctx.db.transaction() as session:
        assert [w.shared_at for w in await session.scalars(select(Win))] == [None, None]


async def test_a_refused_post_keeps_the_win_and_says_so(ctx, messenger):
    await set_up_team(ctx, ANA)
    messenger.refusing.add(WINS.channel_id)
    reply = await progress.win(ctx, ANA, "Booked a mentoring call")
    assert "couldn't post it in the team channel" in reply.text
    async with ctx.db.transaction() as session:
        assert [w.text for w in await session.scalars(select(Win))] == ["Booked a mentoring call"]


async def test_a_week_of_the_team_becomes_one_digest(ctx, clock, messenger):
    await set_up_team(ctx, ANA, BEN, CAL, text="channel here leaderboard on")
    await typed(ctx, ANA, "/network-settings share on")
    await typed(ctx, BEN, "/network-settings share on")
    # Mon 23 – Fri 27 Nov: Ana does every day, Ben three days, Cal only shares a win.
    for day in range(5):
        await progress.handle_text(ctx, ANA, "done")
        if day in (0, 2, 4):
            await progress.handle_text(ctx, BEN, "done")
        if day < 4:
            await next_day(ctx, clock, ANA)  # delivers everyone's next nudge
    await progress.win(ctx, CAL, "Introduced two colleagues to each other")
    messenger.posts.clear()
    clock.now = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)  # Friday 16:00 in London
    text = await teams.post_digest(ctx, TEAM.key)
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
    assert await teams.post_digest(ctx, TEAM.key) is None
    assert len(messenger.posts) == 1
    async with ctx.db.transaction() as session:
        [stored] = await session.scalars(select(TeamDigest))
        assert stored.posted_at is not None


async def test_a_quiet_week_posts_nothing(ctx, clock, messenger):
    await set_up_team(ctx, ANA)
    messenger.posts.clear()
    await progress.handle_text(ctx, ANA, "skip")
    clock.now = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    assert await teams.post_digest(ctx, TEAM.key) is None
    assert messenger.posts == []
    assert await teams.post_digest(ctx, "slack:T-unknown") is None


async def test_digest_schedules_are_each_process_own_platform(ctx):
    await set_up_team(ctx)
    await teams.admin(ctx, TeamRef("discord", "G1"), True, "channel 42")
    assert {s.key for s in await teams.digest_schedules(ctx)} == {"slack:T1", "discord:G1"}
    slack_only = replace(ctx, platforms=frozenset({"slack"}))
    assert [s.key for s in await teams.digest_schedules(slack_only)] == ["slack:T1"]
    await teams.admin(ctx, TEAM, True, "digest off")
    assert [s.key for s in await teams.digest_schedules(slack_only)] == []


async def test_a_member_the_platform_gives_no_zone_gets_the_teams(ctx):
    await teams.admin(ctx, TeamRef("discord", "G1"), True, "zone Asia/Tokyo")
    on_discord = MemberRef("discord", "", "1001")
    await membership.join(ctx, on_discord, team="G1")
    await membership.join(ctx, MemberRef("discord", "", "1002"), team="G-other")
    assert (await member_row(ctx, on_discord)).zone == "Asia/Tokyo"
    assert (await member_row(ctx, MemberRef("discord", "", "1002"))).zone == "Europe/London"
