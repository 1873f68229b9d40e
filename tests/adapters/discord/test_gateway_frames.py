"""Gateway frames discord.py cannot read: each is logged in one line and the bot keeps answering.

The frames are real ones (Discord's own documented example interaction) or plausible damage
(a non-numeric snowflake, a message with only an id, a frame that isn't a JSON object).
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import replace
from typing import Any

import pytest

from adapters.discord import supervision
from adapters.discord.app import RunningBot, running_bot
from adapters.discord.client import ShardedNudgeClient
from bot.config import Settings
from tests.adapters.discord import payloads
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.discord.steps import ALICE, command, interaction_id, where

#: "Example Interaction" from Discord's docs (Receiving and Responding): a slash command as the
#: docs show it, without the ``application_id``, ``version`` and ``attachment_size_limit`` that
#: real interactions carry.
DOCS_EXAMPLE_INTERACTION: dict[str, Any] = {
    "type": 2,
    "token": "A_UNIQUE_TOKEN",
    "member": {
        "user": {
            "id": "53908232506183680",
            "username": "Mason",
            "avatar": "a_d5efa99b3eeaa7dd43acca82f5692432",
            "discriminator": "1337",
            "public_flags": 131141,
        },
        "roles": ["539082325061836999"],
        "premium_since": None,
        "permissions": "2147483647",
        "pending": False,
        "nick": None,
        "mute": False,
        "joined_at": "2017-03-13T19:19:14.040000+00:00",
        "is_pending": False,
        "deaf": False,
    },
    "id": "786008729715212338",
    "guild_id": "290926798626357999",
    "app_permissions": "442368",
    "guild_locale": "en-US",
    "locale": "en-US",
    "data": {
        "options": [{"type": 3, "name": "cardname", "value": "The Gitrog Monster"}],
        "type": 1,
        "name": "cardsearch",
        "id": "771825006014889984",
    },
    "channel_id": "645027906669510667",
}

#: Words from inside the bad frames: none of them may reach the log.
PAYLOAD_WORDS = ("A_UNIQUE_TOKEN", "Mason", "Gitrog", "cardsearch", "not-a-snowflake", "BAD_TOKEN")


def dispatch_frame(event: str, data: Any) -> str:
    return json.dumps({"op": 0, "t": event, "s": None, "d": data})


def bad_guild_interaction() -> dict[str, Any]:
    iid = interaction_id()
    slash = payloads.slash(iid, "network-tip", ALICE)
    return slash | {"guild_id": "not-a-snowflake", "token": "BAD_TOKEN"}


BAD_FRAMES = {
    "docs example interaction": ("INTERACTION_CREATE", DOCS_EXAMPLE_INTERACTION),
    "non-numeric guild_id": ("INTERACTION_CREATE", bad_guild_interaction()),
    "message with only an id": ("MESSAGE_CREATE", {"id": "1"}),
}


def warnings_and_worse(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


async def answers_help(fake: FakeDiscord, channel: int) -> str:
    """Type "help" in the bot's DM; returns what the bot answered."""
    before = len(fake.find("POST", f"/channels/{channel}/messages"))
    dm = payloads.dm_message(fake.next_id(), ALICE, channel, "help")
    await fake.dispatch("MESSAGE_CREATE", dm)
    answer = await fake.wait_call("POST", f"/channels/{channel}/messages", before)
    content: str = answer.body["content"]
    return content


async def joined_channel(fake: FakeDiscord) -> int:
    await command(fake, "network-join", ALICE)
    sent = await fake.wait_call("POST", "/messages")
    return where(sent)[0]


