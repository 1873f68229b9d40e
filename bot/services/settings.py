"""Settings, pause and resume. A change takes effect from the next nudge and never sends twice
on one local date: the next due date is recomputed from the new rules, past delivered dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import MemberRef
from bot.preferences import (
    FOLLOW_TEAM,
    SETTINGS_USAGE,
    Invalid,
    SettingsChange,
    format_weekdays,
    parse_pause,
)
from bot.services import delivery, texts
from bot.services.context import Context, as_member
from bot.storage import queries as q
from bot.storage.tables import Delivery, Member, Pause
from bot.streaks import Outcome
from bot.views import Reply
from bot.vocabulary import FOCUS_TAGS


async def settings(
    ctx: Context,
    ref: MemberRef,
    change: SettingsChange,
    usage: str = SETTINGS_USAGE,
    event_id: str | None = None,
) -> Reply | None:
    """``/network-settings``: an empty change shows the settings (with ``usage``, the front
    end's way of changing them); otherwise the values given, already read, are applied."""

    async def act(session: AsyncSession, member: Member, now: datetime) -> Reply:
        if change.is_empty():
            return Reply(describe(member, usage))
        return await apply_change(session, member, change, now)

    return await as_member(ctx, ref, event_id, act)


@dataclass(frozen=True)
class CurrentSettings:
    """A member's settings as a form shows them (prefilled Slack modal, Discord options)."""

    zone: str
    nudge_time: time
    weekdays: frozenset[int]
    focus: frozenset[str]
    share_wins: bool
    paused_until: date | None
    level: int


async def current(ctx: Context, ref: MemberRef) -> CurrentSettings | None:
    async with ctx.db.transaction() as session:
        member = await q.member_by_ref(session, ref)
        if member is None:
            return None
        return CurrentSettings(
            zone=member.zone,
            nudge_time=member.nudge_time,
            weekdays=q.schedule_of(member).weekdays,
            focus=q.focus_of(member),
            share_wins=member.share_wins,
            paused_until=member.paused_until,
            level=member.level,
        )


async def pause(
    ctx: Context, ref: MemberRef, text: str, event_id: str | None = None
) -> Reply | None:
    """``/network-pause 3 days`` / ``/network-pause until 2026-12-01``."""

    async def act(session: AsyncSession, member: Member, now: datetime) -> Reply:
        last = parse_pause(text, q.today_of(member, now))
        if isinstance(last, Invalid):
            return Reply(last.message)
        return await apply_pause(session, member, last, now)

    return await as_member(ctx, ref, event_id, act)


async def resume(ctx: Context, ref: MemberRef, event_id: str | None = None) -> Reply | None:
    async def act(session: AsyncSession, member: Member, now: datetime) -> Reply:
        return await apply_resume(session, member, now)

    return await as_member(ctx, ref, event_id, act)


async def apply_change(
    session: AsyncSession, member: Member, change: SettingsChange, now: datetime
) -> Reply:
    if change.zone is not None:
        member.zone = change.zone.key
    if change.nudge_time is not None:
        member.nudge_time = change.nudge_time
    if change.weekdays is not None:
        member.weekdays = "".join(str(d) for d in sorted(change.weekdays))
    if change.focus is not None:
        member.focus = ",".join(sorted(change.focus))
    if change.share_wins is not None:
        member.share_wins = change.share_wins
    if change.holidays is not None:
        member.holidays_own = None if change.holidays == FOLLOW_TEAM else change.holidays
    if change.holidays is not None or change.zone is not None:
        await q.refresh_holidays(session, member)
    await delivery.reschedule(session, member, now)
    return Reply(f"Saved.\n{describe(member)}")


async def apply_pause(session: AsyncSession, member: Member, last: date, now: datetime) -> Reply:
    """Pause through ``last`` (inclusive). Today's open nudge, if any, no longer counts."""
    today = q.today_of(member, now)
    await _end_pause(session, member, today - timedelta(days=1))
    session.add(Pause(member_id=member.id, first_day=today, last_day=last))
    member.paused_until = last
    for open_nudge in await _open_between(session, member, q.today_of(member, now), last):
        open_nudge.outcome = Outcome.EXCUSED.value
    await delivery.reschedule(session, member, now)
    back = last + timedelta(days=1)
    return Reply(
        f"Paused. I'll be back from {back:%a %d %b}; your streak is safe while you're away. "
        "Type `resume` to come back sooner."
    )


async def apply_resume(session: AsyncSession, member: Member, now: datetime) -> Reply:
    today = q.today_of(member, now)
    if member.paused_until is None or member.paused_until < today:
        return Reply(f"You're not paused. {texts.next_nudge(member)}")
    member.paused_until = None
    await _end_pause(session, member, today - timedelta(days=1))
    for excused in await _open_between(session, member, today, today, Outcome.EXCUSED):
        excused.outcome = Outcome.OPEN.value
    await delivery.reschedule(session, member, now)
    return Reply(f"Welcome back! {texts.next_nudge(member)}")


async def _end_pause(session: AsyncSession, member: Member, last: date) -> None:
    """Cut the pause in progress short at ``last`` (forgetting it if it hadn't begun by then)."""
    ongoing = await session.scalars(
        select(Pause).where(Pause.member_id == member.id, Pause.last_day > last)
    )
    for pause in ongoing:
        if pause.first_day > last:
            await session.delete(pause)
        else:
            pause.last_day = last


async def _open_between(
    session: AsyncSession, member: Member, first: date, last: date, outcome: Outcome = Outcome.OPEN
) -> list[Delivery]:
    found = await session.scalars(
        select(Delivery)
        .where(
            Delivery.member_id == member.id,
            Delivery.local_date.between(first, last),
            Delivery.outcome == outcome.value,
        )
        .order_by(Delivery.local_date)
    )
    return list(found)


def describe_holidays(member: Member) -> str:
    region = member.holidays or "none"
    return region if member.holidays_own is not None else f"{region} (the team's default)"


def describe(member: Member, usage: str = SETTINGS_USAGE) -> str:
    focus = ", ".join(t.replace("_", " ") for t in FOCUS_TAGS if t in member.focus.split(","))
    paused = f"until {member.paused_until:%a %d %b}" if member.paused_until else "no"
    return "\n".join(
        [
            "Your settings:",
            f"• Time zone: {member.zone}",
            f"• Nudge time: {member.nudge_time:%H:%M}",
            f"• Days: {format_weekdays(q.schedule_of(member).weekdays)}",
            f"• Focus: {focus or 'none yet'}",
            f"• Celebrate milestones with the team: {'on' if member.share_wins else 'off'}",
            f"• Public holidays off: {describe_holidays(member)}",
            f"• Level: {member.level} of 3",
            f"• Paused: {paused}",
            texts.next_nudge(member),
            usage,
        ]
    )
