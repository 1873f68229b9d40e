"""An intro round on Slack, through the real Bolt app and slack_sdk against the fake: the admin
turns intros on, two members opt in, the heads-up, the pair's group DM (conversations.open with
both users), the intro as the day's nudge, the check-back and the digest line."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import select

from bot.intros import texts
from bot.services import digests, dispatch
from bot.services.intros import rounds
from bot.storage import queries as q
from bot.storage.tables import IntroSeat
from tests.adapters.slack import payloads
from tests.adapters.slack.fake_slack import TEAM
from tests.adapters.slack.test_team import ask, posts_in

ADMIN, ALICE, BOB = "U0ADMIN", "U0ALICE", "U0BOB"
WINS = "C0WINS"


async def deliver_round_day(bot: Any, clock: Any, user: str) -> None:
    """Move to the member's nudges until the round day's (Wednesday 25 November) is sent."""
    for _ in range(4):
        async with bot.ctx.db.transaction() as session:
            member = await q.member_by_ref(session, bot.ref(user))
            assert member is not None
            if member.next_due_date and member.next_due_date.isoformat() > "2026-11-25":
                return
            clock.now = max(clock.now, member.next_due_at)
        await dispatch.deliver_due(bot.ctx)


async def test_a_round_on_slack(slack_bot: Any, clock: Any) -> None:
    async with slack_bot() as bot:
        fake, ctx = bot.fake, bot.ctx
        fake.admins.add(ADMIN)
        await ask(bot, ADMIN, "/network-admin", "channel here", channel=WINS)
        saved = await ask(bot, ADMIN, "/network-admin", "intros weekly wed")
        assert "intros every Wednesday" in saved
        refused = await ask(bot, ALICE, "/network-admin", "intros off")
        assert "Only admins" in refused
        for user in (ALICE, BOB):
            await ask(bot, user, "/network-join")
            assert "You're in" in await ask(bot, user, "/network-intros", "on")
        assert "`/network-intros on`" in await ask(bot, BOB, "/network-intros", "perhaps")

        clock.set_local("2026-11-24T10:05", "Europe/London")
        assert (await rounds.tick(ctx)).heads_ups == 2
        heads_up = posts_in(fake, f"D{ALICE}")[-1].args
        assert heads_up["text"] == texts.HEADS_UP and "Skip this round" in str(heads_up["blocks"])

        clock.set_local("2026-11-24T18:05", "Europe/London")
        assert (await rounds.tick(ctx)).paired == 1
        await deliver_round_day(bot, clock, ALICE)
        nudge = posts_in(fake, f"D{ALICE}")[-1].args
        assert f"say hello to <@{BOB}> (Europe/Berlin" in str(nudge["blocks"])

        clock.set_local("2026-11-25T09:05", "Europe/London")
        assert (await rounds.tick(ctx)).introductions == 1
        (opened,) = [c for c in fake.called("conversations.open") if "," in c.args["users"]]
        assert set(opened.args["users"].split(",")) == {ALICE, BOB}
        group = f"G{'-'.join(sorted([ALICE, BOB]))}"
        (intro,) = posts_in(fake, group)
        assert intro.args["text"].startswith(f"👋 Meet each other: <@{ALICE}> (Europe/Berlin")

        clock.set_local("2026-11-28T11:05", "Europe/London")
        assert (await rounds.tick(ctx)).check_backs == 2
        asked = posts_in(fake, f"D{ALICE}")[-1]
        assert asked.args["text"] == f"Did you and <@{BOB}> meet?"
        seat_id = int(str(asked.args["blocks"]).split("nudge:v1:met:")[1].split("'")[0])
        press = payloads.button(ALICE, f"nudge:v1:met:{seat_id}", f"D{ALICE}", "1800000000.1")
        await bot.driver.interaction(press)

        async def outcome() -> str | None:
            async with ctx.db.transaction() as session:
                return await session.scalar(
                    select(IntroSeat.outcome).where(IntroSeat.id == seat_id)
                )

        for _ in range(50):
            if await outcome() == "met":
                break
            await asyncio.sleep(0.05)  # the click is acknowledged first, handled after
        assert await outcome() == "met"

        posted = await digests.post_digest(ctx, f"slack:{TEAM}")
        assert posted is not None and "🤝 1 intro made, 1 met" in posted
        assert ALICE not in posted and BOB not in posted
