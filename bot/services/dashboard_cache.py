"""A team's dashboard figures kept in memory and counted again in the background, so that a page
answers from figures already counted instead of recounting a big team's history while the lead
waits.

Rules, per (team, period):

- figures younger than ``FRESH_FOR`` are served as they are;
- figures younger than ``KEEP_FOR`` are served as they are, and one recount starts in the
  background (a page may therefore show figures up to ``KEEP_FOR`` old, and says when they were
  counted);
- no figures, or older ones, are counted while the request waits; the team's other periods are
  then counted in the background, so switching period does not wait again;
- ``warm`` counts every team's periods in the background when the dashboard starts (the
  default period of every team first).

Nothing outside the figures (never a note or a name) is kept, and only in this process's memory.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.ports import TeamRef
from bot.services import dashboard
from bot.services.dashboard import TeamFigures
from bot.storage.database import Database

log = logging.getLogger(__name__)

FRESH_FOR = timedelta(minutes=1)
KEEP_FOR = timedelta(minutes=15)
#: The period a team's page opens on, counted first when the dashboard starts.
DEFAULT_WEEKS = 12

Key = tuple[TeamRef, int]
WARM_UP = "warm-up"


@dataclass
class FiguresCache:
    db: Database
    default_zone: str = "UTC"
    _kept: dict[Key, TeamFigures] = field(default_factory=dict)
    _locks: dict[Key, asyncio.Lock] = field(default_factory=dict)
    #: Counts running behind the pages, by key (``WARM_UP`` for the start-up warm-up).
    _background: dict[Key | str, asyncio.Task[None]] = field(default_factory=dict)

    async def figures(self, team: TeamRef, weeks: int, now: datetime) -> TeamFigures:
        key = (team, weeks)
        kept = self._usable(key, now, KEEP_FOR)
        if kept is not None:
            if self._usable(key, now, FRESH_FOR) is None:
                self._in_background(key, now)
            return kept
        # One count at a time per key: a burst of requests waits for the first.
        async with self._locks.setdefault(key, asyncio.Lock()):
            kept = self._usable(key, now, KEEP_FOR)
            if kept is None:
                kept = await self._count(key, now)
        for other in dashboard.PERIODS:
            if self._usable((team, other), now, KEEP_FOR) is None:
                self._in_background((team, other), now)
        return kept

    def warm(self, now: datetime) -> None:
        """Count every team's periods in the background, one after another: each team's
        default period first, then the others."""

        async def run() -> None:
            teams = await dashboard.teams(self.db, None)
            others = [weeks for weeks in dashboard.PERIODS if weeks != DEFAULT_WEEKS]
            for weeks in (DEFAULT_WEEKS, *others):
                for team in teams:
                    await self._recount((team, weeks), now)

        self._start(WARM_UP, run)

    async def settled(self) -> None:
        """Wait for the counts running in the background (for tests and a clean shutdown)."""
        while self._background:
            await asyncio.gather(*self._background.values(), return_exceptions=True)

    async def close(self) -> None:
        for task in self._background.values():
            task.cancel()
        await self.settled()

    def _usable(self, key: Key, now: datetime, age: timedelta) -> TeamFigures | None:
        """Kept figures younger than ``age`` (never ones counted after ``now``: a clock that
        went back gets a fresh count)."""
        kept = self._kept.get(key)
        if kept is None:
            return None
        return kept if kept.counted_at <= now < kept.counted_at + age else None

    async def _count(self, key: Key, now: datetime) -> TeamFigures:
        team, weeks = key
        found = await dashboard.figures(self.db, team, weeks, now, self.default_zone)
        self._kept[key] = found
        return found

    async def _recount(self, key: Key, now: datetime) -> None:
        async with self._locks.setdefault(key, asyncio.Lock()):
            if self._usable(key, now, FRESH_FOR) is None:
                await self._count(key, now)

    def _in_background(self, key: Key, now: datetime) -> None:
        self._start(key, lambda: self._recount(key, now))

    def _start(self, name: Key | str, work: Callable[[], Coroutine[Any, Any, None]]) -> None:
        if name in self._background:
            return

        async def run() -> None:
            try:
                await work()
            except Exception:
                # The next request counts again while it waits; the page never shows an error
                # for a count that failed in the background.
                log.exception("counting dashboard figures in the background failed")

        task = asyncio.get_running_loop().create_task(run())
        self._background[name] = task
        task.add_done_callback(lambda _done: self._background.pop(name, None))
