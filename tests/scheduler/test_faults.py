"""Fault suite, outbound: 400 members due at once, their nudges sent through the real slack_sdk
and discord.py clients to the wire fakes, while the database or the sender fails mid-delivery.

The faults are real: PostgreSQL terminates the bot's connections (``pg_terminate_backend``);
another connection holds the write lock (SQLite's, or an EXCLUSIVE lock on ``deliveries`` on
PostgreSQL); the sending process is killed with SIGKILL and started again after the lease. The
fakes answer each call a little after it took effect, so a sender killed mid-delivery leaves
messages on the platform that it never learned of.

Each ends with every member nudged exactly once, counted in the DMs the fake keeps, and one
delivery each in the database. The lock is held ``NUDGEBOT_FAULT_LOCK_SECONDS`` (15 by default).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sqlite3
import sys
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, time, timedelta
from pathlib import Path
from time import monotonic, sleep
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, make_url, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.catalog import Catalog
from bot.config import Settings
from bot.metrics import Count, Timing
from bot.ports import Messenger
from bot.services import roster
from bot.services.context import Context
from bot.services.delivery import LEASE
from bot.services.dispatch import FIRST_BACKOFF
from bot.storage.database import Database
from bot.storage.tables import Delivery
from scheduler.jobs import deliver_tick
from tests.conftest import FakeClock
from tests.scheduler import wire
from tests.scheduler.test_reliability import DUE_AT, one_delivery_each

MEMBERS = 400
LOCK_SECONDS = float(os.environ.get("NUDGEBOT_FAULT_LOCK_SECONDS", "15"))
#: How long each fake answer takes after its call took effect: about one send in flight per
#: concurrent slot at any moment, as over a real network.
LATENCY = 0.02
ROOT = Path(__file__).parents[2]

log = logging.getLogger(__name__)

platforms = pytest.mark.parametrize("platform", wire.PLATFORMS)


class Tally:
    """A meter that keeps the counts, to show a fault was felt."""

    def __init__(self) -> None:
        self.counts: Counter[Count] = Counter()

    def count(self, what: Count, n: int = 1) -> None:
        self.counts[what] += n

    def time(self, what: Timing, seconds: float) -> None:
        return None

    def level(self, what: object, value: float) -> None:
        return None


def bot_context(db: Database, catalog: Catalog, messenger: Messenger, clock: FakeClock) -> Context:
    settings = Settings(database_url=db.url, default_zone=ZoneInfo("Europe/London"))
    return Context(db, catalog, messenger, clock, settings, meter=Tally())


def counted(ctx: Context, what: Count) -> int:
    assert isinstance(ctx.meter, Tally)
    return ctx.meter.counts[what]


async def ticks(ctx: Context) -> None:
    """The scheduler's delivery job: a tick that fails is logged and the next one runs."""
    for _ in range(100):
        try:
            await deliver_tick(ctx)
            return
        except Exception as error:
            log.warning("tick failed: %r", error)
            await asyncio.sleep(0.2)
    raise AssertionError("the delivery tick never got through")


async def deliver_through(ctx: Context, clock: FakeClock, delivering: asyncio.Task[None]) -> None:
    """Let the ticks under fault finish; then, after the lease, the tick that picks up whatever
    a failed claim or recording left unrecorded."""
    await asyncio.wait_for(delivering, 300)
    clock.now += LEASE + timedelta(seconds=1)
    await ticks(ctx)


async def every_member_once(ctx: Context, on: wire.Wire) -> None:
    users = [m.user_id for m in wire.members(on.platform, MEMBERS)]
    nudges = on.nudges()
    lost = [u for u in users if not nudges[u]]
    repeated = {u: n for u, n in nudges.items() if n > 1}
    assert not lost and not repeated, f"{len(lost)} lost, {len(repeated)} nudged more than once"
    assert on.repeated() == 0  # no welcome twice either
    await one_delivery_each(ctx, MEMBERS)


@asynccontextmanager
async def terminating_backends(url: str) -> AsyncIterator[list[int]]:
    """Every connection the bot holds to its database terminated, again and again, until the
    block exits; yields the running count of connections terminated."""
    target = make_url(url)
    admin = create_async_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    terminated = [0]
    stop = asyncio.Event()

    async def run() -> None:
        async with admin.connect() as connection:
            while not stop.is_set():
                killed = await connection.scalar(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": target.database},
                )
                terminated[0] += int(killed or 0)
                await asyncio.sleep(0.01)

    task = asyncio.create_task(run())
    try:
        yield terminated
    finally:
        stop.set()
        await task
        await admin.dispose()


@pytest.mark.slow
@platforms
async def test_recording_connections_killed_mid_delivery(
    db: Database, catalog: Catalog, clock: FakeClock, platform: str
) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite has no connection to kill: its fault is the held lock, below")
    async with wire.on_the_wire(platform, LATENCY) as on, wire.messenger(platform, on.api) as m:
        ctx = bot_context(db, catalog, m, clock)
        delivering = await under_way(ctx, on, clock, platform)
        async with terminating_backends(db.url) as terminated:
            await on.until(lambda: on.posts() >= 500 or delivering.done(), what="more sends")
        await deliver_through(ctx, clock, delivering)
        assert terminated[0] > 0 and counted(ctx, Count.RECORDS_RETRIED) > 0  # felt
        await every_member_once(ctx, on)


