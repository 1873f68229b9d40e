"""Typed replies and reactions in the bot's DM, through the gateway; nothing else is ours."""

from __future__ import annotations

import asyncio
import logging

import pytest

from adapters.discord.app import RunningBot
from bot.services import coach
from tests.adapters.discord import payloads
from tests.adapters.discord.fake_discord import APP_ID, TOKEN, FakeDiscord
from tests.adapters.discord.steps import ALICE, click, command, custom_ids, joined


@pytest.mark.parametrize("emoji", ["✅", "👍🏽"])
async def test_a_reaction_on_the_nudge_logs_it_and_redraws_it(
    bot: RunningBot, fake: FakeDiscord, emoji: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    channel, message = await joined(fake)
    await fake.dispatch("MESSAGE_REACTION_ADD", payloads.reaction(ALICE, channel, message, emoji))
    edit = await fake.wait_call("PATCH", f"/channels/{channel}/messages/{message}")
    assert edit.body["embeds"][0]["fields"][-1]["value"].startswith("✅ Done · 🔥 Streak: 1 day")
    said = await fake.wait_call("POST", f"/channels/{channel}/messages", 3)
    assert "🔥 Streak: 1 day" in said.body["content"]
    # The same reaction delivered twice (a gateway resume) is processed once.
    await fake.dispatch("MESSAGE_REACTION_ADD", payloads.reaction(ALICE, channel, message, emoji))
    await command(fake, "network-streak", ALICE)
    assert len(fake.find("PATCH", f"/channels/{channel}/messages/")) == 1
    assert TOKEN not in caplog.text  # not even at DEBUG


async def test_other_reactions_and_server_messages_are_ignored(
    bot: RunningBot, fake: FakeDiscord
) -> None:
    channel, message = await joined(fake)
    sent_before = len(fake.calls)
    await fake.dispatch("MESSAGE_REACTION_ADD", payloads.reaction(ALICE, channel, message, "🎉"))
    in_server = payloads.reaction(ALICE, channel, message, "✅") | {"guild_id": "1"}
    await fake.dispatch("MESSAGE_REACTION_ADD", in_server)
    mine = payloads.reaction(payloads.BOT_ID, channel, message, "✅")
    await fake.dispatch("MESSAGE_REACTION_ADD", mine)
    await fake.dispatch("MESSAGE_CREATE", payloads.dm_message(fake.next_id(), ALICE, channel, " "))
    # A later event is answered, so the ones before it were handled (and ignored) already.
    await fake.dispatch(
        "MESSAGE_CREATE", payloads.dm_message(fake.next_id(), ALICE, channel, "help")
    )
    answer = await fake.wait_call("POST", f"/channels/{channel}/messages", 3)
    assert answer.body["content"].startswith("Here's what I understand")
    await asyncio.sleep(0.05)  # room for a wrongly handled reaction to show up
    assert [(c.method, c.path) for c in fake.calls[sent_before:]] == [
        ("POST", f"/channels/{channel}/messages")
    ]


async def test_typed_done_logs_the_open_nudge_and_redraws_it(
    bot: RunningBot, fake: FakeDiscord
) -> None:
    channel, message = await joined(fake)
    await fake.dispatch(
        "MESSAGE_CREATE", payloads.dm_message(fake.next_id(), ALICE, channel, "done")
    )
    answer = await fake.wait_call("POST", f"/channels/{channel}/messages", 3)
    assert "🔥 Streak: 1 day" in answer.body["content"]
    edit = await fake.wait_call("PATCH", f"/channels/{channel}/messages/{message}")
    assert edit.body["embeds"][0]["fields"][-1]["value"].startswith("✅ Done")


async def test_someone_who_never_joined_is_told_how(bot: RunningBot, fake: FakeDiscord) -> None:
    channel = fake.next_id()
    await fake.dispatch(
        "MESSAGE_CREATE", payloads.dm_message(fake.next_id(), ALICE, channel, "hello")
    )
    answer = await fake.wait_call("POST", f"/channels/{channel}/messages")
    assert "/network-join" in answer.body["content"]


async def test_a_reply_that_claims_nothing_logs_nothing_and_unclear_ones_are_asked(
    bot: RunningBot, fake: FakeDiscord
) -> None:
    channel, message = await joined(fake)
    said = payloads.dm_message(fake.next_id(), ALICE, channel, "I didn't do it, sorry")
    await fake.dispatch("MESSAGE_CREATE", said)
    answer = await fake.wait_call("POST", f"/channels/{channel}/messages", 3)
    assert answer.body["content"].startswith(coach.NOT_DONE.split("{")[0])
    await fake.dispatch(
        "MESSAGE_CREATE", payloads.dm_message(fake.next_id(), ALICE, channel, "hmm")
    )
    asked = await fake.wait_call("POST", f"/channels/{channel}/messages", 4)
    assert asked.body["content"] == coach.ASK
    yes, not_yet = custom_ids(asked.body)
    assert yes.startswith("nudge:v1:yes:") and not_yet.startswith("nudge:v1:notyet:")
    question = int(asked.answer["id"])
    iid, _ = await click(fake, not_yet, ALICE, channel, question)
    kept_open = await fake.wait_call("POST", f"/webhooks/{APP_ID}/token-{iid}")
    assert kept_open.body["content"].startswith(coach.NOT_DONE.split("{")[0])
    assert not fake.find("PATCH", f"/channels/{channel}/messages/{message}")  # nothing logged
    await click(fake, yes, ALICE, channel, question)
    edited = await fake.wait_call("PATCH", f"/channels/{channel}/messages/{message}")  # the nudge
    assert edited.body["embeds"][0]["fields"][-1]["value"].startswith("✅ Done · 🔥 Streak: 1 day")
    assert not fake.find("PATCH", "/webhooks/")  # the question keeps its words
