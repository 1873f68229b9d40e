"""What reaches the app over the wire: signatures, retries, duplicates, malformed payloads."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from adapters.slack.listeners import commands
from bot.storage.tables import Delivery, Member, Team
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET
from tests.adapters.slack.drivers import HttpDriver

USER = "U0BOB"


async def count(bot: Any, model: Any) -> int:
    async with bot.ctx.db.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def joined(bot: Any, user: str = USER) -> None:
    await bot.driver.command(
        payloads.command(user, "/network-join", response_url=bot.fake.response_url())
    )
    await bot.fake.wait_calls("chat.postMessage", 3)


async def test_signed_requests_pass_and_forged_or_stale_ones_are_refused(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        driver: HttpDriver = bot.driver
        body = urlencoded(
            payloads.command(USER, "/network-join", response_url=bot.fake.response_url())
        )
        form = "application/x-www-form-urlencoded"

        status, _ = await driver.post(body, form, signature="v0=" + "0" * 64)
        assert status == 401
        stale = int(time.time()) - 6 * 60
        status, _ = await driver.post(body, form, timestamp=stale)
        assert status == 401
        assert await count(bot, Member) == 0 and bot.fake.called("users.info") == []

        status, _ = await driver.post(body, form)
        assert status == 200
        await bot.fake.wait_calls("chat.postMessage", 3)
        assert await count(bot, Member) == 1


@pytest.mark.parametrize("mode", ["http", "socket"])
async def test_a_repeated_event_is_logged_once(slack_bot: Any, mode: str) -> None:
    """HTTP: Slack's retry (X-Slack-Retry-Num). Socket Mode: the event in a second envelope."""
    async with slack_bot(socket=mode == "socket") as bot:
        await joined(bot)
        message = payloads.dm(USER, "done")
        first = await bot.driver.event(message)
        again = await bot.driver.event(message, retry=1)
        assert first["status"] == again["status"] == 200
        ts = message["event"]["ts"]
        answers = await bot.fake.wait_for(lambda: bot.fake.in_thread(ts))
        await settle(bot)
        assert len(bot.fake.in_thread(ts)) == 1
        assert "Streak: 1 day" in answers[0].args["text"]
        async with bot.ctx.db.transaction() as session:
            outcomes = (await session.scalars(select(Delivery.outcome))).all()
        assert outcomes == ["done"]
        # The nudge message itself shows it, once.
        (update,) = bot.fake.called("chat.update")
        card = next(p for p in bot.fake.called("chat.postMessage") if "Today's" in p.args["text"])
        assert (update.args["channel"], update.args["ts"]) == (
            card.result["channel"],
            card.result["ts"],
        )
        assert "✅ Done" in str(update.args["blocks"])


async def test_socket_mode_reconnects_after_a_disconnect_message(slack_bot: Any) -> None:
    async with slack_bot(socket=True) as bot:
        fake = bot.fake
        await fake.wait_for(lambda: fake.connections == 1, what="the first connection")
        await fake.disconnect()
        await fake.wait_for(lambda: fake.connections == 2, what="a new connection")
        assert len(fake.called("apps.connections.open")) == 2
        await joined(bot)  # events flow on the new connection
        assert await count(bot, Member) == 1


