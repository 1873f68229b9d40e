"""A member's own data through the real discord.py client and the local fake Discord: the streak
picture, the export, forgetting, and linking a second account."""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from adapters.discord.app import RunningBot
from bot.services import privacy
from bot.storage import queries as q
from bot.storage.tables import Delivery, Member
from tests.adapters.discord import payloads
from tests.adapters.discord.fake_discord import APP_ID, GUILD_ID, FakeDiscord
from tests.adapters.discord.steps import (
    ALICE,
    BOB,
    EPHEMERAL,
    click,
    command,
    custom_ids,
    first_nudge,
    member,
    where,
)


async def joined_with_a_note(fake: FakeDiscord, note: str) -> int:
    """Join in the server, answer the first nudge with a note; the DM channel's id."""
    await command(fake, "network-join", ALICE)
    dm_channel, _ = where(await first_nudge(fake))
    message = payloads.dm_message(fake.next_id(), ALICE, dm_channel, note)
    await fake.dispatch("MESSAGE_CREATE", message)
    await fake.wait_call("POST", f"/channels/{dm_channel}/messages", 3)
    return dm_channel


async def members(bot: RunningBot) -> int:
    async with bot.ctx.db.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(Member)) or 0)


async def test_the_streak_comes_with_its_picture(bot: RunningBot, fake: FakeDiscord) -> None:
    await command(fake, "network-join", ALICE)
    dm_channel, _ = where(await first_nudge(fake))
    shown = await command(fake, "network-streak", ALICE)
    assert shown.body["content"].startswith("🔥 Streak: 0 days")
    assert shown.body["flags"] & EPHEMERAL  # in the server: only the member sees it, picture too
    (picture,) = shown.files
    assert picture.field == "files[0]" and picture.filename == "streak-2026-11-23.png"
    assert picture.content.startswith(b"\x89PNG")
    assert shown.body["attachments"] == [{"id": 0, "filename": "streak-2026-11-23.png"}]
    # In the bot's DM: a plain message with the same picture.
    in_dm = await command(fake, "network-streak", ALICE, dm_channel=dm_channel)
    assert not in_dm.body.get("flags", 0) & EPHEMERAL
    assert in_dm.files[0].content == picture.content


async def test_the_export_is_a_json_file_with_the_notes(bot: RunningBot, fake: FakeDiscord) -> None:
    dm_channel = await joined_with_a_note(fake, "asked Priya about her team")
    exported = await command(fake, "network-export", ALICE)
    assert exported.body["content"].startswith("Here is everything I keep about you")
    assert exported.body["flags"] & EPHEMERAL
    (upload,) = exported.files
    assert upload.filename == "nudgebot-export-2026-11-23.json"
    data = json.loads(upload.content)
    assert data["member"]["user_id"] == str(ALICE) and data["member"]["team"] == str(GUILD_ID)
    assert [d["note"] for d in data["deliveries"]] == ["asked Priya about her team"]
    in_dm = await command(fake, "network-export", ALICE, dm_channel=dm_channel)
    assert not in_dm.body.get("flags", 0) & EPHEMERAL and in_dm.files


async def test_forget_asks_and_the_button_deletes_everything(
    bot: RunningBot, fake: FakeDiscord
) -> None:
    dm_channel = await joined_with_a_note(fake, "a note to be deleted")
    asked = await command(fake, "network-forget", ALICE, dm_channel=dm_channel)
    assert asked.body["content"] == privacy.ASK
    (button,) = custom_ids(asked.body)
    assert re.fullmatch(r"nudge:v1:forget:\d+", button)
    assert await members(bot) == 1  # nothing deleted by asking

    iid, deferred = await click(fake, button, ALICE, *where(asked))
    assert deferred.body["type"] == 6
    done = await fake.wait_call("POST", f"/webhooks/{APP_ID}/token-{iid}")
    assert done.body["content"] == privacy.FORGOTTEN
    assert await members(bot) == 0
    async with bot.ctx.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Delivery)) == 0
    after = await command(fake, "network-streak", ALICE)
    assert "/network-join" in after.body["content"]


async def test_forget_with_confirm_deletes_at_once(bot: RunningBot, fake: FakeDiscord) -> None:
    await command(fake, "network-join", BOB)
    gone = await command(fake, "network-forget", BOB, {"confirm": True})
    assert gone.body["content"] == privacy.FORGOTTEN and not custom_ids(gone.body)
    assert await members(bot) == 0


async def test_a_link_code_joins_a_second_account(bot: RunningBot, fake: FakeDiscord) -> None:
    await command(fake, "network-join", ALICE)
    offered = await command(fake, "network-link", ALICE)
    assert offered.body["flags"] & EPHEMERAL  # the code is for Alice's eyes only
    found = re.search(r"`([A-Z2-9]{4}-[A-Z2-9]{4})`", offered.body["content"])
    assert found is not None
    linked = await command(fake, "network-link", BOB, {"code": found[1].lower()})
    assert linked.body["content"].startswith("Linked! Both accounts now share one streak.")
    assert await members(bot) == 1
    async with bot.ctx.db.transaction() as session:
        bob = await q.identity_of(session, member(BOB))
        alice = await q.member_by_ref(session, member(ALICE))
        assert bob is not None and alice is not None
        assert (bob.member_id, bob.team) == (alice.id, str(GUILD_ID))
    # The code worked once.
    again = await command(fake, "network-link", BOB, {"code": found[1]})
    assert again.body["content"].startswith("That code doesn't work")
