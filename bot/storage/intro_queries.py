"""Reading and claiming intro rounds in the database (see :mod:`bot.services.intros`).

A step of a round is claimed by stamping its seats in one ``UPDATE … RETURNING``: whichever
instance's statement stamps a seat sends its message, and no other instance sees it unstamped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, distinct, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.intros.matching import Pair
from bot.intros.rhythm import OptIn
from bot.intros.texts import Outcome
from bot.member_status import MemberStatus
from bot.ports import TeamRef
from bot.storage import queries as q
from bot.storage.tables import IntroMember, IntroRound, IntroSeat, Member, Team, TeamIntros


@dataclass(frozen=True)
class Seated:
    """A claimed seat and its member: what a message about the round needs."""

    seat_id: int
    round_id: int
    group_no: int | None
    unpaired: str | None
    member: Member


async def ensure_round(session: AsyncSession, team: Team, day: date, now: datetime) -> IntroRound:
    """The team's round on ``day``, made once whatever the instances."""
    values = {"team_id": team.id, "round_date": day, "created_at": now, "paired_at": None}
    await q.insert_ignoring_conflict(session, IntroRound, values, ["team_id", "round_date"])
    found = await session.scalar(
        select(IntroRound).where(IntroRound.team_id == team.id, IntroRound.round_date == day)
    )
    assert found is not None
    return found


def eligible_on(day: date) -> tuple[ColumnElement[bool], ...]:
    """Opted in and not paused (intros or nudges) on ``day``, and reachable (active)."""
    return (
        Member.status == MemberStatus.ACTIVE.value,
        IntroMember.state != OptIn.OFF.value,
        or_(IntroMember.paused_until.is_(None), IntroMember.paused_until < day),
        or_(Member.paused_until.is_(None), Member.paused_until < day),
    )


async def seat_everyone(session: AsyncSession, team: Team, round_: IntroRound) -> None:
    """A seat in the round for each member of the team who may take part on its date."""
    ids = await session.scalars(
        select(Member.id)
        .join(IntroMember, IntroMember.member_id == Member.id)
        .where(
            Member.platform == team.platform,
            Member.team == team.team_id,
            *eligible_on(round_.round_date),
        )
    )
    rows = [{"round_id": round_.id, "member_id": i, "skipped": False} for i in ids]
    if rows:
        await session.execute(
            q.insert_ignoring(session, IntroSeat, ["round_id", "member_id"]), rows
        )


async def takers(
    session: AsyncSession, round_: IntroRound
) -> list[tuple[IntroSeat, Member, str | None]]:
    """The round's seats that are not skipped and whose member may still take part, with the
    member and their group."""
    found = await session.execute(
        select(IntroSeat, Member, IntroMember.group)
        .join(Member, Member.id == IntroSeat.member_id)
        .join(IntroMember, IntroMember.member_id == Member.id)
        .where(
            IntroSeat.round_id == round_.id,
            IntroSeat.skipped.is_(False),
            *eligible_on(round_.round_date),
        )
        .order_by(IntroSeat.id)
    )
    return [(seat, member, group) for seat, member, group in found.tuples()]


async def met_before(session: AsyncSession, team: Team, before: date) -> set[Pair]:
    """Every pair of members grouped together in the team's rounds before ``before``."""
    other = aliased(IntroSeat)
    found = await session.execute(
        select(IntroSeat.member_id, other.member_id)
        .join(
            other,
            and_(
                other.round_id == IntroSeat.round_id,
                other.group_no == IntroSeat.group_no,
                other.member_id > IntroSeat.member_id,
            ),
        )
        .join(IntroRound, IntroRound.id == IntroSeat.round_id)
        .where(IntroRound.team_id == team.id, IntroRound.round_date < before)
    )
    return {frozenset(pair) for pair in found.tuples()}