@asynccontextmanager
async def write_lock_held(url: str, seconds: float) -> AsyncIterator[None]:
    """Another connection holds the write lock for ``seconds`` from the moment it has it."""
    held = asyncio.Event()
    loop = asyncio.get_running_loop()
    if url.startswith("sqlite"):

        def hold() -> None:
            connection = sqlite3.connect(make_url(url).database or "", timeout=30)
            connection.isolation_level = None
            try:
                connection.execute("BEGIN EXCLUSIVE")
                loop.call_soon_threadsafe(held.set)
                sleep(seconds)
                connection.execute("ROLLBACK")
            finally:
                connection.close()

        task = asyncio.create_task(asyncio.to_thread(hold))
    else:

        async def lock() -> None:
            engine = create_async_engine(url)
            try:
                async with engine.begin() as connection:
                    await connection.execute(text("LOCK TABLE deliveries IN EXCLUSIVE MODE"))
                    held.set()
                    await asyncio.sleep(seconds)
            finally:
                await engine.dispose()

        task = asyncio.create_task(lock())
    await asyncio.wait_for(held.wait(), 30)
    try:
        yield
    finally:
        await task


@pytest.mark.slow
@platforms
async def test_the_write_lock_held_mid_delivery(
    db: Database, catalog: Catalog, clock: FakeClock, platform: str
) -> None:
    async with wire.on_the_wire(platform, LATENCY) as on, wire.messenger(platform, on.api) as m:
        ctx = bot_context(db, catalog, m, clock)
        delivering = await under_way(ctx, on, clock, platform)
        started = monotonic()
        async with write_lock_held(db.url, LOCK_SECONDS):
            pass
        assert not delivering.done()  # the lock was felt: the batch waited for it
        await deliver_through(ctx, clock, delivering)
        assert monotonic() - started >= LOCK_SECONDS
        if db.is_sqlite:  # SQLite gives up waiting after its busy timeout; PostgreSQL waits
            assert counted(ctx, Count.RECORDS_RETRIED) > 0
        await every_member_once(ctx, on)


async def under_way(
    ctx: Context, on: wire.Wire, clock: FakeClock, platform: str
) -> asyncio.Task[None]:
    """The 400 members enrolled and due, the ticks running, and the first 100 nudges out."""
    await enrol_on(ctx, platform)
    clock.now = DUE_AT
    delivering = asyncio.create_task(ticks(ctx))
    await on.until(lambda: on.posts() >= 100, what="the first sends")
    return delivering


async def enrol_on(ctx: Context, platform: str) -> None:
    """The 400 members, all due at 09:00 UTC on Monday, five minutes before ``DUE_AT``."""
    refs = wire.members(platform, MEMBERS)
    await roster.enrol(ctx, [roster.Enrolment(r, r.workspace, "UTC", time(9, 0)) for r in refs])


async def start_sender(
    url: str, at: datetime, platform: str, api: str, log_to: Path
) -> asyncio.subprocess.Process:
    with log_to.open("ab") as stderr:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.scheduler.wire_dispatcher",
            url,
            at.isoformat(),
            platform,
            api,
            cwd=ROOT,
            stderr=stderr,
        )


async def recorded_sent(ctx: Context) -> int:
    async with ctx.db.transaction() as session:
        query = select(func.count()).where(Delivery.sent_at.is_not(None))
        return int(await session.scalar(query) or 0)


@pytest.mark.slow
@platforms
@pytest.mark.parametrize("attempt", ["first", "retry"])
async def test_the_sender_killed_mid_delivery_then_restarted(
    db: Database, catalog: Catalog, clock: FakeClock, platform: str, attempt: str, tmp_path: Path
) -> None:
    """Killed while sending the day's nudges, or while retrying them after the platform
    refused every first attempt (a retry's lookup matters as much as a first send's)."""
    async with wire.on_the_wire(platform, LATENCY) as on, wire.messenger(platform, on.api) as m:
        ctx = bot_context(db, catalog, m, clock)
        await enrol_on(ctx, platform)
        sending_at = clock.now = DUE_AT
        if attempt == "retry":
            on.refuse_sends(MEMBERS)
            await deliver_tick(ctx)
            assert await recorded_sent(ctx) == 0 and on.posts() == 0
            sending_at += FIRST_BACKOFF + timedelta(seconds=1)
        errors = tmp_path / "sender.log"
        first = await start_sender(db.url, sending_at, platform, on.api, errors)
        await on.until(lambda: on.nudges().total() >= 150, what="the sender's first sends")
        first.send_signal(signal.SIGKILL)
        await first.wait()
        before = on.nudges().total()
        assert before < MEMBERS  # it died mid-way
        # Sends the platform took that the dead sender never recorded: each would be a repeat.
        assert await recorded_sent(ctx) < before
        restart_at = sending_at + LEASE + timedelta(seconds=1)
        second = await start_sender(db.url, restart_at, platform, on.api, errors)
        assert await asyncio.wait_for(second.wait(), 120) == 0, errors.read_text()
        await every_member_once(ctx, on)
