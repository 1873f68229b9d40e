"""Inbound work, durable: stored before the platform is told it is received, then handled here.

The rule: an adapter calls :func:`put` *before* it acknowledges anything, and acknowledges only
when :func:`put` returned; if the database cannot take the write, :func:`put` raises and the
adapter answers with a retryable error, so the platform sends the work again later instead of
believing it received.

A :class:`Worker` then claims stored entries under a lease (see :mod:`bot.storage.inbox`: two
instances never hold one entry at once), hands each to the platform's handler, and marks it done.
A handler that raises gets its entry back after a backoff (:func:`backoff`); an entry that keeps
failing for reasons other than a database outage is given up after :data:`MAX_ATTEMPTS`, its
error kept. A worker that dies mid-way leaves its entries claimed until their lease runs out,
then any instance takes them again.

An entry is marked done in the transaction that stores its effects: the use case that records
the platform's event id (``processed_events``) marks the entry in hand done beside it
(:mod:`bot.storage.handling`). A crash before that commit leaves both undone and the entry is
handled again; after it, neither is repeated, and a replay of the same event (a platform retry
stored under another key, a gateway resume) finds the id and changes nothing. An entry whose
handling records no event id (a tip, help: read-only answers) is marked done after its handler
returns. What a crash between the commit and the answer loses is that answer, never the effect.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.metrics import NO_METER, Count, Level, Meter
from bot.storage import inbox as store
from bot.storage.database import Database, is_outage
from bot.storage.handling import Handling, handling
from bot.storage.inbox import Claimed, Depth

log = logging.getLogger(__name__)

Handler = Callable[[Claimed], Awaitable[None]]
Wall = Callable[[], datetime]

#: How long a claim holds: longer than any handling takes, short enough that work a dead
#: instance held comes back soon.
LEASE = timedelta(seconds=30)
#: Tries before an entry failing for its own reasons (not an outage) is given up.
MAX_ATTEMPTS = 8
BACKOFF_CAP = timedelta(seconds=10)
#: How often an idle worker looks for work it was not woken for (another instance's, retries).
POLL_SECONDS = 1.0
#: Entries claimed at once, per slot: one claim feeds several handlers, rather than one claim
#: (a transaction, three round trips) per entry.
PREFETCH = 4


def backoff(attempts: int) -> timedelta:
    """Wait before the next try after ``attempts`` tries: 1 s, 2 s, 4 s … at most 10 s."""
    return min(timedelta(seconds=2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def gives_up(attempts: int, error: BaseException) -> bool:
    """An outage never uses the entry up: the work is fine, the database was away."""
    return attempts >= MAX_ATTEMPTS and not is_outage(error)


def concurrency_for(is_sqlite: bool) -> int:
    """Entries handled at once: SQLite takes one writer at a time; PostgreSQL many (its pool
    holds 5 + 10)."""
    return 2 if is_sqlite else 10


def utc_now() -> datetime:
    return datetime.now(UTC)


async def put(
    db: Database,
    *,
    platform: str,
    team: str,
    kind: str,
    dedupe_key: str | None,
    payload: Any,
    now: datetime,
    meter: Meter = NO_METER,
) -> bool:
    """Store one piece of inbound work; False when the platform had sent it already.

    Raises whatever the database raised when it cannot take the write: the caller must then
    not acknowledge.
    """
    try:
        async with db.transaction() as session:
            new = await store.put(
                session,
                platform=platform,
                team=team,
                kind=kind,
                dedupe_key=dedupe_key,
                payload=payload,
                now=now,
            )
    except Exception:
        meter.count(Count.INBOX_REFUSED)
        raise
    if new is not None:
        meter.count(Count.INBOX_STORED)
    return new is not None


async def depth(db: Database, now: datetime) -> Depth:
    async with db.transaction() as session:
        return await store.depth(session, now)


class Worker:
    """Handles stored entries, a few at a time, until stopped (see the module's rule)."""

    def __init__(
        self,
        db: Database,
        handle: Handler,
        *,
        concurrency: int,
        meter: Meter = NO_METER,
        platforms: frozenset[str] | None = None,
        lease: timedelta = LEASE,
        wall: Wall = utc_now,
    ) -> None:
        self.db, self.handle, self.concurrency = db, handle, concurrency
        self.meter, self.platforms, self.lease, self.wall = meter, platforms, lease, wall
        self._tasks: dict[asyncio.Task[None], int] = {}
        #: Claimed, not started yet: (when claimed, monotonic seconds; the entry).
        self._ready: collections.deque[tuple[float, Claimed]] = collections.deque()
        self._wake = asyncio.Event()
        self._draining = False
        self._loop: asyncio.Task[None] | None = None
        self._outage_logged = False

    def wake(self) -> None:
        """Something was just stored: look now rather than at the next poll."""
        self._wake.set()

    @property
    def in_flight(self) -> int:
        return len(self._tasks)

    def start(self) -> None:
        self._loop = asyncio.create_task(self._run(), name="inbox-worker")

    async def stop(self, grace: float) -> None:
        """Handle what is stored for up to ``grace`` seconds, then let go of the rest.

        Entries still being handled at the deadline are cancelled and released (their use
        case's transaction rolls back), so the next start takes them at once.
        """
        if self._loop is None:
            return
        self._draining = True
        self.wake()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._loop), grace)
        if not self._loop.done():
            self._loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop
        left = list(self._tasks.values()) + [entry.id for _, entry in self._ready]
        self._ready.clear()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if left:
            with contextlib.suppress(Exception):
                async with self.db.transaction() as session:
                    await store.release(session, left)
        waiting = await self._waiting()
        if waiting:
            log.warning(
                "stopped with %d inbound events stored and not handled yet; the next start "
                "handles them",
                waiting,
            )

    async def _waiting(self) -> int:
        try:
            return (await depth(self.db, self.wall())).waiting
        except Exception:
            return -1

    async def _run(self) -> None:
        while True:
            more = False  # whether the last claim may have left due entries behind
            if self.concurrency > len(self._tasks) and not self._ready:
                batch = self.concurrency * PREFETCH
                try:
                    claimed = await self._claim(batch)
                except Exception as error:
                    self._trouble("claiming inbound work", error)
                    await self._pause(POLL_SECONDS)
                    continue
                taken = time.monotonic()
                self._ready.extend((taken, entry) for entry in claimed)
                more = len(claimed) == batch
            self._start_ready()
            if self._draining and not self._ready and not self._tasks:
                return
            if not more or len(self._tasks) >= self.concurrency:
                await self._pause(POLL_SECONDS)

    def _start_ready(self) -> None:
        """Hand claimed entries to handlers while slots are free. One that waited past half
        its lease is left to come back when the lease ends, rather than handled late while
        another instance may take it."""
        fresh_since = time.monotonic() - self.lease.total_seconds() / 2
        while self._ready and len(self._tasks) < self.concurrency:
            taken, entry = self._ready.popleft()
            if taken < fresh_since:
                continue
            task = asyncio.create_task(self._one(entry))
            self._tasks[task] = entry.id
            task.add_done_callback(self._finished)

    async def _claim(self, limit: int) -> list[Claimed]:
        async with self.db.transaction() as session:
            claimed = await store.claim(session, self.wall(), self.lease, limit, self.platforms)
        self._outage_logged = False
        return claimed

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.pop(task, None)
        self._wake.set()

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)
        self._wake.clear()

    def _trouble(self, doing: str, error: BaseException) -> None:
        if not is_outage(error):
            log.exception("%s failed", doing)
        elif not self._outage_logged:
            log.warning("%s: the database is unavailable (%s); trying again", doing, error)
            self._outage_logged = True

    async def _one(self, entry: Claimed) -> None:
        with handling(entry.id) as held:
            try:
                await self.handle(entry)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                await self._failed(entry, held, error)
                return
        self.meter.count(Count.INBOX_HANDLED)
        if not held.done:  # nothing recorded the event: done on its own
            await self._settle(entry, lambda s: store.finish(s, entry.id, self.wall()))

    async def _failed(self, entry: Claimed, held: Handling, error: Exception) -> None:
        if held.done:
            # Its effects and its done mark are stored; what failed came after (the answer).
            # A replay would change nothing and say nothing, so it is not tried again.
            log.warning(
                "inbound %s %s was handled, but what followed failed: %s",
                entry.platform,
                entry.kind,
                type(error).__name__,
            )
            self.meter.count(Count.INBOX_HANDLED)
            return
        now = self.wall()
        give_up = gives_up(entry.attempts, error)
        what = f"{type(error).__name__}: {str(error).splitlines()[0][:150] if str(error) else ''}"
        if give_up:
            log.error(
                "gave up inbound %s %s after %d tries: %s",
                entry.platform,
                entry.kind,
                entry.attempts,
                what,
            )
        else:
            self._trouble(f"handling inbound {entry.platform} {entry.kind}", error)
        self.meter.count(Count.INBOX_GIVEN_UP if give_up else Count.INBOX_RETRIED)
        at = now + backoff(entry.attempts)
        await self._settle(
            entry,
            lambda s: store.retry_later(s, entry.id, at, what, give_up, self.wall()),
        )

    async def _settle(self, entry: Claimed, write: Callable[[Any], Awaitable[None]]) -> None:
        """Store an entry's outcome, retrying through an outage while its lease lasts; after
        that the lease brings the entry back, and the replay changes nothing twice."""
        deadline = time.monotonic() + self.lease.total_seconds()
        delay = 0.2
        while True:
            try:
                async with self.db.transaction() as session:
                    await write(session)
                return
            except Exception as error:
                if not is_outage(error) or time.monotonic() + delay > deadline:
                    log.warning(
                        "could not store how inbound %s %s went (%s); it is handled again "
                        "when its lease ends, which changes nothing twice",
                        entry.platform,
                        entry.kind,
                        type(error).__name__,
                    )
                    return
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)


async def report_depth(db: Database, meter: Meter, now: datetime) -> Depth:
    """Read the inbox's depth and the oldest entry's age, and hand both to ``meter``."""
    found = await depth(db, now)
    meter.level(Level.INBOX_DEPTH, found.waiting)
    meter.level(Level.INBOX_OLDEST_AGE, found.oldest_seconds)
    return found
