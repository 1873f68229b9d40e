"""Fault suite, inbound: a burst of 500 DMs from 400 members while the database is away.

Slack is played by senders that do what Slack does: a request that gets no 200 within three
seconds (a 5xx, a timeout) is sent again, with the same ``event_id``, until it is acknowledged.
The outage is real: on PostgreSQL the database stops accepting connections and every open one
is terminated (``pg_terminate_backend``); on SQLite another connection holds the write lock.

It ends with every acknowledged event handled exactly once: one answer in each DM's thread,
and the inbox empty. The outage lasts ``NUDGEBOT_FAULT_OUTAGE_SECONDS``: 20 by default, as the
issue that asked for the suite measured it (set it lower to try a change quickly).
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, make_url, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.ports import MemberRef
from bot.services import roster, texts
from bot.storage.tables import InboxEntry, ProcessedEvent
from tests.adapters.slack import payloads
from tests.adapters.slack.fake_slack import TEAM

MEMBERS = 400
EVENTS = 500
SENDERS = 16
OUTAGE_SECONDS = float(os.environ.get("NUDGEBOT_FAULT_OUTAGE_SECONDS", "20"))
#: Slack waits this long for the acknowledgement before it counts the delivery as failed.
SLACK_PATIENCE = 3.0


@asynccontextmanager
async def outage(url: str, seconds: float) -> AsyncIterator[asyncio.Task[None]]:
    """The database unavailable for ``seconds`` from now, in the background."""

    async def run() -> None:
        if url.startswith("sqlite"):
            await asyncio.to_thread(_hold_sqlite_lock, make_url(url).database or "", seconds)
        else:
            await _refuse_postgresql(url, seconds)

    task = asyncio.create_task(run())
    try:
        yield task
    finally:
        await task


def _hold_sqlite_lock(path: str, seconds: float) -> None:
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        connection.execute("BEGIN EXCLUSIVE")
        time.sleep(seconds)
        connection.execute("ROLLBACK")
    finally:
        connection.close()


async def _refuse_postgresql(url: str, seconds: float) -> None:
    target = make_url(url)
    name = target.database
    admin = create_async_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            await connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
        await asyncio.sleep(seconds)
        async with admin.connect() as connection:
            await connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    finally:
        await admin.dispose()


class PatientSlack:
    """Posts signed events and, like Slack, sends again whatever was not acknowledged."""

    def __init__(self, bot: Any) -> None:
        self.bot = bot
        self.acked: set[str] = set()
        self.refused = 0

    async def deliver(self, session: aiohttp.ClientSession, body: dict[str, Any]) -> None:
        raw = json.dumps(body)
        for attempt in range(200):
            stamp = str(int(time.time()))
            headers = {
                "Content-Type": "application/json",
                "X-Slack-Request-Timestamp": stamp,
                "X-Slack-Signature": self.bot.driver.verifier.generate_signature(
                    timestamp=stamp, body=raw
                ),
                **({"X-Slack-Retry-Num": str(attempt)} if attempt else {}),
            }
            try:
                async with session.post(
                    f"{self.bot.driver.url}/slack/events",
                    data=raw,
                    headers=headers,
                    timeout=aiohttp.ClientTimeout(total=SLACK_PATIENCE),
                ) as answer:
                    if answer.status == 200:
                        self.acked.add(body["event_id"])
                        return
            except (TimeoutError, aiohttp.ClientError):
                pass
            self.refused += 1
            await asyncio.sleep(0.5)
        raise AssertionError("an event was never acknowledged")

    async def burst(self, bodies: list[dict[str, Any]], on_half: asyncio.Event) -> None:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        for body in bodies:
            queue.put_nowait(body)
        async with aiohttp.ClientSession() as session:

            async def sender() -> None:
                while not queue.empty():
                    await self.deliver(session, queue.get_nowait())
                    if len(self.acked) >= len(bodies) // 5:
                        on_half.set()

            await asyncio.gather(*(sender() for _ in range(SENDERS)))


async def _count(bot: Any, query: Any) -> int:
    async with bot.ctx.db.transaction() as session:
        return int(await session.scalar(query) or 0)


@pytest.mark.slow
async def test_a_database_outage_during_a_burst_loses_and_repeats_nothing(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        users = [f"U{i:04d}" for i in range(MEMBERS)]
        await roster.enrol(
            bot.ctx, [roster.Enrolment(MemberRef("slack", TEAM, u), TEAM) for u in users]
        )
        bodies = [payloads.dm(users[i % MEMBERS], "help") for i in range(EVENTS)]
        slack, started = PatientSlack(bot), asyncio.Event()
        burst = asyncio.create_task(slack.burst(bodies, started))
        await asyncio.wait_for(started.wait(), 60)
        async with outage(bot.ctx.db.url, OUTAGE_SECONDS):
            pass
        await asyncio.wait_for(burst, 300)
        assert len(slack.acked) == EVENTS and slack.refused > 0  # the outage was felt
        threads = [b["event"]["ts"] for b in bodies]
        await bot.fake.wait_for(
            lambda: all(bot.fake.in_thread(ts) for ts in threads), limit=300, what="every answer"
        )
        await asyncio.sleep(0.5)
        assert sorted(len(bot.fake.in_thread(ts)) for ts in threads) == [1] * EVENTS
        said = {bot.fake.in_thread(ts)[0].args["text"] for ts in threads}
        assert texts.SORRY not in said  # handled, not apologised for
        assert await _count(bot, select(func.count()).select_from(ProcessedEvent)) == EVENTS
        waiting = select(func.count()).where(InboxEntry.done_at.is_(None))
        async with asyncio.timeout(30):
            while True:  # the last entries' "done" may still be on its way
                if not await _count(bot, waiting):
                    break
                await asyncio.sleep(0.1)
