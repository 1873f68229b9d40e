"""Work that fails after the ack: the member hears that something went wrong, the log gets one
line, and what the member typed stays out of the log.

A table the app needs is dropped under the running bot: every statement on it fails the way a
database that went away or was restored half-way would.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from sqlalchemy import select, text

from bot.config import Secret
from bot.services import texts
from bot.storage.tables import Win
from tests.adapters.slack import payloads
from tests.adapters.slack.test_requests import joined

USER = "U0BOB"
PRIVATE = "my very private win"


async def _drop(bot: Any, table: str) -> None:
    async with bot.ctx.db.transaction() as session:
        await session.execute(text(f"DROP TABLE {table}"))


async def _joined(bot: Any) -> None:
    """Joined, and the join's own answer in: later answers are counted from here."""
    await joined(bot)
    await bot.fake.wait_for(lambda: bot.fake.responses, what="the join's answer")


def _failures(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "failed after its ack" in r.getMessage()]


async def test_a_command_that_fails_after_the_ack_says_sorry(
    slack_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with slack_bot() as bot:
        await _joined(bot)
        await _drop(bot, "processed_events")
        answered = len(bot.fake.responses)
        fields = payloads.command(USER, "/network-win", PRIVATE, bot.fake.response_url())
        assert (await bot.driver.command(fields))["status"] == 200
        await bot.fake.wait_for(lambda: len(bot.fake.responses) > answered, what="an answer")
        assert bot.fake.responses[-1]["text"] == texts.SORRY
        assert bot.fake.responses[-1]["response_type"] == "ephemeral"
    (line,) = _failures(caplog)
    assert "command /network-win" in line.getMessage()
    assert "OperationalError at bot/" in line.getMessage() or "Error at bot/" in line.getMessage()
    assert line.exc_info is None and "\n" not in line.getMessage()
    assert PRIVATE not in caplog.text


async def test_a_dm_reply_that_fails_after_the_ack_gets_sorry_in_its_thread(
    slack_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with slack_bot() as bot:
        await _joined(bot)
        await _drop(bot, "processed_events")
        message = payloads.dm(USER, f"done, {PRIVATE}")
        assert (await bot.driver.event(message))["status"] == 200
        ts = message["event"]["ts"]
        (sorry,) = await bot.fake.wait_for(lambda: bot.fake.in_thread(ts), what="a reply")
        assert sorry.args["text"] == texts.SORRY and sorry.args["channel"] == f"D{USER}"
    assert len(_failures(caplog)) == 1
    assert PRIVATE not in caplog.text


async def test_a_settings_form_that_fails_after_the_ack_says_sorry_by_dm(
    slack_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with slack_bot() as bot:
        await _joined(bot)
        before = len(bot.fake.called("chat.postMessage"))
        await _drop(bot, "processed_events")
        form = payloads.settings_submitted(USER, payloads.form_values())
        assert (await bot.driver.interaction(form))["status"] == 200
        posts = await bot.fake.wait_calls("chat.postMessage", before + 1)
        assert posts[-1].args["text"] == texts.SORRY
    assert len(_failures(caplog)) == 1


async def test_a_failed_statement_does_not_log_what_the_member_typed(
    slack_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """The core says sorry and logs the failure with its traceback; SQLAlchemy's message would
    quote the statement's values, the win's text among them."""
    caplog.set_level(logging.INFO)
    async with slack_bot() as bot:
        await _joined(bot)
        await _drop(bot, "wins")
        answered = len(bot.fake.responses)
        fields = payloads.command(USER, "/network-win", PRIVATE, bot.fake.response_url())
        await bot.driver.command(fields)
        await bot.fake.wait_for(lambda: len(bot.fake.responses) > answered, what="an answer")
        assert bot.fake.responses[-1]["text"] == texts.SORRY
    # The failure is logged (SQLite: "no such table: wins"; PostgreSQL: 'relation "wins" does not
    # exist')...
    assert "no such table: wins" in caplog.text or 'relation "wins" does not exist' in caplog.text
    assert PRIVATE not in caplog.text  # ...without the win


async def test_huge_numbers_and_nul_bytes_get_an_answer_not_a_failure(
    slack_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """``/network-pause 3000000 days`` once overflowed after the ack; a NUL in a win failed on
    PostgreSQL. Both now answer like any other command."""
    caplog.set_level(logging.INFO)
    async with slack_bot() as bot:
        await _joined(bot)
        for name, typed in (
            ("/network-pause", "3000000 days"),
            ("/network-win", "coffee\x00 with Sam"),
        ):
            answered = len(bot.fake.responses)
            fields = payloads.command(USER, name, typed, bot.fake.response_url())
            await bot.driver.command(fields)
            await bot.fake.wait_for(
                lambda n=answered: len(bot.fake.responses) > n, what="an answer"
            )
        pause, win = bot.fake.responses[-2:]
        assert "365 days" in pause["text"] and "`pause 3 days`" in pause["text"]
        assert win["text"] != texts.SORRY
        async with bot.ctx.db.transaction() as session:
            assert await session.scalar(select(Win.text)) == "coffee with Sam"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_failure_before_the_ack_is_one_line_without_a_traceback(
    slack_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """Bolt's authorization reads the installation before any listener runs; when that fails,
    the log gets one line naming the error's kind and place."""
    caplog.set_level(logging.INFO)
    oauth = {
        "slack_bot_token": None,
        "slack_client_id": "1111.2222",
        "slack_client_secret": Secret("client-secret"),
    }
    async with slack_bot(**oauth) as bot:
        await _drop(bot, "slack_installations")
        fields = payloads.command(USER, "/network-win", PRIVATE, bot.fake.response_url())
        await bot.driver.command(fields)
    (line,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    # SQLite says OperationalError, PostgreSQL (asyncpg) ProgrammingError: the kind and the place.
    assert re.search(r"(OperationalError|ProgrammingError) at \S+:\d+", line.getMessage())
    assert line.exc_info is None and "\n" not in line.getMessage()
    assert PRIVATE not in caplog.text
