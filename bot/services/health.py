"""Whether the running bot can do its job (``/readyz``), and the same check at start-up.

Ready means all three of:

- the database takes a write (a small row in ``app_state``, committed): reachable is not enough,
  a read-only or corrupt file is reachable;
- the delivery tick ran recently: within three tick intervals, and never less than a minute;
- the inbox is not backed up: nothing stored has waited more than :data:`INBOX_WAIT_LIMIT`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.metrics import Level
from bot.services import inbox
from bot.services.context import Context
from bot.storage.database import DatabaseUnavailable

#: The oldest stored inbound event a ready bot has left unhandled.
INBOX_WAIT_LIMIT = timedelta(minutes=2)
#: A tick may be late by this much, whatever the interval.
TICK_SLACK = timedelta(minutes=1)


@dataclass
class Heartbeat:
    """When the delivery tick last finished (monotonic seconds; None: not yet)."""

    started: float = field(default_factory=time.monotonic)
    last_tick: float | None = None

    def beat(self) -> None:
        self.last_tick = time.monotonic()

    def tick_age(self, now: float) -> float:
        """Seconds since the last tick, or since start-up when there was none yet."""
        return now - (self.last_tick if self.last_tick is not None else self.started)


@dataclass(frozen=True)
class Readiness:
    problems: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return not self.problems


def problems(
    database: str | None, tick_age: float, tick_seconds: float, inbox_age: float | None
) -> tuple[str, ...]:
    """What keeps the bot from being ready, in words an operator acts on (the rule above)."""
    found = []
    if database is not None:
        found.append(f"database: {database}")
    limit = max(3 * tick_seconds, TICK_SLACK.total_seconds())
    if tick_age > limit:
        found.append(
            f"scheduler: no delivery tick for {tick_age:.0f} s (expected every {tick_seconds:g} s)"
        )
    if inbox_age is not None and inbox_age > INBOX_WAIT_LIMIT.total_seconds():
        found.append(f"inbox: the oldest stored event has waited {inbox_age:.0f} s")
    return tuple(found)


async def readiness(ctx: Context, heartbeat: Heartbeat, now: datetime) -> Readiness:
    database: str | None = None
    inbox_age: float | None = None
    try:
        await ctx.db.check_writable(now)
        found = await inbox.report_depth(ctx.db, ctx.meter, now)
        inbox_age = found.oldest_seconds
    except DatabaseUnavailable as error:
        database = error.reason
    except Exception as error:  # the inbox read failed after the write passed
        database = f"can't read the inbox ({type(error).__name__})"
    tick_age = heartbeat.tick_age(time.monotonic())
    ctx.meter.level(Level.LAST_TICK_AGE, tick_age)
    return Readiness(problems(database, tick_age, ctx.settings.nudge_tick_seconds, inbox_age))
