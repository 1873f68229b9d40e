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

from bot.member_status import MemberStatus
from bot.ports import TeamRef
from bot.storage.tables import Delivery, Identity, Member, Team, Win
from bot.streaks import LoggedDay, Outcome

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


async def active_between(session: AsyncSession, team: TeamRef, first: date, last: date) -> int:
    """Enrolled members who did at least one challenge from ``first`` to ``last``."""
    query = (
        select(func.count(distinct(Delivery.member_id)))
        .join(Member, Member.id == Delivery.member_id)
        .where(
            _enrolled(team),
            Delivery.local_date.between(first, last),
            Delivery.outcome == Outcome.DONE.value,
        )
    )
    return int(await session.scalar(query) or 0)


def _delivered(team: TeamRef, first: date, last: date) -> ColumnElement[bool]:
    return and_(
        _enrolled(team), Delivery.sent_at.is_not(None), Delivery.local_date.between(first, last)
    )


async def weekly(session: AsyncSession, team: TeamRef, first: date, weeks: int) -> list[Tally]:
    """One tally per week from ``first`` (a Monday), oldest first; empty weeks are zeros."""
    week = case(
        *(
            (Delivery.local_date.between(start, start + timedelta(days=6)), i)
            for i in range(weeks)
            for start in [first + timedelta(weeks=i)]
        ),
        else_=-1,
    ).label("week")
    last = first + timedelta(weeks=weeks, days=-1)
    # Bucketed in a subquery, so PostgreSQL groups by a plain column and not by an expression
    # full of parameters.
    nudges = (
        select(week, Delivery.member_id, Delivery.outcome)
        .join(Member, Member.id == Delivery.member_id)
        .where(_delivered(team, first, last))
        .subquery()
    )
    done = func.sum(case((nudges.c.outcome == Outcome.DONE.value, 1), else_=0))
    rows = await session.execute(
        select(
            nudges.c.week, func.count(), done, func.count(distinct(nudges.c.member_id))
        ).group_by(nudges.c.week)
    )
    found = {
        int(i): Tally(int(sent), int(done or 0), int(people)) for i, sent, done, people in rows
    }
    return [found.get(i, Tally(0, 0, 0)) for i in range(weeks)]


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


async def histories(
    session: AsyncSession, team: TeamRef, first: date, last: date
) -> dict[int, list[LoggedDay]]:
    """The period's delivered days of each enrolled member, for the streak rule."""
    rows = await session.execute(
        select(Delivery.member_id, Delivery.local_date, Delivery.outcome)
        .join(Member, Member.id == Delivery.member_id)
        .where(_delivered(team, first, last))
    )
    found: dict[int, list[LoggedDay]] = {}
    for member_id, day, outcome in rows:
        found.setdefault(member_id, []).append(LoggedDay(day, Outcome(outcome)))
    return found
