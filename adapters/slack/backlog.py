"""Work Slack has been told is received (acked) but that is not done yet.

Slack wants every event, click and command acknowledged within three seconds, so the app acks
first and works after. Under a burst that leaves many pieces of work at once; letting them all
run together only makes them queue inside the database (SQLite has one writer) while slowing
the acks themselves. So a few run at a time and the rest wait their turn, cheaply. On shutdown
the server stops taking requests first, then waits for the backlog, so nothing acked is lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

log = logging.getLogger(__name__)


class Backlog:
    def __init__(self, concurrency: int) -> None:
        self._gate = asyncio.Semaphore(concurrency)
        self._pending = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def pending(self) -> int:
        return self._pending

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Wait for a free slot, then do the work inside the block."""
        self._pending += 1
        self._idle.clear()
        try:
            async with self._gate:
                yield
        finally:
            self._pending -= 1
            if not self._pending:
                self._idle.set()

    async def drain(self, limit: float) -> None:
        """Wait up to ``limit`` seconds for acknowledged work to finish."""
        try:
            await asyncio.wait_for(self._idle.wait(), limit)
        except TimeoutError:
            log.error("stopped with %d acknowledged Slack requests unfinished", self._pending)


def concurrency_for(is_sqlite: bool) -> int:
    """SQLite takes one writer at a time; PostgreSQL many (its pool holds 5 + 10)."""
    return 2 if is_sqlite else 10
