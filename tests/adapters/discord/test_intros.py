"""An intro round on Discord, through the real discord.py client and the local fake: intros
set with typed options, two members opt in, the heads-up, each member's DM naming the other
(bots cannot open group DMs), the intro as the day's nudge, the check-back and the digest."""

from __future__ import annotations

from typing import Any

from adapters.discord.app import RunningBot
from bot.intros import texts
from bot.services import digests
from bot.services.intros import rounds
from bot.storage import queries as q
from scheduler import jobs
from tests.adapters.discord import payloads
from tests.adapters.discord.fake_discord import GUILD_ID, WINS_CHANNEL_ID, Call, FakeDiscord
from tests.adapters.discord.steps import ALICE, BOB, button, command, member, press


def dm_of(fake: FakeDiscord, user: int) -> list[Call]:
    channel = next(c for c, u in fake.dm_channels.items() if u == user)
    return [c for c in fake.find("POST", f"/channels/{channel}/messages") if c.status == 200]


async def test_a_round_on_discord(bot: RunningBot, fake: FakeDiscord, clock: Any) -> None:
    ctx, admin = bot.ctx, {"permissions": payloads.MANAGE_GUILD}
    await command(fake, "network-admin", BOB, channels={"channel": WINS_CHANNEL_ID}, **admin)
    saved = await command(
        fake, "network-admin", BOB, {"intros": "weekly", "intros_day": "wed"}, **admin
    )
    assert "intros every Wednesday" in saved.body["content"]
    for user in (ALICE, BOB):
        await command(fake, "network-join", user)
        answer = await command(fake, "network-intros", user, {"choice": "on"})
        assert "You're in" in answer.body["content"]

    clock.set_local("2026-11-24T10:05", "Europe/London")
    assert (await rounds.tick(ctx)).heads_ups == 2
    heads_up = dm_of(fake, ALICE)[-1]
    assert heads_up.body["content"] == texts.HEADS_UP
    assert button(heads_up, "introskip")

    clock.set_local("2026-11-24T18:05", "Europe/London")
    assert (await rounds.tick(ctx)).paired == 1
    clock.set_local("2026-11-25T09:05", "Europe/London")
    assert (await rounds.tick(ctx)).introductions == 1
    for user, other in ((ALICE, BOB), (BOB, ALICE)):
        intro = dm_of(fake, user)[-1].body["content"]
        assert intro.startswith("👋 Meet each other:") and f"<@{other}> (Europe/London" in intro

    for _ in range(2):  # Tuesday's nudge, missed by the jump, is let go; then Wednesday's
        async with ctx.db.transaction() as session:
            found = await q.member_by_ref(session, member(ALICE))
            assert found is not None and found.next_due_at is not None
            clock.now = max(clock.now, found.next_due_at)
        await jobs.deliver_tick(ctx)
    nudge = [c for c in dm_of(fake, ALICE) if c.body.get("embeds")][-1]
    assert "Wed 25 Nov" in str(nudge.body["embeds"])
    assert f"say hello to <@{BOB}>" in str(nudge.body["embeds"])

    clock.set_local("2026-11-28T11:05", "Europe/London")
    assert (await rounds.tick(ctx)).check_backs == 2
    asked = dm_of(fake, ALICE)[-1]
    assert asked.body["content"] == f"Did you and <@{BOB}> meet?"
    answered = await press(fake, button(asked, "met"), ALICE, asked)
    assert answered.body["content"] == texts.ANSWERS[texts.Outcome.MET]

    posted = await digests.post_digest(ctx, f"discord:{GUILD_ID}")
    assert posted is not None and "🤝 1 intro made, 1 met" in posted
    assert str(ALICE) not in posted and str(BOB) not in posted
