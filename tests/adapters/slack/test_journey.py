"""A member's whole first day through the real Bolt app and slack_sdk, over HTTP and Socket Mode:
join → nudge DM → Done button → streak picture → reply text → /network-tip → settings modal →
pause."""

from __future__ import annotations

import json
from datetime import time
from typing import Any

import pytest

from bot.services import settings
from tests.adapters.slack import payloads
from tests.adapters.slack.fake_slack import Call

USER = "U0ALICE"


def nudge_of(posts: list[Call]) -> Call:
    """The challenge card among the bot's posts: the one with a Done button."""
    return next(p for p in posts if any(":done:" in a for a in buttons_of(p)))


def buttons_of(call: Call) -> list[str]:
    blocks = call.args.get("blocks") or []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return [
        element["action_id"]
        for block in blocks
        if block.get("type") == "actions"
        for element in block["elements"]
    ]


def text_of(call: Call) -> str:
    return json.dumps(call.args.get("blocks") or call.args.get("text"), ensure_ascii=False)


@pytest.mark.parametrize("mode", ["http", "socket"])
async def test_first_day_journey(slack_bot: Any, mode: str) -> None:
    async with slack_bot(socket=mode == "socket") as bot:
        fake, driver = bot.fake, bot.driver

        # Join: acknowledged, answered ephemerally, zone from the Slack profile, DMs sent.
        answer = await driver.command(
            payloads.command(USER, "/network-join", response_url=fake.response_url("join"))
        )
        assert answer["status"] == 200
        await fake.wait_for(lambda: fake.responses, what="the join answer")
        assert "You're in!" in fake.responses[0]["text"]
        assert fake.responses[0]["response_type"] == "ephemeral"
        posts = await fake.wait_calls("chat.postMessage", 3)  # welcome, question, challenge
        assert fake.called("users.info")[0].args["user"] == USER
        assert fake.called("conversations.open")[0].args["users"] == USER
        current = await settings.current(bot.ctx, bot.ref(USER))
        assert current is not None and current.zone == "Europe/Berlin"

        # A newcomer is asked what holds them back, with a button per answer and Skip.
        question = next(p for p in posts if "holds you back" in p.args["text"])
        assert [a.split(":")[2] for a in buttons_of(question)] == ["focus"] * 5

        # The nudge is a Block Kit DM with the five buttons.
        card = nudge_of(posts)
        verbs = [a.split(":")[2] for a in buttons_of(card)]
        assert verbs == ["done", "skip", "easy", "hard", "share"]
        channel, ts = card.result["channel"], card.result["ts"]

        # Done: the message is updated in place with what was logged and the streak.
        done = buttons_of(card)[0]
        answer = await driver.interaction(payloads.button(USER, done, channel, ts))
        assert answer["status"] == 200
        updates = await fake.wait_calls("chat.update")
        assert updates[0].args["ts"] == ts and updates[0].args["channel"] == channel
        assert "✅ Done" in text_of(updates[0]) and "Streak: 1 day" in text_of(updates[0])
        assert buttons_of(updates[0]) == [done.replace(":done:", ":share:")]
        thread = await fake.wait_for(
            lambda: fake.in_thread(ts),
            what="the answer in the nudge's thread",
        )
        assert "Streak: 1 day" in thread[0].args["text"]

        # /network-streak in the DM: the picture lands there, the streak words as its comment.
        await driver.command(
            payloads.command(USER, "/network-streak", response_url=fake.response_url("streak"))
        )
        (picture,) = await fake.wait_for(lambda: fake.uploads, what="the streak picture")
        assert picture.channel == f"D{USER}" and picture.content.startswith(b"\x89PNG")
        assert picture.comment is not None and "🔥 Streak: 1 day" in picture.comment

        # A reply typed in the DM: kept as a note, answered in its thread.
        message = payloads.dm(USER, "called Sam, it went well")
        await driver.event(message)
        reply_ts = message["event"]["ts"]
        noted = await fake.wait_for(
            lambda: fake.in_thread(reply_ts),
            what="the answer to the typed reply",
        )
        assert "note" in noted[0].args["text"]

        # /network-tip fear: ephemeral advice.
        await driver.command(
            payloads.command(USER, "/network-tip", "fear", fake.response_url("tip"))
        )
        await fake.wait_for(lambda: len(fake.responses) >= 2, what="the tip")
        assert fake.responses[1]["text"].startswith("💡")
        assert fake.responses[1]["response_type"] == "ephemeral"

        # /network-settings opens the modal, prefilled from the profile; submitting saves.
        opening = payloads.command(USER, "/network-settings", response_url=fake.response_url("s"))
        await driver.command(opening)
        opened = await fake.wait_calls("views.open")
        assert opened[0].args["trigger_id"] == opening["trigger_id"]
        assert "Europe/Berlin" in json.dumps(opened[0].args["view"])
        before = len(fake.called("chat.postMessage"))
        answer = await driver.interaction(payloads.settings_submitted(USER, payloads.form_values()))
        assert answer["status"] == 200 and "errors" not in answer
        await fake.wait_calls("chat.postMessage", before + 1)
        current = await settings.current(bot.ctx, bot.ref(USER))
        assert current is not None
        assert (current.zone, current.nudge_time) == ("Asia/Tokyo", time(8, 30))
        assert current.weekdays == frozenset({1, 3, 5}) and current.share_wins

        # /network-pause 3 days
        await driver.command(
            payloads.command(USER, "/network-pause", "3 days", fake.response_url("pause"))
        )
        await fake.wait_for(lambda: len(fake.responses) >= 3, what="the pause answer")
        assert fake.responses[2]["text"].startswith("Paused.")
        current = await settings.current(bot.ctx, bot.ref(USER))
        assert current is not None and current.paused_until is not None
