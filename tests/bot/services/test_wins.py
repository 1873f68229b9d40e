"""Sharing wins in the wins channel, and milestone cheers: only ever the member's choice."""

from __future__ import annotations

from sqlalchemy import select

from bot.actions import ActionId, Verb
from bot.ports import MemberRef
from bot.services import logbook, membership, wins
from bot.storage.tables import Win
from tests.bot.services.steps import deliveries, make_kind, next_day, typed
from tests.bot.services.team_steps import ANA, WINS, set_up_team


async def test_nothing_reaches_the_channel_without_an_explicit_share(ctx, clock, messenger):
    await set_up_team(ctx, ANA)
    messenger.posts.clear()
    await typed(ctx, ANA, "/network-settings share on")  # opted in to milestone cheers only
    for day in range(5):
        await logbook.handle_text(ctx, ANA, f"Coffee chat number {day}, went well")
        if day < 4:
            await next_day(ctx, clock, ANA)
    # A 3-day milestone is a cheer (opted in), never the notes themselves.
    assert [text for _, text in messenger.posts] == [
        "🏅 <@U-ana> reached a 3-day networking streak!"
    ]
    messenger.posts.clear()
    await make_kind(ctx, ANA, "reach_out")
    [*_, today] = await deliveries(ctx, ANA)
    shared = await logbook.press(ctx, ANA, str(ActionId(Verb.SHARE, today.id)))
    assert shared.text in ctx.catalog.phrases["win_shared"]
    again = await logbook.press(ctx, ANA, str(ActionId(Verb.SHARE, today.id)))
    assert "already saved" in again.text
    await logbook.handle_text(ctx, ANA, "win: A recruiter answered my note")
    await wins.win(ctx, ANA, "Asked for feedback on my talk")
    assert messenger.posts == [
        (WINS, "🎉 <@U-ana> shared a win:\n> Coffee chat number 4, went well"),
        (WINS, "🎉 <@U-ana> shared a win:\n> A recruiter answered my note"),
        (WINS, "🎉 <@U-ana> shared a win:\n> Asked for feedback on my talk"),
    ]


async def test_self_talk_notes_stay_private_even_when_shared(ctx, messenger):
    await set_up_team(ctx, ANA)
    messenger.posts.clear()
    await make_kind(ctx, ANA, "mindset")
    noted = await logbook.handle_text(ctx, ANA, "did it: I told myself I'm allowed to ask for help")
    assert noted.buttons == ()  # no offer to share a self-talk note
    [today] = await deliveries(ctx, ANA)
    shared = await logbook.press(ctx, ANA, str(ActionId(Verb.SHARE, today.id)))
    assert "stay private" in shared.text
    [(_, post)] = messenger.posts
    assert "allowed to ask" not in post and "Completed:" in post


async def test_without_a_wins_channel_a_win_is_saved_privately(ctx, messenger, alice):
    await membership.join(ctx, MemberRef("slack", "T1", "U-solo"), team="T1")
    reply = await wins.win(ctx, MemberRef("slack", "T1", "U-solo"), "Spoke up at standup")
    assert "no wins channel yet" in reply.text and messenger.posts == []
    await membership.join(ctx, alice)  # no team at all (a DM-only member)
    alone = await wins.win(ctx, alice, "Sent the email")
    assert alone.text == "🎉 Saved to your wins: “Sent the email”"
    async with ctx.db.transaction() as session:
        assert [w.shared_at for w in await session.scalars(select(Win))] == [None, None]


async def test_a_refused_post_keeps_the_win_and_says_so(ctx, messenger):
    await set_up_team(ctx, ANA)
    messenger.refusing.add(WINS.channel_id)
    reply = await wins.win(ctx, ANA, "Booked a mentoring call")
    assert "couldn't post it in the team channel" in reply.text
    async with ctx.db.transaction() as session:
        assert [w.text for w in await session.scalars(select(Win))] == ["Booked a mentoring call"]
