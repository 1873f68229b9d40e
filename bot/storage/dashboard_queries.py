"""The dashboard's counts, each one query over a team's enrolled members and the period only.

Rows come back as plain tuples of counts; :mod:`bot.services.dashboard` applies the privacy rule.
A team's members are those whose own account is on the team, and those with a linked account
on it (as in the weekly digest).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.selectable import Subquery

from bot.member_status import MemberStatus
from bot.ports import TeamRef
from bot.storage.calendar_sql import day_number, day_number_of, month_of
from bot.storage.streak_sql import current_streaks
from bot.storage.tables import Delivery, Identity, Member, Team, Win
from bot.streaks import Outcome

ENROLLED = (MemberStatus.ACTIVE.value, MemberStatus.PARKED.value)


def on_team(team: TeamRef) -> ColumnElement[bool]:
    linked = select(Identity.member_id).where(
        Identity.platform == team.platform, Identity.team == team.team_id
    )
    return or_(
        and_(Member.platform == team.platform, Member.team == team.team_id),
        Member.id.in_(linked),
    )


def _enrolled(team: TeamRef) -> ColumnElement[bool]:
    return and_(on_team(team), Member.status.in_(ENROLLED))


def _done() -> Any:
    return func.sum(case((Delivery.outcome == Outcome.DONE.value, 1), else_=0))


@dataclass(frozen=True)
class Tally:
    """Delivered nudges, how many were done, and over how many members."""

    sent: int
    done: int
    members: int


async def teams(session: AsyncSession) -> list[tuple[TeamRef, str | None]]:
    """Every team with members or settings, with its zone when it has settings."""
    zones = {
        TeamRef(platform, team_id): zone
        for platform, team_id, zone in await session.execute(
            select(Team.platform, Team.team_id, Team.zone)
        )
    }
    found = await session.execute(
        select(Member.platform, Member.team).where(Member.team.is_not(None)).distinct()
    )
    refs = set(zones) | {TeamRef(platform, team) for platform, team in found if team}
    return [(ref, zones.get(ref)) for ref in sorted(refs, key=lambda r: r.key)]


async def enrolled(session: AsyncSession, team: TeamRef) -> int:
    return int(await session.scalar(select(func.count()).where(_enrolled(team))) or 0)


def _delivered(team: TeamRef, first: date, last: date) -> ColumnElement[bool]:
    return and_(
        _enrolled(team), Delivery.sent_at.is_not(None), Delivery.local_date.between(first, last)
    )


def period_nudges(team: TeamRef, first: date, last: date) -> Subquery:
    """The team's enrolled members' delivered nudges from ``first`` to ``last``: read through
    the index on (member, date), one range per member, never the whole history."""
    return (
        select(Delivery.member_id, Delivery.local_date, Delivery.outcome)
        .join(Member, Member.id == Delivery.member_id)
        .where(_delivered(team, first, last))
        .subquery("nudges")
    )


@dataclass(frozen=True)
class WeekTally(Tally):
    #: Members who did at least one challenge that week.
    active: int


async def weekly(session: AsyncSession, team: TeamRef, first: date, weeks: int) -> list[WeekTally]:
    """One tally per week from ``first`` (a Monday), oldest first; empty weeks are zeros."""
    last = first + timedelta(weeks=weeks, days=-1)
    nudges = period_nudges(team, first, last)
    week = (day_number(nudges.c.local_date) - day_number_of(first)) // 7
    done = nudges.c.outcome == Outcome.DONE.value
    rows = await session.execute(
        select(
            week,
            func.count(),
            func.sum(case((done, 1), else_=0)),
            func.count(distinct(nudges.c.member_id)),
            func.count(distinct(case((done, nudges.c.member_id)))),
        ).group_by(week)
    )
    found = {
        int(i): WeekTally(int(sent), int(done or 0), int(people), int(active))
        for i, sent, done, people, active in rows
    }
    return [found.get(i, WeekTally(0, 0, 0, 0)) for i in range(weeks)]


async def by_column(
    session: AsyncSession, team: TeamRef, first: date, last: date, column: Any
) -> list[tuple[Any, Tally]]:
    """Tallies of the period's delivered nudges grouped by one column (level, theme)."""
    rows = await session.execute(
        select(column, func.count(), _done(), func.count(distinct(Delivery.member_id)))
        .join(Member, Member.id == Delivery.member_id)
        .where(_delivered(team, first, last))
        .group_by(column)
        .order_by(column)
    )
    return [
        (key, Tally(int(sent), int(done or 0), int(people))) for key, sent, done, people in rows
    ]


