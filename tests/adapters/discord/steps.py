"""What a member does, as the fake Discord delivers it, and what the bot answered."""

from __future__ import annotations

from itertools import count
from typing import Any

from bot.ports import MemberRef
from bot.services.context import Context
from bot.storage import queries as q
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


async def click(
    fake: FakeDiscord, custom_id: str, user: int, channel_id: int, message_id: int
) -> tuple[int, Call]:
    """Press a button; returns the interaction id and the deferral the bot answered with."""
    iid = interaction_id()
    await fake.dispatch(
        "INTERACTION_CREATE", payloads.click(iid, custom_id, user, channel_id, message_id)
    )
    return iid, await fake.wait_call("POST", f"/interactions/{iid}/")


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
