"""Queries the use cases share, and the translation from rows to the pure rules' inputs."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from bot import rules_state
from bot.levels import LevelEvent
from bot.picker import PastNudge
from bot.ports import MemberRef
from bot.public_holidays import effective_region
from bot.rules_state import EMPTY, RulesState, UnreadableState, loads, unsettled
from bot.rules_state import DayRecord as DayRecord  # what the rules read from a delivery
from bot.rules_state import logged_days as logged_days  # delivered days for the streak rules
from bot.schedule import Schedule
from bot.storage import handling
from bot.storage.tables import Base, Delivery, Identity, LinkCode, Member, ProcessedEvent, Team
from bot.streaks import Outcome, StreakSummary

log = logging.getLogger(__name__)


async def member_by_ref(session: AsyncSession, ref: MemberRef) -> Member | None:
    """The member behind an account: their own (where nudges go) or one linked to it."""
    # With the rules state: a member's answer reads it next (recent_of), in the same trip.
    member = await session.scalar(
        select(Member)
        .where(
            Member.platform == ref.platform,
            Member.workspace == ref.workspace,
            Member.user_id == ref.user_id,
        )
        .options(undefer(Member.rules))
    )
    if member is not None:
        return member
    linked = await identity_of(session, ref)
    if linked is None:
        return None
    return await session.get(Member, linked.member_id, options=[undefer(Member.rules)])


async def identity_of(session: AsyncSession, ref: MemberRef) -> Identity | None:
    return await session.scalar(
        select(Identity).where(
            Identity.platform == ref.platform,
            Identity.workspace == ref.workspace,
            Identity.user_id == ref.user_id,
        )
    )


async def team_of_account(session: AsyncSession, member: Member, ref: MemberRef) -> str | None:
    """The team (workspace, guild) of the account ``ref`` a member is acting through."""
    if ref == ref_of(member):
        return member.team
    linked = await identity_of(session, ref)
    return linked.team if linked is not None else member.team


async def refresh_holidays(session: AsyncSession, member: Member) -> None:
    """Set the holiday region in force: the member's own, else the team's, else their zone's
    country. Call after the member's choice, their zone or their team's default changes."""
    team = None
    if member.team is not None:
        team = await session.scalar(
            select(Team.holidays).where(
                Team.platform == member.platform, Team.team_id == member.team
            )
        )
    member.holidays = effective_region(member.holidays_own, team, member.zone)


@dataclass(frozen=True)
class Recent:
    """A member's rules state and, as stored rows a use case may change, every delivery after
    it (at most a few weeks; a picture also asks for its weeks): all that ``done``, ``undo``,
    feedback and the streak read."""

    state: RulesState
    days: list[Delivery]

    def summary(self, today: date) -> StreakSummary:
        """The streak: the state's walk carried on over the days after it."""
        return rules_state.summary_after(self.state, self.unsettled(), today)

    def unsettled(self) -> list[Delivery]:
        return unsettled(self.state, self.days)

    def seen(self) -> list[DayRecord]:
        """The latest settled nudges, then the rest: what the picker looks back on."""
        return [*self.state.recent, *self.unsettled()]


async def recent_of(session: AsyncSession, member: Member, since: date | None = None) -> Recent:
    """The member's rules state and their deliveries after it, oldest first (an index range);
    with ``since``, from that date if it is earlier (a picture's weeks). The state comes with
    ``member`` when it was loaded with it (:func:`member_by_ref`), else from the database."""
    member_id = member.id
    if {"rules", "rules_through"} & inspect(member).unloaded:
        stored = (
            await session.execute(
                select(Member.rules_through, Member.rules).where(Member.id == member_id)
            )
        ).one()
        through, text = stored.rules_through, stored.rules
    else:
        through, text = member.rules_through, member.rules
    state = read_state(member_id, through, text) or EMPTY
    query = select(Delivery).where(Delivery.member_id == member_id)
    if state.through is not None:
        first = state.through + timedelta(days=1)
        query = query.where(Delivery.local_date >= min(first, since or first))
    days = list(await session.scalars(query.order_by(Delivery.local_date)))
    return Recent(state, days)


async def deliveries_of(session: AsyncSession, member_id: int) -> list[Delivery]:
    """All of a member's nudges, oldest first (a few hundred rows a year)."""
    rows = await session.scalars(
        select(Delivery).where(Delivery.member_id == member_id).order_by(Delivery.local_date)
    )
    return list(rows)


def insert_ignoring(session: AsyncSession, model: type[Base], keys: Sequence[str]) -> Any:
    """``INSERT … ON CONFLICT (keys) DO NOTHING`` in the session's dialect (SQLite, PostgreSQL)."""
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    return dialect.insert(model.__table__).on_conflict_do_nothing(index_elements=list(keys))


async def insert_ignoring_conflict(
    session: AsyncSession, model: type[Base], values: dict[str, Any], keys: Sequence[str]
) -> int | None:
    """Insert one row unless it conflicts; returns its first primary key, or None."""
    statement = insert_ignoring(session, model, keys).values(**values)
    return (await session.execute(statement.returning(*model.__table__.primary_key))).scalar()


async def first_time_seen(session: AsyncSession, event_key: str | None, now: datetime) -> bool:
    """Record an inbound event id; False when it was handled before (a platform retry).

    Recording it is what makes the event handled, so the inbox entry being handled (if any) is
    marked done in the same transaction (:mod:`bot.storage.handling`).
    """
    if event_key is None:
        return True
    new = await insert_ignoring_conflict(
        session, ProcessedEvent, {"key": event_key[:255], "seen_at": now}, ["key"]
    )
    if new is not None:
        await handling.mark_done(session, now)
    return new is not None


