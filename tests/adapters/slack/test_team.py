"""A team on Slack, through the real Bolt app and slack_sdk against the fake: the admin's wins
channel, wins shared only by choice, and the weekly digest in that channel."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import select

from bot.services import digests, dispatch, team_admin
from bot.storage import queries as q
from bot.storage.tables import Team
from tests.adapters.slack import payloads
from tests.adapters.slack.fake_slack import TEAM, Call

ADMIN, OWNER, MEMBER, ALICE = "U0ADMIN", "U0OWNER", "U0BOB", "U0ALICE"
WINS = "C0WINS"


async def ask(bot: Any, user: str, name: str, text: str = "", channel: str | None = None) -> str:
    """Type a command and return the text of its ephemeral answer."""
    fake = bot.fake
    before = len(fake.responses)
    await bot.driver.command(
        payloads.command(user, name, text, fake.response_url(f"{name[1:]}-{before}"), channel)
    )
    await fake.wait_for(lambda: len(fake.responses) > before, what=f"the answer to {name}")
    answer = fake.responses[before]
    assert answer["response_type"] == "ephemeral"
    return str(answer["text"])


def posts_in(fake: Any, channel: str) -> list[Call]:
    return [c for c in fake.called("chat.postMessage") if c.args.get("channel") == channel]


async def wins_channel(bot: Any) -> str | None:
    async with bot.ctx.db.transaction() as session:
        return await session.scalar(select(Team.wins_channel).where(Team.team_id == TEAM))


async def test_only_workspace_admins_and_owners_change_team_settings(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        fake = bot.fake
        fake.admins.add(ADMIN)
        fake.owners.add(OWNER)

        refused = await ask(bot, MEMBER, "/network-admin", "channel here", channel=WINS)
        assert refused == team_admin.NOT_ADMIN
        assert posts_in(fake, WINS) == [] and await wins_channel(bot) is None
        assert [c.args["user"] for c in fake.called("users.info")] == [MEMBER]

        saved = await ask(bot, ADMIN, "/network-admin", "channel here", channel=WINS)
        assert saved.startswith("Saved.") and f"<#{WINS}>" in saved
        (hello,) = posts_in(fake, WINS)
        assert hello.args["text"].startswith("👋 Hello!") and "Fri at 16:00" in hello.args["text"]
        assert await wins_channel(bot) == WINS

        # A channel picked from Slack's list arrives escaped; an owner may move it there.
        moved = await ask(bot, OWNER, "/network-admin", "channel <#C0OTHER|shout-outs> digest mon")
        assert "<#C0OTHER>" in moved and "Mon at 16:00" in moved
        assert len(posts_in(fake, "C0OTHER")) == 1 and await wins_channel(bot) == "C0OTHER"


async def test_a_channel_that_refuses_the_bot_is_not_saved(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        bot.fake.admins.add(ADMIN)
        bot.fake.fail("chat.postMessage", "not_in_channel")
        answer = await ask(bot, ADMIN, "/network-admin", "channel here", channel="G0PRIVATE")
        assert answer == team_admin.CANNOT_POST
        assert await wins_channel(bot) is None


async def test_a_week_of_wins_shared_by_choice_and_the_digest(slack_bot: Any, clock: Any) -> None:
    async with slack_bot() as bot:
        fake, ctx, ref = bot.fake, bot.ctx, bot.ref(ALICE)
        fake.admins.add(ADMIN)
        await ask(bot, ADMIN, "/network-admin", "channel here", channel=WINS)
        await ask(bot, ALICE, "/network-join")

        # Monday to Friday: each day's nudge, answered with a note in the DM.
        for day in range(5):
            if day:
                async with ctx.db.transaction() as session:
                    member = await q.member_by_ref(session, ref)
                    assert member is not None
                    clock.now = member.next_due_at
                assert await dispatch.deliver_due(ctx) == 1
            note = payloads.dm(ALICE, f"day {day + 1}: wrote to an old colleague, she answered")
            await bot.driver.event(note)
            await fake.wait_for(lambda ts=note["event"]["ts"]: fake.in_thread(ts))
        async with ctx.db.transaction() as session:
            member = await q.member_by_ref(session, ref)
            assert member is not None
            week = await q.deliveries_of(session, member.id)
        assert [d.outcome for d in week] == ["done"] * 5 and all(d.note for d in week)
        assert len(posts_in(fake, WINS)) == 1  # only the admin's hello: nothing shared yet

        # Three explicit shares: the button on Friday's nudge, a `win:` reply, /network-win.
        friday = week[-1]
        assert friday.kind != "mindset" and friday.message_ref
        channel, _, ts = friday.message_ref.partition(":")
        share = payloads.button(ALICE, f"nudge:v1:share:{friday.id}", channel, ts)
        await bot.driver.interaction(share)
        await fake.wait_for(lambda: len(posts_in(fake, WINS)) == 2, what="the shared note")
        await bot.driver.event(payloads.dm(ALICE, "win: asked Priya to be my mentor, she said yes"))
        await fake.wait_for(lambda: len(posts_in(fake, WINS)) == 3, what="the win: reply")
        await ask(bot, ALICE, "/network-win", "gave my first meetup talk")
        await asyncio.sleep(0.2)  # a second post of any of them would have arrived by now
        shared = [c.args["text"] for c in posts_in(fake, WINS)[1:]]
        assert len(shared) == 3
        assert all(text.startswith(f"🎉 <@{ALICE}> shared a win:") for text in shared)
        assert friday.note is not None and friday.note in shared[0]
        assert "asked Priya to be my mentor, she said yes" in shared[1]
        assert "gave my first meetup talk" in shared[2]

        # Friday afternoon: the digest, in the wins channel, with the week's counts.
        digest = await digests.post_digest(ctx, f"slack:{TEAM}")
        assert digest is not None
        posted = posts_in(fake, WINS)[-1].args["text"]
        assert posted == digest
        assert "21–27 Nov" in posted
        assert "5 challenges done by 1 person" in posted
        assert "3 wins shared" in posted
        assert "Team streak: 5 days in a row" in posted
        assert "1 milestone reached" in posted and ALICE not in posted  # she didn't opt in
        assert await digests.post_digest(ctx, f"slack:{TEAM}") is None  # once per week
        assert len(posts_in(fake, WINS)) == 5


async def test_a_shared_win_is_escaped_so_nothing_in_it_runs(slack_bot: Any) -> None:
    """A nested broadcast (``<!channel|<!here>>`` once came out as ``<!here>``) or a disguised
    link in a win is shown as typed; what Slack escaped already is not escaped twice."""
    async with slack_bot() as bot:
        fake = bot.fake
        fake.admins.add(ADMIN)
        await ask(bot, ADMIN, "/network-admin", "channel here", channel=WINS)
        await ask(bot, ALICE, "/network-join")
        win = "thanks <!channel|<!here>> &amp; <https://x.example|your payslip> &lt;3"
        await ask(bot, ALICE, "/network-win", win)
        await fake.wait_for(lambda: len(posts_in(fake, WINS)) == 2, what="the win")
        text = posts_in(fake, WINS)[-1].args["text"]
        assert text.startswith(f"🎉 <@{ALICE}> shared a win:\n>")
        assert "<!" not in text and "<http" not in text
        assert (
            "thanks &lt;!channel|&lt;!here&gt;&gt; &amp; "
            "&lt;https://x.example|your payslip&gt; &lt;3"
        ) in text