@pytest.mark.parametrize(("event", "data"), BAD_FRAMES.values(), ids=BAD_FRAMES.keys())
async def test_a_frame_discord_py_cannot_read_is_dropped_and_the_bot_keeps_answering(
    bot: RunningBot,
    fake: FakeDiscord,
    caplog: pytest.LogCaptureFixture,
    event: str,
    data: dict[str, Any],
) -> None:
    caplog.set_level(logging.INFO)
    channel = await joined_channel(fake)
    await fake.push_raw(dispatch_frame(event, data))
    assert (await answers_help(fake, channel)).startswith("Here's what I understand")
    assert bot.connection is not None and not bot.connection.done()
    assert not fake.find("POST", f"/interactions/{data['id']}/")  # nothing was done with it
    logged = warnings_and_worse(caplog)
    assert len(logged) == 1, [r.getMessage() for r in logged]
    line = logged[0].getMessage()
    assert event in line and "\n" not in line
    assert logged[0].exc_info is None  # no traceback: it could quote the payload
    assert not [w for w in PAYLOAD_WORDS if w in caplog.text]


async def test_each_bad_frame_is_logged_once_and_the_next_dm_still_answered(
    bot: RunningBot, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    channel = await joined_channel(fake)
    for event, data in BAD_FRAMES.values():
        await fake.push_raw(dispatch_frame(event, data))
    assert (await answers_help(fake, channel)).startswith("Here's what I understand")
    lines = [r.getMessage() for r in warnings_and_worse(caplog)]
    assert len(lines) == len(BAD_FRAMES)
    for line, (event, _) in zip(lines, BAD_FRAMES.values(), strict=True):
        assert event in line


@pytest.mark.parametrize(
    ("frame", "said"),
    [
        # Not a JSON object: discord.py fails before it gets to any parser.
        ("[]", "The Discord gateway connection stopped (AttributeError"),
        ("not-a-snowflake, nor JSON", "The Discord gateway connection stopped (JSONDecodeError"),
        # A server discord.py could not build: its cache would be in doubt, so it is rebuilt.
        (
            dispatch_frame("GUILD_CREATE", {"id": "not-a-snowflake"}),
            "The Discord gateway connection stopped on a GUILD_CREATE event",
        ),
    ],
    ids=["not an object", "not JSON", "unreadable server"],
)
async def test_a_frame_that_stops_the_connection_is_followed_by_a_fresh_one(
    bot: RunningBot, fake: FakeDiscord, caplog: pytest.LogCaptureFixture, frame: str, said: str
) -> None:
    caplog.set_level(logging.INFO)
    channel = await joined_channel(fake)
    fake.ready.clear()
    await fake.push_raw(frame)
    # A new IDENTIFY, after the first backoff: READY and GUILD_CREATE are sent again.
    await asyncio.wait_for(fake.ready.wait(), supervision.BACKOFF[0] + 5)
    assert (await answers_help(fake, channel)).startswith("Here's what I understand")
    assert bot.connection is not None and not bot.connection.done()
    logged = [r.getMessage() for r in warnings_and_worse(caplog)]
    assert len(logged) == 1, logged
    assert logged[0].startswith(said) and logged[0].endswith("reconnecting in 1 s")
    assert "not-a-snowflake" not in caplog.text


async def test_a_sharded_bot_drops_the_same_frames_and_keeps_answering(
    discord_settings: Settings, fake: FakeDiscord, clock: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with running_bot(replace(discord_settings, discord_shards=1), clock) as sharded:
        await asyncio.wait_for(fake.ready.wait(), 5)
        assert isinstance(sharded.client, ShardedNudgeClient)
        channel = await joined_channel(fake)
        caplog.clear()  # discord.py's warnings on start-up (no voice support) are not ours
        # A sharded client can't be reconnected in place: an unreadable server is dropped too.
        frames = [*BAD_FRAMES.values(), ("GUILD_CREATE", {"id": "not-a-snowflake"})]
        for event, data in frames:
            await fake.push_raw(dispatch_frame(event, data))
        assert (await answers_help(fake, channel)).startswith("Here's what I understand")
        lines = [r.getMessage() for r in warnings_and_worse(caplog)]
        assert len(lines) == len(frames)
        assert lines[-1].startswith("Dropped an event discord.py could not read: GUILD_CREATE")
