"""Sending claimed nudges and recording what happened, so each nudge goes out exactly once.

Sends run concurrently up to a bound; the platform adapters honour rate limits with their
libraries' own handlers. What each send ended in is recorded in one transaction afterwards:

- sent: the delivery gets ``sent_at`` and its message reference, and is never sent again;
- the member cannot be reached (DMs closed, user gone, token revoked): the member is parked with
  the reason and the day is let go, so nothing retries in a storm;
- anything else is transient: the lease is pushed back with exponential backoff (or the
  platform's Retry-After) and a later tick retries, until the day's deadline or the attempt limit.

One member's failure never delays the others: every send is independent.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.exc import SQLAlchemyError

from bot.member_status import MemberStatus
from bot.metrics import Count
from bot.ports import DeliveryError, RecipientUnreachable, TemporaryDeliveryError
from bot.services.context import Context
from bot.services.delivery import (
    DUE_BATCH,
    LEASE,
    Outgoing,
    claim_due,
    claim_retries,
)
from bot.storage.tables import Delivery, Member
from bot.streaks import Outcome

log = logging.getLogger(__name__)

SEND_CONCURRENCY = 32
#: The most outcomes one recording transaction stores.
RECORD_GROUP = 200
MAX_ATTEMPTS = 6
#: A failed recording is retried after about these many seconds (jittered: half to all of it),
#: doubling up to the maximum, until the patience counted from the claim is spent: the lease
#: must still hold when the outcomes are stored, or another tick may claim them again.
RECORD_RETRY_FIRST = 0.5
RECORD_RETRY_MAX = 8.0
RECORD_PATIENCE = LEASE * 0.8
FIRST_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(minutes=30)


@dataclass(frozen=True)
class Sent:
    item: Outgoing
    message_ref: str | None = None
    error: BaseException | None = None
    #: The look for an earlier, unrecorded attempt failed: whether it arrived is still unknown.
    unconfirmed: bool = False


async def deliver_due(ctx: Context, limit: int = DUE_BATCH) -> int:
    """Deliver one batch of what is due now; returns how many nudges were sent."""
    sent, _ = await deliver_due_batch(ctx, limit)
    return sent


async def deliver_due_batch(
    ctx: Context, limit: int = DUE_BATCH, lease: timedelta = LEASE
) -> tuple[int, int]:
    """Claim, send and record one batch; returns (nudges sent, members that were due).

    Fewer due members than ``limit`` means the backlog is drained for now.
    """
    now = ctx.clock()
    async with ctx.db.transaction() as session:
        fresh, due = await claim_due(session, ctx.catalog, now, limit, lease, ctx.platforms)
        retries = await claim_retries(session, ctx.catalog, now, limit, lease, ctx.platforms)
    ctx.meter.count(Count.NUDGES_CLAIMED, len(fresh) + len(retries))
    results = await send_and_record(ctx, fresh + retries)
    return sum(r.error is None for r in results), due


async def send_and_record(ctx: Context, items: list[Outgoing]) -> list[Sent]:
    """Send concurrently and record each outcome as soon as it is known.

    A recorder commits whatever sends have finished, in small groups, while the others are still
    under way: if the process dies, only the sends that finished during the last commit can be
    unrecorded (and so be sent again after the lease), not a whole batch.
    """
    gate = asyncio.Semaphore(SEND_CONCURRENCY)
    finished: asyncio.Queue[Sent | None] = asyncio.Queue()
    # The nudges were claimed just now: their lease runs from here.
    give_up_at = asyncio.get_running_loop().time() + RECORD_PATIENCE.total_seconds()

    async def send(item: Outgoing) -> None:
        async with gate:
            try:
                if item.unconfirmed:
                    try:
                        found = await ctx.messenger.find_sent(item.to, item.card)
                    except TemporaryDeliveryError as error:
                        ctx.meter.count(Count.NUDGES_FAILED)
                        finished.put_nowait(Sent(item, error=error, unconfirmed=True))
                        return
                    if found:
                        log.info("nudge %s had reached %s already", item.delivery_id, item.to.key)
                        ctx.meter.count(Count.REPEATS_AVOIDED)
                        finished.put_nowait(Sent(item, found))
                        return
                if item.welcome:
                    await ctx.messenger.send_text(item.to, item.welcome)
                if item.news:
                    await ctx.messenger.send_text(item.to, item.news)
                if item.asks:
                    await ctx.messenger.send_text(item.to, *item.asks)
                ref = await ctx.messenger.send_card(item.to, item.card)
                ctx.meter.count(Count.NUDGES_SENT)
                finished.put_nowait(Sent(item, ref))
            except DeliveryError as error:  # recorded too; one failure never stops the batch
                ctx.meter.count(Count.NUDGES_FAILED)
                finished.put_nowait(Sent(item, error=error))
            except Exception as error:  # not the platform's refusal: a bug, so its traceback
                log.exception("sending nudge %s to %s failed", item.delivery_id, item.to.key)
                ctx.meter.count(Count.NUDGES_FAILED)
                finished.put_nowait(Sent(item, error=error))

    recorder = asyncio.create_task(_record_as_they_finish(ctx, finished, give_up_at))
    try:
        await asyncio.gather(*(send(item) for item in items))
    finally:
        finished.put_nowait(None)  # no more: the recorder stores the rest and ends
    return await recorder


async def _record_as_they_finish(
    ctx: Context, finished: asyncio.Queue[Sent | None], give_up_at: float
) -> list[Sent]:
    """Record outcomes in groups as they arrive; a refused write is retried with backoff.

    A send that happened but was never recorded goes out again once its lease ends, so one
    refused write (a dropped connection, SQLite's write lock) must not forget anything: the
    outcomes wait in memory, joined by the sends finishing meanwhile, and the transaction is
    tried again after a jittered, doubling pause. Retries stop at ``give_up_at``, before the
    lease runs out (past it, another tick may claim the nudges again); from then on each group
    gets one try, and what could not be stored is named in the log and raised at the end.
    """
    loop = asyncio.get_running_loop()
    recorded: list[Sent] = []
    pending: list[Sent] = []
    lost: list[Sent] = []
    last_error: BaseException | None = None
    delay = RECORD_RETRY_FIRST
    more = True
    while more or pending:
        # Wait for a send to finish only when nothing is waiting to be stored.
        arrivals = [await finished.get()] if more and not pending else []
        while more and not finished.empty():
            arrivals.append(finished.get_nowait())
        more = more and None not in arrivals
        pending += [r for r in arrivals if r is not None]
        group, pending = pending[:RECORD_GROUP], pending[RECORD_GROUP:]
        try:
            await record(ctx, group)
        except (SQLAlchemyError, OSError) as error:
            last_error = error
            pause = _jittered(delay)
            if loop.time() + pause > give_up_at:
                log.error(
                    "could not record %d sends (%s); they go out again after their lease "
                    "unless the platform recognises them: %s",
                    len(group),
                    error,
                    ", ".join(str(r.item.delivery_id) for r in group),
                )
                lost += group
                continue
            log.warning(
                "recording %d sends failed (%s); retrying in %.1f s", len(group), error, pause
            )
            pending = group + pending
            ctx.meter.count(Count.RECORDS_RETRIED)
            await asyncio.sleep(pause)
            delay = min(delay * 2, RECORD_RETRY_MAX)
        else:
            recorded += group
            delay = RECORD_RETRY_FIRST
    if lost and last_error is not None:
        raise last_error
    return recorded


def _jittered(delay: float) -> float:
    """Between half and all of ``delay``: instances refused by the same outage spread out."""
    return random.uniform(delay / 2, delay)


async def record(ctx: Context, results: list[Sent]) -> None:
    """Store every send's outcome in one transaction (bulk updates by primary key)."""
    if not results:
        return
    now = ctx.clock()
    deliveries: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    welcomed: list[int] = []
    for result in results:
        item, error = result.item, result.error
        attempts = item.attempts + 1
        if error is None:
            deliveries.append(_row(item, sent_at=now, message_ref=result.message_ref))
            # A retry sends the card alone: its member may not be marked welcomed yet, and the
            # welcome would otherwise come again with a later nudge.
            if item.welcome or item.attempts or item.unconfirmed:
                welcomed.append(item.member_id)
        elif isinstance(error, RecipientUnreachable):
            log.warning("parking %s: %s", item.to.key, error.reason)
            deliveries.append(_row(item, outcome=Outcome.EXCUSED.value, last_error=error.reason))
            members.append(_parked(item.member_id, error.reason))
        else:
            retry_at = now + _backoff(attempts, error)
            if attempts >= MAX_ATTEMPTS or retry_at > item.deadline:
                log.error("giving up on nudge %s to %s: %r", item.delivery_id, item.to.key, error)
                deliveries.append(
                    _row(item, outcome=Outcome.EXCUSED.value, last_error=_describe(error))
                )
            else:
                log.warning("will retry nudge %s to %s: %r", item.delivery_id, item.to.key, error)
                # No error stored while an earlier attempt may have arrived: the retry looks
                # again (a stored error says the platform refused, so nothing arrived).
                known = None if result.unconfirmed else _describe(error)
                deliveries.append(_row(item, lease_until=retry_at, last_error=known))
        deliveries[-1]["attempts"] = attempts
    async with ctx.db.transaction() as session:
        for rows, model in ((deliveries, Delivery), (members, Member)):
            for shape in {tuple(sorted(row)) for row in rows}:
                same = [row for row in rows if tuple(sorted(row)) == shape]
                await session.execute(
                    _update_by_id(model, shape),
                    [{f"v_{name}": value for name, value in row.items()} for row in same],
                )
        if welcomed:
            await session.execute(
                update(Member)
                .where(Member.id.in_(welcomed), Member.welcomed_at.is_(None))
                .values(welcomed_at=now)
                .execution_options(synchronize_session=False)
            )


def _update_by_id(model: type[Delivery] | type[Member], columns: tuple[str, ...]) -> Any:
    """``UPDATE … SET <columns> WHERE id = :id`` for an executemany (Core: no ORM bookkeeping)."""
    table = model.__table__
    # Column names are reserved for SET's own parameters, hence the v_ prefix.
    values: dict[str, Any] = {name: bindparam(f"v_{name}") for name in columns if name != "id"}
    return update(table).where(table.c.id == bindparam("v_id")).values(values)  # type: ignore[arg-type]


def _row(item: Outgoing, **values: Any) -> dict[str, Any]:
    return {"id": item.delivery_id, "lease_until": None} | values


def _parked(member_id: int, reason: str) -> dict[str, Any]:
    return {
        "id": member_id,
        "status": MemberStatus.PARKED.value,
        "status_reason": reason[:200],
        "next_due_at": None,
        "next_due_date": None,
    }


def _backoff(attempts: int, error: BaseException) -> timedelta:
    delay: timedelta = min(FIRST_BACKOFF * 2 ** (attempts - 1), MAX_BACKOFF)
    if isinstance(error, TemporaryDeliveryError) and error.retry_after:
        delay = max(delay, timedelta(seconds=error.retry_after))
    return delay


def _describe(error: BaseException) -> str:
    return (f"{type(error).__name__}: {error}")[:200]


async def deliver_now(ctx: Context, item: Outgoing) -> Sent:
    """Send one nudge immediately (joining) through the same recording path as the tick."""
    [result] = await send_and_record(ctx, [item])
    return result
