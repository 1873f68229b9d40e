"""The scheduler a running bot starts beside its platform client, on the same asyncio loop."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.metrics import Timing
from bot.services import digests, dispatch, reminders
from bot.services.context import Context
from bot.services.delivery import DUE_BATCH, LEASE
from bot.services.health import Heartbeat
from bot.services.intros import rounds as intro_rounds
from bot.storage import inbox as inbox_store
from bot.storage.queries import forget_events_before, forget_expired_codes, zone_named
from bot.vocabulary import DAY_NAMES

#: Posts one team's weekly digest; given the team's key ("platform:team id"). What it returns
#: (the text posted, say) is not used.
DigestPoster = Callable[[Context, str], Awaitable[object]]
DIGEST_PREFIX = "digest:"
#: Inbound event ids are kept this long to recognise a platform's retries.
EVENT_MEMORY = timedelta(days=7)
#: How often team settings are re-read, so a changed digest slot moves without a restart.
DIGEST_SYNC = timedelta(minutes=10)
CRON_DAYS = DAY_NAMES

log = logging.getLogger(__name__)


#: How often intro rounds look for a step that is due (a heads-up, the pairs, the intros, the
#: check-backs); each step is claimed once in the database, so every instance may look.
INTRO_TICK = timedelta(minutes=5)

#: How long stopping waits for a tick that is running to finish its batch.
STOP_GRACE_SECONDS = 15.0


@dataclass
class _Ticks:
    """The ticks in flight, and the flag that asks them to stop after their current batch."""

    running: set[asyncio.Task[None]] = field(default_factory=set)
    stopping: asyncio.Event = field(default_factory=asyncio.Event)


async def deliver_tick(ctx: Context, stopping: asyncio.Event | None = None) -> int:
    """Deliver everything due now, batch after batch, until a batch comes back short."""
    total = 0
    while stopping is None or not stopping.is_set():
        sent, due = await dispatch.deliver_due_batch(ctx)
        total += sent
        if due < DUE_BATCH:
            break
    await reminders.send_due(ctx)
    return total


async def sync_digests(scheduler: AsyncIOScheduler, ctx: Context, post: DigestPoster) -> None:
    """One cron job per team, firing at the team's digest weekday and time in the team's zone.

    Jobs are added, moved and removed to match the stored team settings; APScheduler's
    CronTrigger does the zone arithmetic, DST included.
    """
    wanted = {f"{DIGEST_PREFIX}{s.key}": s for s in await digests.digest_schedules(ctx)}
    for job in scheduler.get_jobs():
        if job.id.startswith(DIGEST_PREFIX) and job.id not in wanted:
            job.remove()
    for job_id, slot in wanted.items():
        trigger = CronTrigger(
            day_of_week=CRON_DAYS[slot.weekday - 1],
            hour=slot.at.hour,
            minute=slot.at.minute,
            timezone=zone_named(slot.zone),
        )
        scheduler.add_job(
            _safe_digest,
            trigger,
            args=[ctx, post, slot.key],
            id=job_id,
            replace_existing=True,
            coalesce=True,
            misfire_grace_time=3600,
        )


@asynccontextmanager
async def running(
    ctx: Context, post_digest: DigestPoster | None = None, heartbeat: Heartbeat | None = None
) -> AsyncIterator[AsyncIOScheduler]:
    """Run the delivery tick every ``NUDGE_TICK_SECONDS`` until the block exits; with
    ``post_digest``, also each team's weekly digest. Each finished tick beats ``heartbeat``
    (what ``/readyz`` reads) and reports its duration to the context's meter.

    One job for everyone: each member's next due instant is a stored, indexed column, so a tick
    is one cheap query when nothing is due. ``max_instances=1`` and ``coalesce`` mean a slow tick
    is never overlapped by the next one nor replayed after a pause.
    """
    scheduler = AsyncIOScheduler(timezone=UTC)
    ticks = _Ticks()
    scheduler.add_job(
        _safe_tick,
        IntervalTrigger(seconds=ctx.settings.nudge_tick_seconds),
        args=[ctx, ticks, heartbeat or Heartbeat()],
        id="deliver-due",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
        next_run_time=datetime.now(UTC),
    )
    scheduler.add_job(
        forget_old_events,
        IntervalTrigger(hours=1),
        args=[ctx],
        id="forget-old-events",
        max_instances=1,
        coalesce=True,
    )
    scheduler.add_job(
        _safe_intros,
        IntervalTrigger(seconds=INTRO_TICK.total_seconds()),
        args=[ctx],
        id="intro-rounds",
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(UTC),
    )
    if post_digest is not None:
        await sync_digests(scheduler, ctx, post_digest)
        scheduler.add_job(
            sync_digests,
            IntervalTrigger(seconds=DIGEST_SYNC.total_seconds()),
            args=[scheduler, ctx, post_digest],
            id="sync-digests",
            max_instances=1,
            coalesce=True,
        )
    scheduler.start()
    try:
        yield scheduler
    finally:
        # APScheduler's asyncio executor can only cancel running jobs, and a tick cancelled
        # mid-query would be left holding a database connection: stop them gracefully first.
        scheduler.pause()
        ticks.stopping.set()
        if ticks.running:
            await asyncio.wait(ticks.running, timeout=STOP_GRACE_SECONDS)
        scheduler.shutdown(wait=False)


async def _safe_tick(ctx: Context, ticks: _Ticks, heartbeat: Heartbeat) -> None:
    task = asyncio.current_task()
    if task is not None:
        ticks.running.add(task)
    started = time.perf_counter()
    try:
        sent = await deliver_tick(ctx, ticks.stopping)
        heartbeat.beat()
    except Exception:
        log.exception(
            "delivery tick failed; nudges it claimed but did not record are claimed again once "
            "their lease ends (%d s), and one that reached a member before the failure goes out "
            "again unless the platform recognises it",
            LEASE.total_seconds(),
        )
        return
    finally:
        ctx.meter.time(Timing.TICK_DURATION, time.perf_counter() - started)
        if task is not None:
            ticks.running.discard(task)
    if sent:
        log.info("delivered %d nudges", sent)


async def forget_old_events(ctx: Context) -> int:
    """Hourly: forget inbound event ids older than a week, inbox entries done more than a week
    ago, and link codes past their ten minutes, so no table grows. Returns how many event ids
    went."""
    now = ctx.clock()
    async with ctx.db.transaction() as session:
        await forget_expired_codes(session, now)
        await inbox_store.forget_done_before(session, now - EVENT_MEMORY)
        return await forget_events_before(session, now - EVENT_MEMORY)


async def _safe_intros(ctx: Context) -> None:
    try:
        sent = await intro_rounds.tick(ctx)
    except Exception:
        log.exception("intro rounds failed; steps not yet stamped are tried again next tick")
        return
    if sent != intro_rounds.Sent():
        log.info("intro rounds: %s", sent)


async def _safe_digest(ctx: Context, post: DigestPoster, team: str) -> None:
    try:
        await post(ctx, team)
    except Exception:
        log.exception("weekly digest for %s failed", team)
