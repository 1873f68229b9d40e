"""A team's dashboard figures kept for a minute, so that reloading a page, switching period and
downloading the CSV do not each recount a big team's history.

Rule: figures for one (team, period, local day) are computed at most once per ``FRESH_FOR``;
a page may therefore lag the database by up to that long. Nothing outside the figures (never a
note or a name) is kept, and only in this process's memory.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.ports import TeamRef
from bot.services import dashboard
from bot.services.dashboard import TeamFigures
from bot.storage.database import Database

FRESH_FOR = timedelta(minutes=1)


@dataclass
class FiguresCache:
    db: Database
    default_zone: str = "UTC"
    _kept: dict[tuple[TeamRef, int], tuple[datetime, TeamFigures]] = field(default_factory=dict)
    _locks: dict[tuple[TeamRef, int], asyncio.Lock] = field(default_factory=dict)

    async def figures(self, team: TeamRef, weeks: int, now: datetime) -> TeamFigures:
        key = (team, weeks)
        # One computation at a time per key: a burst of requests waits for the first.
        async with self._locks.setdefault(key, asyncio.Lock()):
            kept = self._kept.get(key)
            if kept is not None and now - kept[0] < FRESH_FOR and kept[0] <= now:
                return kept[1]
            found = await dashboard.figures(self.db, team, weeks, now, self.default_zone)
            self._kept[key] = (now, found)
            return found