async def levels(session: AsyncSession, team: TeamRef) -> dict[int, int]:
    """Enrolled members by their current level."""
    rows = await session.execute(
        select(Member.level, func.count()).where(_enrolled(team)).group_by(Member.level)
    )
    return {int(level): int(count) for level, count in rows}


async def focus_counts(session: AsyncSession, team: TeamRef, tags: Sequence[str]) -> dict[str, int]:
    """Enrolled members who chose each focus tag (``focus`` is comma-separated)."""
    padded = literal(",") + Member.focus + literal(",")
    counts = [func.sum(case((padded.like(f"%,{tag},%"), 1), else_=0)) for tag in tags]
    row = (await session.execute(select(*counts).where(_enrolled(team)))).one()
    return {tag: int(count or 0) for tag, count in zip(tags, row, strict=True)}


async def wins_shared(session: AsyncSession, team: TeamRef, since: datetime) -> int:
    query = (
        select(func.count())
        .select_from(Win)
        .join(Member, Member.id == Win.member_id)
        .where(_enrolled(team), Win.shared_at.is_not(None), Win.shared_at >= since)
    )
    return int(await session.scalar(query) or 0)


async def parked_reasons(session: AsyncSession, team: TeamRef) -> list[tuple[str, int]]:
    """Members the platform refuses to reach, by the reason stored when they were parked."""
    rows = await session.execute(
        select(Member.status_reason, func.count())
        .where(on_team(team), Member.status == MemberStatus.PARKED.value)
        .group_by(Member.status_reason)
    )
    return [(reason or "", int(count)) for reason, count in rows]


async def streak_counts(
    session: AsyncSession, team: TeamRef, first: date, today: date
) -> dict[int, int]:
    """How many members have each current streak (counted over ``first`` to ``today``), for
    those with a nudge delivered in that span."""
    streaks = current_streaks(period_nudges(team, first, today), today).subquery()
    rows = await session.execute(
        select(streaks.c.current, func.count()).group_by(streaks.c.current)
    )
    return {int(current): int(count) for current, count in rows}


async def member_page(
    session: AsyncSession, team: TeamRef, offset: int, limit: int
) -> tuple[int, list[tuple[int, str, str, str]]]:
    """The team's enrolled members by user id, one page of them: ``(id, platform, user id,
    status)`` rows, and how many there are in all. Never a note or anything they wrote."""
    total = int(await session.scalar(select(func.count()).where(_enrolled(team))) or 0)
    rows = await session.execute(
        select(Member.id, Member.platform, Member.user_id, Member.status)
        .where(_enrolled(team))
        .order_by(Member.platform, Member.user_id, Member.id)
        .offset(offset)
        .limit(limit)
    )
    return total, [(int(i), platform, user, status) for i, platform, user, status in rows]


async def streaks_of(
    session: AsyncSession, member_ids: Sequence[int], first: date, today: date
) -> dict[int, int]:
    """The current streak (counted over ``first`` to ``today``) of each of these members."""
    if not member_ids:
        return {}
    days = (
        select(Delivery.member_id, Delivery.local_date, Delivery.outcome)
        .where(
            Delivery.member_id.in_(member_ids),
            Delivery.sent_at.is_not(None),
            Delivery.local_date.between(first, today),
        )
        .subquery("days")
    )
    rows = await session.execute(current_streaks(days, today))
    return {int(member): int(current) for member, current in rows}


async def cohorts(
    session: AsyncSession, team: TeamRef, first: date, last: date
) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Enrolled members by join month (UTC, ``YYYY-MM``), and how many of each did at least one
    challenge in each month from ``first`` to ``last``: ``{(joined, month): members}``."""
    joined = month_of(Member.joined_at)
    sizes = await session.execute(
        select(joined, func.count()).where(_enrolled(team)).group_by(joined)
    )
    month = month_of(Delivery.local_date)
    active = await session.execute(
        select(joined, month, func.count(distinct(Delivery.member_id)))
        .join(Member, Member.id == Delivery.member_id)
        .where(_delivered(team, first, last), Delivery.outcome == Outcome.DONE.value)
        .group_by(joined, month)
    )
    return (
        {str(m): int(n) for m, n in sizes},
        {(str(j), str(m)): int(n) for j, m, n in active},
    )
