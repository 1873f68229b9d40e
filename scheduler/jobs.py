"""The scheduler a running bot starts beside its platform client, on the same asyncio loop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.services import dispatch
from bot.services.context import Context
from bot.services.delivery import DUE_BATCH

log = logging.getLogger(__name__)


async def deliver_tick(ctx: Context) -> int:
    """Deliver everything due now, batch after batch, until a batch comes back short."""
    total = 0
    while True:
        sent, due = await dispatch.deliver_due_batch(ctx)
        total += sent
        if due < DUE_BATCH:
            return total


@asynccontextmanager
async def running(ctx: Context) -> AsyncIterator[AsyncIOScheduler]:
    """Run the delivery tick every ``NUDGE_TICK_SECONDS`` until the block exits.

    One job for everyone: each member's next due instant is a stored, indexed column, so a tick
    is one cheap query when nothing is due. ``max_instances=1`` and ``coalesce`` mean a slow tick
    is never overlapped by the next one nor replayed after a pause.
    """
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_job(
        _safe_tick,
        IntervalTrigger(seconds=ctx.settings.nudge_tick_seconds),
        args=[ctx],
        id="deliver-due",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
        next_run_time=datetime.now(UTC),
    )
    scheduler.start()
    try:
        yield scheduler
    finally:
        scheduler.shutdown(wait=False)


async def _safe_tick(ctx: Context) -> None:
    try:
        sent = await deliver_tick(ctx)
    except asyncio.CancelledError:
        # Shutting down mid-tick: claims are leased, so the next start sends what this one did not.
        log.info("delivery tick stopped by shutdown")
        return
    except Exception:
        log.exception("delivery tick failed; the next tick will pick up where it stopped")
        return
    if sent:
        log.info("delivered %d nudges", sent)
