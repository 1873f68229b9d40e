"""What a team's members did in a week, counted in the database for the weekly digest.

The counts are by member id; :mod:`bot.services.digests` names the members who opted in and
:mod:`bot.digest` turns the facts into a post.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import TeamRef
from bot.storage import intro_queries as iq
from bot.storage import queries as q
from bot.storage.tables import Delivery, Identity, Member, Milestone, Team, Win
from bot.streaks import Outcome

#: How far back the team streak looks.
STREAK_LOOKBACK = timedelta(days=400)


@dataclass(frozen=True)
class TeamWeek:
    """The week ``first``..``last`` (team dates) of the members asked about."""

    first: date
    last: date
    #: Every local date any of them had a nudge on since the team streak was last settled (or
    #: back ``STREAK_LOOKBACK`` when it never was): how many were done.
    done_per_day: dict[date, int]
    #: Challenges done this week, by member id (members with none are absent).
    done_by_member: dict[int, int]
    #: Wins shared in a team channel since the week began (team time).
    wins_shared: int
    #: Members who opted in to team celebrations (named in the digest).
    opted_in: frozenset[int]
    #: Milestones reached this week as (member id, days), in the order they were reached.
    milestones: tuple[tuple[int, int], ...]
    #: Intro groups of the team's rounds dated this week, and those with a member who met.
    intros_made: int = 0
    intros_met: int = 0
    #: The team streak as it stood at the end of ``streak_through`` (stored on the team).
    streak_carried: int = 0
    streak_through: date | None = None


def members_of(team: Team) -> Select[tuple[int]]:
    """The ids of the team's members (their own account there, or one linked there): a
    subquery, so the counts below join on it instead of binding thousands of ids."""
    own = select(Member.id).where(Member.platform == team.platform, Member.team == team.team_id)
    linked = select(Identity.member_id).where(
        Identity.platform == team.platform, Identity.team == team.team_id
    )
    return own.union(linked)  # type: ignore[return-value]


async def week_facts(session: AsyncSession, team: Team, today: date) -> TeamWeek:
    """The week ending ``today`` for the members of ``team``: read only (so it
    never holds SQLite's write lock), and over the week, or for the team streak over the days
    since it was last settled (two to three weeks)."""
    ids = members_of(team)
    first = today - timedelta(days=6)
    done = case((Delivery.outcome == Outcome.DONE.value, 1), else_=0)
    after = team.streak_through or today - STREAK_LOOKBACK - timedelta(days=1)
    per_day = await session.execute(
        select(Delivery.local_date, func.sum(done))
        .where(Delivery.member_id.in_(ids), Delivery.local_date > after)
        .group_by(Delivery.local_date)
    )
    week = await session.execute(
        select(Delivery.member_id, func.count())
        .where(
            Delivery.member_id.in_(ids),
            Delivery.local_date.between(first, today),
            Delivery.outcome == Outcome.DONE.value,
        )
        .group_by(Delivery.member_id)
    )
    start = datetime.combine(first, time(), q.zone_named(team.zone))
    wins = await session.scalar(
        select(func.count()).where(
            Win.member_id.in_(ids), Win.shared_at.is_not(None), Win.shared_at >= start
        )
    )
    opted_in = await session.scalars(select(Member.id).where(Member.id.in_(ids), Member.share_wins))
    reached = await session.execute(
        select(Milestone.member_id, Milestone.days)
        .where(Milestone.member_id.in_(ids), Milestone.reached_on.between(first, today))
        .order_by(Milestone.reached_on, Milestone.id)
    )
    groups = await iq.groups_made(session, TeamRef(team.platform, team.team_id), first, today)
    return TeamWeek(
        intros_made=len(groups),
        intros_met=sum(group.met for group in groups),
        first=first,
        last=today,
        done_per_day={day: int(count or 0) for day, count in per_day},
        done_by_member={member_id: int(count) for member_id, count in week},
        wins_shared=int(wins or 0),
        opted_in=frozenset(opted_in),
        milestones=tuple((member_id, days) for member_id, days in reached),
        streak_carried=team.streak_days if team.streak_through else 0,
        streak_through=team.streak_through,
    )
