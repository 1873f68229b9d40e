"""Serving the dashboard: ``nudgebot dashboard`` and any bot process that wants it beside it."""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Protocol

from aiohttp import web

from adapters.web.app import make_app
from bot.bootstrap import utc_now
from bot.config import Settings, redact_url
from bot.ports import Clock
from bot.services import dashboard_access
from bot.storage.database import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Running:
    runner: web.AppRunner
    #: Where it listens, e.g. ``http://127.0.0.1:8050`` (the real port when 0 was asked for).
    base_url: str


async def start(
    db: Database, host: str, port: int, clock: Clock = utc_now, default_zone: str = "UTC"
) -> Running:
    runner = web.AppRunner(make_app(db, clock, default_zone), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1] if runner.addresses else port
    shown_host = f"[{host}]" if ":" in host else host
    return Running(runner, f"http://{shown_host}:{bound}")


class Served(Protocol):
    @property
    def base_url(self) -> str: ...


@dataclass(frozen=True)
class InThread:
    """The dashboard served from a thread of its own, with its own event loop and database
    engine, for a host whose own loop blocks between messages (the demo waits for typed input
    with the loop stopped, and a page must still load meanwhile)."""

    base_url: str
    _loop: asyncio.AbstractEventLoop
    _done: asyncio.Event
    _thread: threading.Thread

    def stop(self, within: float = 10.0) -> None:
        self._loop.call_soon_threadsafe(self._done.set)
        self._thread.join(within)


def start_in_thread(
    database_url: str, host: str, port: int, clock: Clock = utc_now, default_zone: str = "UTC"
) -> InThread:
    """Serve the dashboard on ``database_url`` from a new thread; returns once it listens (and
    raises what stopped it from starting)."""
    started: queue.Queue[InThread | BaseException] = queue.Queue()
    loop = asyncio.new_event_loop()

    async def serve_until_done() -> None:
        done = asyncio.Event()
        db = Database(database_url)
        try:
            running = await start(db, host, port, clock, default_zone)
        except BaseException as error:
            await db.close()
            started.put(error)
            return
        started.put(InThread(running.base_url, loop, done, threading.current_thread()))
        try:
            await done.wait()
        finally:
            await running.runner.cleanup()
            await db.close()

    thread = threading.Thread(
        target=loop.run_until_complete,
        args=(serve_until_done(),),
        name="dashboard",
        daemon=True,
    )
    thread.start()
    outcome = started.get()
    if isinstance(outcome, BaseException):
        thread.join()
        raise outcome
    return outcome


async def login_link(running: Served, db: Database, team: str | None, clock: Clock) -> str:
    """A one-time link that opens a session for ``team`` (None: every team)."""
    length = (
        dashboard_access.OPERATOR_LINK_LENGTH
        if team is None
        else dashboard_access.ADMIN_LINK_LENGTH
    )
    token = await dashboard_access.issue_login(db, team, clock(), length)
    return f"{running.base_url}/login?token={token}"


@asynccontextmanager
async def beside_the_bot(
    settings: Settings, db: Database, clock: Clock = utc_now
) -> AsyncIterator[Running | None]:
    """The dashboard served by a running bot on DASHBOARD_HOST:DASHBOARD_PORT (its own port,
    beside Slack's HTTP one), when DASHBOARD_PORT is set. No login link is printed or logged:
    team admins ask for one with ``/network-admin dashboard``."""
    if settings.dashboard_port is None:
        yield None
        return
    running = await start(
        db, settings.dashboard_host, settings.dashboard_port, clock, settings.default_zone.key
    )
    log.info("Dashboard listening on %s", running.base_url)
    try:
        yield running
    finally:
        await running.runner.cleanup()


async def serve(
    settings: Settings, database_url: str, host: str, port: int, say: Callable[[str], None] = print
) -> None:
    """Serve until cancelled, after printing the operator's one-time login link."""
    db = Database(database_url)
    try:
        await db.upgrade()
        running = await start(db, host, port, default_zone=settings.default_zone.key)
        try:
            link = await login_link(running, db, None, utc_now)
            say(f"The dashboard for {redact_url(database_url)} is at {running.base_url}")
            say(f"Open this link to sign in (it works once, for the next 12 hours):\n  {link}")
            await asyncio.Event().wait()
        finally:
            await running.runner.cleanup()
    finally:
        await db.close()