async def seen_before(session: AsyncSession, event_key: str) -> bool:
    """Whether an inbound event id was handled already (read only; the handler records it)."""
    found = await session.scalar(
        select(ProcessedEvent.key).where(ProcessedEvent.key == event_key[:255])
    )
    return found is not None


@dataclass(slots=True)
class DueMember:
    """A member as a delivery tick handles it: plain fields, no ORM bookkeeping."""

    id: int
    platform: str
    workspace: str
    user_id: str
    zone: str
    nudge_time: time
    weekdays: str
    paused_until: date | None
    holidays: str
    level: int
    level_since: date
    focus: str
    status: str
    next_due_date: date | None
    next_due_at: datetime | None
    welcomed_at: datetime | None
    rules_through: date | None
    rules: str | None


DUE_MEMBER_COLUMNS = tuple(getattr(Member, name) for name in DueMember.__slots__)

#: What the rules read a member from: a stored row, or the batch's lighter copy of one.
MemberFields = Member | DueMember


#: A delivery's columns as the rules read them (DayRecord), with its member.
DAY_RECORD_COLUMNS = (
    Delivery.member_id,
    Delivery.local_date,
    Delivery.challenge_id,
    Delivery.theme,
    Delivery.kind,
    Delivery.level,
    Delivery.outcome,
    Delivery.feedback,
    Delivery.person_id,
    Delivery.asks_person_id,
)


def read_state(member_id: int, through: date | None, text: str | None) -> RulesState | None:
    """A member's stored rules state; None when it cannot be read (said once in the log), so
    the caller reads the whole history and the next claim stores a good one."""
    try:
        return loads(through, text)
    except UnreadableState as why:
        log.warning(
            "member %s: rules state unreadable (%s); using the whole history", member_id, why
        )
        return None


async def rules_history(
    session: AsyncSession,
    member_ids: Sequence[int],
    stored: Mapping[int, tuple[date | None, str | None]] | None = None,
) -> dict[int, tuple[RulesState, list[DayRecord]]]:
    """Each member's rules state and, after it, the days it has not folded in (oldest first):
    what the rules read instead of a whole history. The stored state (``rules_through``,
    ``rules``) is read too unless ``stored`` holds it (a claim reads it with the member). The
    days are one index range per member, from the day after ``through``; a member without a
    state yet (or with one that cannot be read) gets all of theirs."""
    found: dict[int, tuple[RulesState, list[DayRecord]]] = {}
    if not member_ids:
        return found
    if stored is None:
        rows = await session.execute(
            select(Member.id, Member.rules_through, Member.rules).where(Member.id.in_(member_ids))
        )
        stored = {member_id: (through, text) for member_id, through, text in rows}
    unreadable = []
    for member_id in member_ids:
        state = read_state(member_id, *stored.get(member_id, (None, None)))
        if state is None:
            unreadable.append(member_id)
        found[member_id] = (state or EMPTY, [])
    after = func.coalesce(Member.rules_through, date.min)
    days = await session.execute(
        select(*DAY_RECORD_COLUMNS)
        .select_from(Member)
        .join(Delivery, and_(Delivery.member_id == Member.id, Delivery.local_date > after))
        .where(Member.id.in_(member_ids), Member.id.not_in(unreadable))
        .order_by(Delivery.member_id, Delivery.local_date)
    )
    if unreadable:
        everything = await session.execute(
            select(*DAY_RECORD_COLUMNS)
            .where(Delivery.member_id.in_(unreadable))
            .order_by(Delivery.member_id, Delivery.local_date)
        )
        days = [*days, *everything]  # type: ignore[assignment]
    for day in days:
        found[day.member_id][1].append(cast(DayRecord, day))
    return found


async def forget_events_before(session: AsyncSession, cutoff: datetime) -> int:
    """Drop inbound event ids older than ``cutoff``: platforms retry within minutes, not weeks."""
    result = await session.execute(delete(ProcessedEvent).where(ProcessedEvent.seen_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


async def forget_expired_codes(session: AsyncSession, now: datetime) -> None:
    await session.execute(delete(LinkCode).where(LinkCode.expires_at <= now))


def ref_of(member: MemberFields) -> MemberRef:
    return MemberRef(member.platform, member.workspace, member.user_id)


@cache
def zone_named(name: str) -> ZoneInfo:
    """ZoneInfo's own cache keeps only a few zones strongly; a busy tick touches dozens."""
    return ZoneInfo(name)


def schedule_of(member: MemberFields) -> Schedule:
    return Schedule(
        zone=zone_named(member.zone),
        nudge_time=member.nudge_time,
        weekdays=frozenset(int(d) for d in member.weekdays),
        paused_until=member.paused_until,
        holidays=member.holidays,
    )


def focus_of(member: MemberFields) -> frozenset[str]:
    return frozenset(filter(None, member.focus.split(",")))


def past_nudges(deliveries: Sequence[DayRecord]) -> list[PastNudge]:
    done = Outcome.DONE.value
    return [
        PastNudge(d.local_date, d.challenge_id, d.theme, d.kind, d.outcome == done)
        for d in deliveries
    ]


def level_events(deliveries: Sequence[DayRecord], summary: StreakSummary) -> list[LevelEvent]:
    return rules_state.level_events(deliveries, dict(summary.days))


def today_of(member: MemberFields, now: datetime) -> date:
    return now.astimezone(zone_named(member.zone)).date()
