"""What a member does, as the fake Discord delivers it, and what the bot answered."""

from __future__ import annotations

from itertools import count
from typing import Any

from bot.catalog import Challenge
from bot.ports import MemberRef
from bot.services.context import Context
from bot.storage import queries as q
from bot.storage.tables import Delivery
from scheduler import jobs
from tests.adapters.discord import payloads
from tests.adapters.discord.fake_discord import APP_ID, Call, FakeDiscord

ALICE = 100000000000000001
BOB = 100000000000000002
EPHEMERAL = 64
_ids = count(5000, 10)


def interaction_id() -> int:
    return next(_ids)


async def command(
    fake: FakeDiscord, name: str, user: int, options: dict[str, Any] | None = None, **extra: Any
) -> Call:
    """Type a slash command; returns the follow-up the bot sent after deferring."""
    iid = interaction_id()
    await fake.dispatch("INTERACTION_CREATE", payloads.slash(iid, name, user, options, **extra))
    defer = await fake.wait_call("POST", f"/interactions/{iid}/")
    assert defer.body["type"] == 5  # deferred within the 3 seconds, a follow-up comes next
    return await fake.wait_call("POST", f"/webhooks/{APP_ID}/token-{iid}")


async def joined(fake: FakeDiscord, user: int = ALICE) -> tuple[int, int]:
    """``/network-join`` in the server; returns where the first nudge landed (DM, message)."""
    await command(fake, "network-join", user)
    return where(await first_nudge(fake))


async def say(
    fake: FakeDiscord, dm_channel: int, text: str, user: int = ALICE, mentions: tuple[int, ...] = ()
) -> Call:
    """Type in the bot's DM (mentioning ``mentions``); returns the bot's answer there."""
    before = len(fake.find("POST", f"/channels/{dm_channel}/messages"))
    message = payloads.dm_message(fake.next_id(), user, dm_channel, text, mentions)
    await fake.dispatch("MESSAGE_CREATE", message)
    return await fake.wait_call("POST", f"/channels/{dm_channel}/messages", before)


async def click(
    fake: FakeDiscord, custom_id: str, user: int, channel_id: int, message_id: int
) -> tuple[int, Call]:
    """Press a button; returns the interaction id and the deferral the bot answered with."""
    iid = interaction_id()
    await fake.dispatch(
        "INTERACTION_CREATE", payloads.click(iid, custom_id, user, channel_id, message_id)
    )
    return iid, await fake.wait_call("POST", f"/interactions/{iid}/")


async def press(fake: FakeDiscord, custom_id: str, user: int, on: Call) -> Call:
    """Press a button on the message ``on``; returns the bot's follow-up to the click."""
    iid, _ = await click(fake, custom_id, user, *where(on))
    return await fake.wait_call("POST", f"/webhooks/{APP_ID}/token-{iid}")


def button(message: Call, verb: str) -> str:
    """The custom id of the button of ``verb`` on a message the bot posted."""
    [found] = [i for i in custom_ids(message.body) if i.split(":")[2] == verb]
    return found


def nudges_sent(fake: FakeDiscord) -> list[Call]:
    """Messages the bot posted with an embed (the nudge cards), in order."""
    sent = fake.find("POST", "/messages")
    return [c for c in sent if c.status == 200 and c.body.get("embeds")]


async def first_nudge(fake: FakeDiscord) -> Call:
    return (await fake.wait_for(lambda: nudges_sent(fake)))[0]


def custom_ids(body: dict[str, Any]) -> list[str]:
    return [b["custom_id"] for row in body.get("components", []) for b in row["components"]]


def where(nudge: Call) -> tuple[int, int]:
    """(DM channel id, message id) of a message the bot posted."""
    return int(nudge.answer["channel_id"]), int(nudge.answer["id"])


def member(user: int) -> MemberRef:
    return MemberRef("discord", "", str(user))


async def make_kind(ctx: Context, user: int, kind: str) -> None:
    """Make the member's latest nudge a challenge of ``kind`` (the pick depends on the day):
    a note on a "mindset" challenge is private, so no Share button is offered for it."""
    async with ctx.db.transaction() as session:
        found = await q.member_by_ref(session, member(user))
        assert found is not None
        (await q.deliveries_of(session, found.id))[-1].kind = kind


async def deliveries(ctx: Context, user: int) -> list[Delivery]:
    """The member's nudges as stored, oldest first."""
    async with ctx.db.transaction() as session:
        found = await q.member_by_ref(session, member(user))
        assert found is not None
        return await q.deliveries_of(session, found.id)


async def make_challenge(ctx: Context, user: int, challenge: Challenge) -> None:
    """Make the member's latest nudge ``challenge`` (the pick itself depends on the day)."""
    async with ctx.db.transaction() as session:
        found = await q.member_by_ref(session, member(user))
        assert found is not None
        latest = (await q.deliveries_of(session, found.id))[-1]
        latest.challenge_id, latest.theme, latest.kind = (
            challenge.id,
            challenge.theme,
            challenge.kind,
        )


async def next_day(fake: FakeDiscord, ctx: Context, clock: Any, user: int = ALICE) -> list[Call]:
    """Move the clock to the member's next nudge and run the delivery tick; returns what the
    bot posted in their DM, the nudge last."""
    async with ctx.db.transaction() as session:
        found = await q.member_by_ref(session, member(user))
        assert found is not None and found.next_due_at is not None
        clock.now = found.next_due_at
    before = len(fake.calls)
    assert await jobs.deliver_tick(ctx) == 1
    channel = next(c for c, u in fake.dm_channels.items() if u == user)
    return [
        c
        for c in fake.calls[before:]
        if c.method == "POST" and c.path == f"/channels/{channel}/messages" and c.status == 200
    ]
