"""Delivering nudges: claim a member's local date, pick the challenge, send it, remember it.

Claiming inserts the delivery row; the database's unique (member, local date) constraint makes a
second claim for the same day a no-op, whichever instance or retry attempts it. Sending happens
after the claim is committed, so a slow platform never holds a transaction open.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog import Catalog
from bot.levels import next_level
from bot.picker import pick
from bot.ports import MemberRef
from bot.services.context import Context
from bot.storage import queries as q
from bot.storage.tables import Delivery, Member
from bot.streaks import summarize
from bot.views import Button, ChallengeCard, nudge_buttons, share_button

DUE_BATCH = 200
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claimed:
    to: MemberRef
    delivery: Delivery


async def claim(
    session: AsyncSession, catalog: Catalog, member: Member, day: date, now: datetime
) -> Claimed | None:
    """Create ``day``'s delivery for ``member`` (None if that date already has one)."""
    deliveries = await q.deliveries_of(session, member.id)
    if any(d.local_date == day for d in deliveries):
        return None
    summary = summarize(q.logged_days(deliveries), day)
    level = next_level(member.level, member.level_since, q.level_events(deliveries, summary))
    if level != member.level:
        member.level, member.level_since = level, day
    challenge = pick(
        catalog.challenges,
        member_key=q.ref_of(member).key,
        day=day,
        level=member.level,
        focus=q.focus_of(member),
        weekdays=q.schedule_of(member).weekdays,
        history=q.past_nudges(deliveries),
    )
    values = {
        "member_id": member.id,
        "local_date": day,
        "challenge_id": challenge.id,
        "theme": challenge.theme,
        "kind": challenge.kind,
        "level": member.level,
        "claimed_at": now,
        "outcome": "open",
    }
    new_id = await q.insert_ignoring_conflict(
        session, Delivery, values, ["member_id", "local_date"]
    )
    if new_id is None:
        return None
    return Claimed(q.ref_of(member), await session.get_one(Delivery, new_id))


async def reschedule(session: AsyncSession, member: Member, now: datetime) -> None:
    """Store the member's next due date and instant, from their rules, never repeating a date."""
    schedule = q.schedule_of(member)
    start = schedule.local_date(now)
    last = await session.scalar(
        select(Delivery.local_date)
        .where(Delivery.member_id == member.id, Delivery.local_date >= start)
        .order_by(Delivery.local_date.desc())
        .limit(1)
    )
    if last is not None:
        start = last + timedelta(days=1)
    day = schedule.next_nudge_day(start, now) if member.status == "active" else None
    member.next_due_date = day
    member.next_due_at = schedule.due_at(day) if day else None


async def deliver_due(ctx: Context, limit: int = DUE_BATCH) -> int:
    """Deliver nudges due now (one batch of up to ``limit`` members); returns how many were sent."""
    sent, _ = await deliver_due_batch(ctx, limit)
    return sent


async def deliver_due_batch(ctx: Context, limit: int = DUE_BATCH) -> tuple[int, int]:
    """One batch: returns (nudges sent, members claimed); fewer claimed than ``limit`` = drained."""
    now = ctx.clock()
    claimed: list[Claimed] = []
    async with ctx.db.transaction() as session:
        due = await session.scalars(
            select(Member)
            .where(Member.status == "active", Member.next_due_at <= now)
            .order_by(Member.next_due_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        members = due.all()
        for member in members:
            day = _still_due(member, now)
            if day is not None and (found := await claim(session, ctx.catalog, member, day, now)):
                claimed.append(found)
            await reschedule(session, member, now)
    sent = 0
    for item in claimed:
        try:
            await send(ctx, item)
            sent += 1
        except Exception:
            # The claim stays recorded without sent_at; one member's failure never stops the rest.
            log.exception("could not deliver nudge %s to %s", item.delivery.id, item.to.key)
    return sent, len(members)


def _still_due(member: Member, now: datetime) -> date | None:
    """The stored due date, unless its catch-up deadline passed (downtime: skip, don't flood)."""
    day, schedule = member.next_due_date, q.schedule_of(member)
    if day is None or not schedule.is_nudge_day(day) or now > schedule.deadline(day):
        return None
    return day


async def send(ctx: Context, item: Claimed) -> None:
    card = card_of(ctx, item.delivery)
    message_ref = await ctx.messenger.send_card(item.to, card)
    async with ctx.db.transaction() as session:
        await session.execute(
            update(Delivery)
            .where(Delivery.id == item.delivery.id)
            .values(sent_at=ctx.clock(), message_ref=message_ref)
        )


def card_of(ctx: Context, delivery: Delivery, status: str | None = None) -> ChallengeCard:
    challenge = ctx.catalog.challenge(delivery.challenge_id)
    return ChallengeCard(
        delivery_id=delivery.id,
        day=delivery.local_date,
        text=challenge.text if challenge else "(This challenge has left the catalog.)",
        why=challenge.why if challenge else None,
        theme=delivery.theme,
        kind=delivery.kind,
        level=delivery.level,
        minutes=challenge.minutes if challenge else 5,
        status=status,
        buttons=_buttons(delivery),
    )


def _buttons(delivery: Delivery) -> tuple[Button, ...]:
    if delivery.outcome == "open":
        return nudge_buttons(delivery.id)
    return share_button(delivery.id) if delivery.outcome == "done" else ()
