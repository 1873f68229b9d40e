"""Enrolling members in bulk (an admin's CSV) and listing who is enrolled.

Bulk enrolment sends nothing at once: each member's first nudge arrives at their next nudge time
with the welcome in front of it. A member already enrolled keeps their history; their schedule is
updated from the row. A ``group`` column names the member's sub-team, which intros pair across.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.intros.rhythm import OptIn
from bot.member_status import MemberStatus
from bot.ports import MemberRef
from bot.services import delivery
from bot.services.context import Context
from bot.storage import queries as q
from bot.storage.tables import IntroMember, Member


@dataclass(frozen=True)
class Enrolment:
    ref: MemberRef
    team: str | None = None
    zone: str | None = None
    nudge_time: time | None = None
    weekdays: frozenset[int] | None = None
    #: The member's group in the team (a sub-team), which intros pair across; None: unchanged.
    group: str | None = None


@dataclass(frozen=True)
class Enrolled:
    added: int
    updated: int


@dataclass(frozen=True)
class Listed:
    ref: MemberRef
    team: str | None
    zone: str
    nudge_time: time
    weekdays: frozenset[int]
    status: str
    reason: str | None
    next_nudge: datetime | None


async def enrol(ctx: Context, entries: Sequence[Enrolment]) -> Enrolled:
    """Add or update every entry in one transaction (the caller has validated them)."""
    now, settings = ctx.clock(), ctx.settings
    added = updated = 0
    async with ctx.db.transaction() as session:
        for entry in entries:
            member = await q.member_by_ref(session, entry.ref)
            if member is None:
                zone = entry.zone or settings.default_zone.key
                member = Member(
                    platform=entry.ref.platform,
                    workspace=entry.ref.workspace,
                    user_id=entry.ref.user_id,
                    team=entry.team,
                    zone=zone,
                    nudge_time=settings.default_time,
                    weekdays="".join(map(str, sorted(settings.default_weekdays))),
                    level=1,
                    level_since=now.astimezone(q.zone_named(zone)).date(),
                    focus="",
                    share_wins=False,
                    status=MemberStatus.ACTIVE.value,
                    joined_at=now,
                )
                session.add(member)
                added += 1
            else:
                updated += 1
            member.team = entry.team or member.team
            member.zone = entry.zone or member.zone
            member.nudge_time = entry.nudge_time or member.nudge_time
            if entry.weekdays is not None:
                member.weekdays = "".join(map(str, sorted(entry.weekdays)))
            await session.flush()
            if entry.group:
                await _set_group(session, member, entry.group, now)
            await q.refresh_holidays(session, member)
            await delivery.reschedule(session, member, now)
    return Enrolled(added, updated)


async def _set_group(session: AsyncSession, member: Member, group: str, now: datetime) -> None:
    """Keep the member's group for intros; it does not opt them in (only they can)."""
    choice = await session.get(IntroMember, member.id)
    if choice is None:
        choice = IntroMember(member_id=member.id, state=OptIn.OFF.value, updated_at=now)
        session.add(choice)
    choice.group = group


async def members(ctx: Context, platform: str | None = None) -> list[Listed]:
    async with ctx.db.transaction() as session:
        query = select(Member).order_by(Member.platform, Member.workspace, Member.user_id)
        if platform:
            query = query.where(Member.platform == platform)
        rows = list(await session.scalars(query))
    return [
        Listed(
            q.ref_of(m),
            m.team,
            m.zone,
            m.nudge_time,
            q.schedule_of(m).weekdays,
            m.status,
            m.status_reason,
            m.next_due_at.astimezone(q.zone_named(m.zone)) if m.next_due_at else None,
        )
        for m in rows
    ]
