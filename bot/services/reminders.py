"""One reminder later the same day, for a member who said they'd do it later.

A "later" reply (``bot.intents``) asks for it; the delivery tick sends what is due. Each nudge
gets at most one: the reminder is claimed (``remind_at`` cleared, ``reminded_at`` set) in the
same statement that finds it, so two instances never both send it, and a reminder whose day
has ended by the time it is found is dropped rather than sent late.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from bot.coaching import smaller_step
from bot.ports import DeliveryError, MemberRef
from bot.services.context import Context
from bot.storage import queries as q
from bot.storage.tables import Delivery, Member
from bot.streaks import Outcome

log = logging.getLogger(__name__)

#: How long after a "later" the reminder comes, and how close to the day's end it may still be.
REMIND_AFTER = timedelta(hours=3)
LAST_CALL = timedelta(minutes=30)
REMINDER = (
    "⏰ A gentle check-in, as promised: today's challenge is still open. "
    "Two minutes is enough for the small version: {smaller} Reply `done` when it's done, or "
    "`skip` to rest today."
)


def remind_at(now: datetime, deadline: datetime) -> datetime | None:
    """When to remind a member who said "later" at ``now``: a few hours on, but before the
    day's ``deadline``; None when the day is too nearly over."""
    at = min(now + REMIND_AFTER, deadline - LAST_CALL)
    return at if at > now + LAST_CALL else None


@dataclass(frozen=True)
class _Due:
    to: MemberRef
    text: str


async def send_due(ctx: Context) -> int:
    """Send the reminders that are due; returns how many went out."""
    now = ctx.clock()
    async with ctx.db.transaction() as session:
        claimed = await session.execute(
            update(Delivery)
            .where(Delivery.remind_at <= now)
            .values(remind_at=None, reminded_at=now)
            .returning(
                Delivery.member_id, Delivery.local_date, Delivery.challenge_id, Delivery.outcome
            )
            .execution_options(synchronize_session=False)
        )
        rows = [row for row in claimed if row.outcome == Outcome.OPEN.value]  # done: no need
        if not rows:
            return 0
        members = {
            m.id: m
            for m in await session.scalars(
                select(Member).where(Member.id.in_({r.member_id for r in rows}))
            )
        }
        due = []
        for row in rows:
            member = members[row.member_id]
            if q.schedule_of(member).deadline(row.local_date) <= now:
                continue  # the day is over: a late reminder would only nag
            smaller = smaller_step(ctx.catalog.challenge(row.challenge_id))
            due.append(_Due(q.ref_of(member), REMINDER.format(smaller=smaller)))
    sent = 0
    for item in due:
        try:
            await ctx.messenger.send_text(item.to, item.text)
            sent += 1
        except DeliveryError as error:  # one reminder, never retried: it was only a reminder
            log.info("reminder to %s not delivered: %s", item.to.key, error)
    return sent


async def pending_for(ctx: Context, ref: MemberRef) -> datetime | None:
    """When the member's promised reminder is due, if one is waiting (the demo's clock uses it)."""
    async with ctx.db.transaction() as session:
        member = await q.member_by_ref(session, ref)
        if member is None:
            return None
        found: datetime | None = await session.scalar(
            select(Delivery.remind_at)
            .where(Delivery.member_id == member.id, Delivery.remind_at.is_not(None))
            .order_by(Delivery.remind_at)
            .limit(1)
        )
        return found