async def claim(
    session: AsyncSession, stamp: Any, now: datetime, *where: ColumnElement[bool]
) -> list[Seated]:
    """Stamp ``stamp`` (a seat column) on the unstamped seats matching ``where`` and return them
    with their members: the seats this instance now owns the message for."""
    claimed = await session.execute(
        update(IntroSeat)
        .where(stamp.is_(None), IntroSeat.skipped.is_(False), *where)
        .values({stamp.key: now})
        .returning(IntroSeat.id)
    )
    return await seated(session, [seat_id for (seat_id,) in claimed])


async def seated(session: AsyncSession, seat_ids: Sequence[int]) -> list[Seated]:
    if not seat_ids:
        return []
    found = await session.execute(
        select(IntroSeat, Member)
        .join(Member, Member.id == IntroSeat.member_id)
        .where(IntroSeat.id.in_(seat_ids))
        .order_by(IntroSeat.id)
    )
    return [Seated(s.id, s.round_id, s.group_no, s.unpaired, m) for s, m in found.tuples()]


async def group_members(
    session: AsyncSession, round_ids: Sequence[int]
) -> dict[tuple[int, int], list[Member]]:
    """Every group of the rounds, by (round id, group number), members in seat order."""
    found = await session.execute(
        select(IntroSeat.round_id, IntroSeat.group_no, Member)
        .join(Member, Member.id == IntroSeat.member_id)
        .where(IntroSeat.round_id.in_(round_ids), IntroSeat.group_no.is_not(None))
        .order_by(IntroSeat.id)
    )
    groups: dict[tuple[int, int], list[Member]] = {}
    for round_id, group_no, member in found.tuples():
        groups.setdefault((round_id, group_no or 0), []).append(member)
    return groups


async def unstamp(session: AsyncSession, stamp: Any, seat_ids: Sequence[int]) -> None:
    """Let a message be claimed again (the platform asked us to wait)."""
    await session.execute(
        update(IntroSeat).where(IntroSeat.id.in_(seat_ids)).values({stamp.key: None})
    )


def _seated_in_rounds(team: TeamRef, first: date, last: date, *columns: Any) -> Select[Any]:
    """``columns`` over the seats in a group of the team's rounds dated ``first``..``last``."""
    return (
        select(*columns)
        .select_from(IntroSeat)
        .join(IntroRound, IntroRound.id == IntroSeat.round_id)
        .join(Team, Team.id == IntroRound.team_id)
        .where(
            Team.platform == team.platform,
            Team.team_id == team.team_id,
            IntroRound.round_date.between(first, last),
            IntroSeat.group_no.is_not(None),
        )
    )


@dataclass(frozen=True)
class GroupMade:
    """An intro group (a round's members with one ``group_no``): its round's date, whether a
    member of it answered "Met", and how many were in it."""

    day: date
    met: bool
    size: int


async def groups_made(
    session: AsyncSession, team: TeamRef, first: date, last: date
) -> list[GroupMade]:
    """Each intro group in the team's rounds dated ``first``..``last``."""
    met = func.max(case((IntroSeat.outcome == Outcome.MET.value, 1), else_=0))
    found = await session.execute(
        _seated_in_rounds(team, first, last, IntroRound.round_date, met, func.count()).group_by(
            IntroSeat.round_id, IntroRound.round_date, IntroSeat.group_no
        )
    )
    return [GroupMade(day, bool(was_met), int(size)) for day, was_met, size in found]


async def members_introduced(session: AsyncSession, team: TeamRef, first: date, last: date) -> int:
    """How many members were in a group in the team's rounds dated ``first``..``last``."""
    count = await session.scalar(
        _seated_in_rounds(team, first, last, func.count(distinct(IntroSeat.member_id)))
    )
    return int(count or 0)


async def intros_on(session: AsyncSession, team: TeamRef) -> bool:
    """Whether the team has intro rounds set (``/network-admin intros``)."""
    found = await session.scalar(
        select(TeamIntros.team_id)
        .join(Team, Team.id == TeamIntros.team_id)
        .where(Team.platform == team.platform, Team.team_id == team.team_id)
    )
    return found is not None
