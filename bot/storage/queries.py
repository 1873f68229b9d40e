"""Queries the use cases share, and the translation from rows to the pure rules' inputs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.levels import Feedback, LevelEvent
from bot.picker import PastNudge
from bot.ports import MemberRef
from bot.schedule import Schedule
from bot.storage.tables import Base, Delivery, Member, ProcessedEvent
from bot.streaks import LoggedDay, Outcome, StreakSummary


async def member_by_ref(session: AsyncSession, ref: MemberRef) -> Member | None:
    return await session.scalar(
        select(Member).where(
            Member.platform == ref.platform,
            Member.workspace == ref.workspace,
            Member.user_id == ref.user_id,
        )
    )


async def deliveries_of(session: AsyncSession, member_id: int) -> list[Delivery]:
    """All of a member's nudges, oldest first (a few hundred rows a year)."""
    rows = await session.scalars(
        select(Delivery).where(Delivery.member_id == member_id).order_by(Delivery.local_date)
    )
    return list(rows)


async def insert_ignoring_conflict(
    session: AsyncSession, model: type[Base], values: dict[str, Any], keys: Sequence[str]
) -> int | None:
    """INSERT … ON CONFLICT DO NOTHING; returns the new row's first primary key or None."""
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    table = model.__table__
    statement = (
        dialect.insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(keys))
        .returning(*table.primary_key)
    )
    return (await session.execute(statement)).scalar()


async def first_time_seen(session: AsyncSession, event_key: str | None, now: datetime) -> bool:
    """Record an inbound event id; False when it was handled before (a platform retry)."""
    if event_key is None:
        return True
    new = await insert_ignoring_conflict(
        session, ProcessedEvent, {"key": event_key[:255], "seen_at": now}, ["key"]
    )
    return new is not None


def ref_of(member: Member) -> MemberRef:
    return MemberRef(member.platform, member.workspace, member.user_id)


def schedule_of(member: Member) -> Schedule:
    return Schedule(
        zone=ZoneInfo(member.zone),
        nudge_time=member.nudge_time,
        weekdays=frozenset(int(d) for d in member.weekdays),
        paused_until=member.paused_until,
    )


def focus_of(member: Member) -> frozenset[str]:
    return frozenset(filter(None, member.focus.split(",")))


def logged_days(deliveries: Sequence[Delivery]) -> list[LoggedDay]:
    return [LoggedDay(d.local_date, Outcome(d.outcome)) for d in deliveries]


def past_nudges(deliveries: Sequence[Delivery]) -> list[PastNudge]:
    return [PastNudge(d.local_date, d.challenge_id, d.theme, d.kind) for d in deliveries]


def level_events(deliveries: Sequence[Delivery], summary: StreakSummary) -> list[LevelEvent]:
    states = dict(summary.days)
    return [
        LevelEvent(
            d.local_date,
            d.level,
            states[d.local_date],
            Feedback(d.feedback) if d.feedback else None,
        )
        for d in deliveries
    ]


def today_of(member: Member, now: datetime) -> date:
    return now.astimezone(ZoneInfo(member.zone)).date()
