"""The HTTP server's limits, tried with raw sockets: slow or half-sent requests are closed, a
flood of connections is capped, and stopping does not wait on a request that never finishes."""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import AsyncExitStack
from typing import Any

import pytest

from adapters import serving
from tests.adapters.slack import payloads

HALF_HEADERS = (
    b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
)
HALF_BODY = HALF_HEADERS + b'Content-Length: 500\r\n\r\n{"type": "event_callback"'


async def _open(bot: Any) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection("127.0.0.1", bot.runtime.port)


async def _closed_within(reader: asyncio.StreamReader, seconds: float) -> bytes:
    """Everything the server sends before it closes the connection, failing after ``seconds``."""
    return await asyncio.wait_for(reader.read(), seconds)


async def _healthy(bot: Any) -> None:
    session = bot.driver.session
    async with session.get(f"{bot.driver.url}/healthz") as health:
        assert health.status == 200
    fields = payloads.command("U0NEW", "/network-tip", response_url=bot.fake.response_url())
    assert (await bot.driver.command(fields))["status"] == 200


async def test_headers_that_never_finish_are_closed(
    slack_bot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serving, "HEADER_SECONDS", 0.3)
    async with slack_bot() as bot:
        reader, writer = await _open(bot)
        writer.write(HALF_HEADERS)
        await writer.drain()
        assert await _closed_within(reader, 3) == b""
        writer.close()
        await _healthy(bot)


async def test_a_connection_that_sends_nothing_is_closed(
    slack_bot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serving, "HEADER_SECONDS", 0.3)
    async with slack_bot() as bot:
        reader, writer = await _open(bot)
        assert await _closed_within(reader, 3) == b""
        writer.close()


async def test_a_half_sent_body_gets_a_408_and_is_closed(
    slack_bot: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    monkeypatch.setattr(serving, "BODY_SECONDS", 0.3)
    async with slack_bot() as bot:
        reader, writer = await _open(bot)
        writer.write(HALF_BODY)
        await writer.drain()
        answer = await _closed_within(reader, 3)
        assert answer.startswith(b"HTTP/1.1 408")
        writer.close()
        (line,) = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert "too slow" in line.getMessage() and line.exc_info is None
        assert bot.fake.calls == []
        await _healthy(bot)


async def test_stopping_does_not_wait_for_a_half_sent_request(slack_bot: Any) -> None:
    """The body timeout is longer than the stop's grace: stopping still ends within the grace."""
    async with AsyncExitStack() as stack:
        bot = await stack.enter_async_context(slack_bot())
        _, writer = await _open(bot)
        writer.write(HALF_BODY)
        await writer.drain()
        await asyncio.sleep(0.1)  # the request is in its handler
        started = time.monotonic()
        async with asyncio.timeout(serving.SHUTDOWN_SECONDS + 3):
            await stack.aclose()
        assert time.monotonic() - started < serving.SHUTDOWN_SECONDS + 1
        writer.close()


async def test_connections_beyond_the_cap_are_closed_as_they_arrive(
    slack_bot: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    monkeypatch.setattr(serving, "MAX_CONNECTIONS", 5)
    async with slack_bot() as bot:
        idle = [await _open(bot) for _ in range(5)]
        await asyncio.sleep(0.05)
        extra = [await _open(bot) for _ in range(3)]
        for reader, _ in extra:
            assert await _closed_within(reader, 2) == b""
        lines = [r for r in caplog.records if "open connections" in r.getMessage()]
        assert len(lines) == 1
        for _, writer in idle + extra:
            writer.close()
        await asyncio.sleep(0.05)
        await _healthy(bot)