async def test_malformed_payloads_unknown_actions_and_strangers_change_nothing(
    slack_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with slack_bot() as bot:
        driver: HttpDriver = bot.driver
        status, _ = await driver.post("this is not json", "application/json")
        assert status < 500
        status, _ = await driver.post(json.dumps({"type": "event_callback"}), "application/json")
        assert status < 500
        no_user = payloads.dm(USER, "done")
        del no_user["event"]["user"]
        assert (await driver.event(no_user))["status"] == 200
        weird = payloads.button(USER, "weird:thing", "DX", "1.2")
        assert (await driver.interaction(weird))["status"] == 200
        stranger = payloads.button("U0NOBODY", "nudge:v1:done:4242", "DX", "1.2")
        assert (await driver.interaction(stranger))["status"] == 200
        assert (await driver.event(payloads.dm("U0NOBODY", "done")))["status"] == 200
        lost = payloads.ephemeral_button(USER, "nudge:v1:forget:1", "DX", "")
        del lost["response_url"]  # an ephemeral click with nowhere to answer
        assert (await driver.interaction(lost))["status"] == 200
        broken_form = payloads.settings_submitted(USER, {"time": "not a dict"})
        answer = await driver.interaction(broken_form)
        assert answer["status"] == 200 and answer["response_action"] == "errors"
        await settle(bot)
        assert "unknown action id 'weird:thing'" in caplog.text
        assert "dropped a DM event without user" in caplog.text
        assert "dropped a button click without user or message" in caplog.text
        assert "refused a request to /slack/events: body is not JSON (400)" in caplog.text
        assert await count(bot, Member) == 0 and await count(bot, Delivery) == 0
        assert bot.fake.called("chat.update") == []
        # Strangers are told how to join, in the thread of what they did.
        told = [p.args["text"] for p in bot.fake.called("chat.postMessage")]
        assert told and all("/network-join" in t for t in told)


async def test_a_bad_settings_value_keeps_the_form_open_with_a_message(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        await joined(bot)
        form = payloads.settings_submitted(USER, payloads.form_values(zone="Mars/Olympus", days=()))
        answer = await bot.driver.interaction(form)
        assert answer["response_action"] == "errors"
        assert set(answer["errors"]) == {"zone", "days"}
        assert "Mars/Olympus" in answer["errors"]["zone"]


async def settle(bot: Any) -> None:
    """Give listeners that run after the ack time to finish, to see that a repeat did nothing.

    Each one takes a few milliseconds against the local fake; 0.2 s is a wide margin.
    """
    await asyncio.sleep(0.2)


def urlencoded(fields: dict[str, str]) -> str:
    return urlencode(fields)


@pytest.mark.parametrize("mode", ["http", "socket"])
async def test_tokens_and_secrets_never_reach_the_logs(
    slack_bot: Any, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with slack_bot(socket=mode == "socket") as bot:
        await joined(bot)
        await bot.driver.event(payloads.dm(USER, "done"))
        await bot.fake.wait_calls("chat.postMessage", 4)
    assert "chat.postMessage" in caplog.text  # the SDK did log its requests
    for secret in (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET):
        assert secret not in caplog.text


async def test_commands_for_strangers_tell_them_how_to_join(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        fake = bot.fake
        names = ("/network-settings", "/network-streak", "/network-export", "/network-forget")
        for name in names:
            await bot.driver.command(
                payloads.command("U0NEW", name, response_url=fake.response_url())
            )
        await fake.wait_for(lambda: len(fake.responses) == len(names), what="the answers")
        assert all("/network-join" in r["text"] for r in fake.responses)
        assert fake.called("views.open") == [] and fake.uploads == []
        assert await count(bot, Member) == 0


async def test_malformed_team_commands_are_dropped_or_answered_kindly(
    slack_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with slack_bot() as bot:
        fake = bot.fake
        fake.admins.add("U0ADMIN")
        nobody = payloads.command("U0ADMIN", "/network-admin", "channel here", fake.response_url())
        del nobody["user_id"]
        assert (await bot.driver.command(nobody))["status"] == 200

        def admin(typed: str, **changes: Any) -> dict[str, str]:
            fields = payloads.command("U0ADMIN", "/network-admin", typed, fake.response_url())
            fields.update(changes)
            return {k: v for k, v in fields.items() if v is not None}

        where = "Run `/network-admin channel here` inside the wins channel."
        cases = [
            (admin("channel here", channel_id=None), where),  # Slack didn't say where
            (admin("channel here"), where),  # typed in the DM with the bot
            (admin("channel <#>", channel_id="C0WINS"), "“<#>” isn't a channel I can use."),
            (admin("digest someday", text=None), "Team settings:"),  # no text field at all
        ]
        for fields, expected in cases:
            before = len(fake.responses)
            assert (await bot.driver.command(fields))["status"] == 200
            await fake.wait_for(lambda n=before: len(fake.responses) > n, what="an answer")
            assert fake.responses[before]["text"].startswith(expected)

        fake.fail("users.info", "internal_error")
        await bot.driver.command(admin("channel here", channel_id="C0WINS"))
        await fake.wait_for(lambda: len(fake.responses) == len(cases) + 1, what="an answer")
        assert fake.responses[-1]["text"] == commands.ROLE_UNKNOWN

        unknown = payloads.command("U0ADMIN", "/network-bogus", "x", fake.response_url())
        assert (await bot.driver.command(unknown))["status"] < 500
        await settle(bot)
        assert "dropped /network-admin without a user" in caplog.text
        assert len(fake.responses) == len(cases) + 1
        assert bot.fake.called("chat.postMessage") == []
        async with bot.ctx.db.transaction() as session:
            # Nothing saved: showing the settings doesn't store a team either.
            assert (await session.scalars(select(Team.wins_channel))).all() == []


async def test_a_socket_mode_command_with_null_fields_is_read_as_empty(slack_bot: Any) -> None:
    async with slack_bot(socket=True) as bot:
        await joined(bot)
        fields: dict[str, Any] = payloads.command(
            USER, "/network-link", "", bot.fake.response_url()
        )
        fields.update(text=None, channel_id=None)
        await bot.driver.command(fields)
        await bot.fake.wait_for(lambda: len(bot.fake.responses) == 2, what="the link code")
        assert bot.fake.responses[1]["text"].startswith("Your link code is `")
