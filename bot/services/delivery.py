"""Claiming nudges: pick each due member's challenge and record the delivery, a batch at a time.

Claiming, recording the delivery and advancing the member's next due instant happen in one
transaction. The database's unique (member, local date) constraint makes a second claim for the
same day a no-op whichever instance or retry attempts it; on PostgreSQL the due members are also
locked with ``FOR UPDATE SKIP LOCKED`` so several instances share the work instead of colliding.
Each claim carries a lease: if the claiming instance dies before the send is recorded, a later
tick finds the lease expired and sends it (see :mod:`bot.services.dispatch`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import people as rules
from bot import rules_state
from bot.catalog import Catalog
from bot.levels import level_change
from bot.logging_rules import WORDS_REACH
from bot.member_status import MemberStatus
from bot.picker import pick
from bot.ports import MemberRef
from bot.reflection import WeekDay, weekly_reflection
from bot.services.intro_nudges import add_intros
from bot.storage import queries as q
from bot.storage import rules_store
from bot.storage.tables import Delivery, Member, Person
from bot.streaks import DayState, Outcome, StreakSummary, ended_on
from bot.views import Button, ChallengeCard, nudge_buttons, share_button

DUE_BATCH = 500
LEASE = timedelta(minutes=2)
FIRST_NUDGE_WELCOME = (
    "Hello from nudgebot! Here is your first challenge; reply `done` when you try it."
)


#: One executemany for the whole batch (plain Core: no ORM bookkeeping per row).
MEMBER_SCHEDULE_UPDATE = (
    update(Member.__table__)  # type: ignore[arg-type]
    .where(Member.__table__.c.id == bindparam("v_id"))
    .values(
        level=bindparam("v_level"),
        level_since=bindparam("v_level_since"),
        next_due_date=bindparam("v_next_due_date"),
        next_due_at=bindparam("v_next_due_at"),
    )
)


@dataclass(frozen=True)
class Outgoing:
    """A claimed nudge on its way out: who, what, and until when it is still worth sending."""

    delivery_id: int
    member_id: int
    to: MemberRef
    card: ChallengeCard
    deadline: datetime
    attempts: int = 0
    #: Sent before the card: the welcome, for a member's very first nudge.
    welcome: str | None = None
    #: Sent before the card: what changed since the last nudge (a level, a freeze, a comeback).
    news: str | None = None
    #: Sent before the card, after the rest: a question with its answer buttons (joining's).
    asks: tuple[str, tuple[Button, ...]] | None = None
    #: An earlier attempt's outcome was never recorded (its lease ran out with no error): it may
    #: have reached the member, so look before sending again.
    unconfirmed: bool = False


async def claim_due(
    session: AsyncSession,
    catalog: Catalog,
    now: datetime,
    limit: int,
    lease: timedelta,
    platforms: frozenset[str] | None = None,
) -> tuple[list[Outgoing], int]:
    """Claim up to ``limit`` due members (on ``platforms``, or any); returns the nudges to send
    and how many were due."""
    found = await session.execute(
        select(*q.DUE_MEMBER_COLUMNS)
        .where(Member.next_due_at <= now, *_serving(platforms))
        .order_by(Member.next_due_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    members = [q.DueMember(*row) for row in found]
    if not members:
        return [], 0
    known = await q.rules_history(
        session,
        [m.id for m in members],
        {m.id: (m.rules_through, m.rules) for m in members},
    )
    rows: list[dict[str, Any]] = []
    deadlines: dict[int, datetime] = {}
    settled: list[dict[str, Any]] = []
    history: dict[int, list[q.DayRecord]] = {}
    for member in members:
        due, (state, fresh) = _still_due(member, now), known[member.id]
        past = history[member.id] = [*state.recent, *fresh]
        day = due[0] if due else None
        if due and all(p.local_date != due[0] for p in fresh):
            deadlines[member.id] = due[1]
            rows.append(
                plan(catalog, member, due[0], (state, fresh), now) | {"lease_until": now + lease}
            )
            if (through := rules_state.due_to_settle(state, due[0])) is not None:
                state = rules_state.settle(state, fresh, through, member.level, member.level_since)
                settled.append(
                    {
                        "v_id": member.id,
                        "v_through": through,
                        "v_rules": rules_state.dumps(state),
                    }
                )
        start = day + timedelta(days=1) if day else q.schedule_of(member).local_date(now)
        advance(member, start, [p.local_date for p in past], now)
    if settled:
        await session.execute(rules_store.RULES_UPDATE, settled)
    await session.execute(
        MEMBER_SCHEDULE_UPDATE,
        [
            {
                "v_id": m.id,
                "v_level": m.level,
                "v_level_since": m.level_since,
                "v_next_due_date": m.next_due_date,
                "v_next_due_at": m.next_due_at,
            }
            for m in members
        ],
    )
    by_id = {m.id: m for m in members}
    await _add_reflections(session, rows, by_id)
    await _add_people(session, catalog, rows, by_id, history)
    await add_intros(session, catalog, rows, now)
    return await _insert(session, catalog, rows, by_id, deadlines), len(members)


async def _add_people(
    session: AsyncSession,
    catalog: Catalog,
    rows: list[dict[str, Any]],
    members: Mapping[int, q.MemberFields],
    history: Mapping[int, Sequence[q.DayRecord]],
) -> None:
    """Kept people in the day's nudge: a person who is due becomes the day's challenge (at most
    ``PER_WEEK`` a week, never on the reflection day nor over a catalog follow-up), and a
    reach-out made a few days ago is asked about ("Did Sam reply?").

    Two reads for the batch, each bounded by the batch, not by list sizes: the check-backs that
    may be due, and for each member who may get a follow-up today only the one most overdue
    person not offered in the last ``RETRY_AFTER`` days. Both rules read the history (what was
    offered, what was asked), so nothing is written to ``people``: the nudge itself records the
    offer (``person_id``) and the ask (``asks_person_id``). An UPDATE a nudge cost a sixth of the
    throughput on SQLite.
    """
    if not rows:
        return
    latest = max(row["local_date"] for row in rows)
    follow_ups = catalog.follow_up_ids()
    eligible = {
        row["member_id"]: row["local_date"]
        for row in rows
        if row["challenge_id"] not in follow_ups
        and _may_follow_up(members[row["member_id"]], row["local_date"], history)
    }
    earliest = min(row["local_date"] for row in rows)
    asking = await _people_rows(
        session,
        Person.member_id.in_([row["member_id"] for row in rows]),
        Person.check_back_on <= latest,
        Person.check_back_on > earliest - timedelta(days=rules.CHECK_BACK_WINDOW),
    )
    offered = set().union(
        *(
            rules.resting(((p.local_date, p.person_id) for p in history[member_id]), day)
            for member_id, day in eligible.items()
        )
    )
    most_overdue = await _people_rows(
        session,
        Person.member_id.in_(eligible),
        Person.next_check_in <= latest,
        Person.id.not_in(offered),
        first_per_member=True,
    )
    for row in rows:
        day, member_id = row["local_date"], row["member_id"]
        asked = [(p.local_date, p.asks_person_id) for p in history[member_id]]
        ask = next(
            (
                p
                for p in asking.get(member_id, ())
                if rules.check_back_due(p.id, p.check_back_on, asked, day)
            ),
            None,
        )
        if ask is not None:
            row["asks_person_id"] = ask.id
            row["asks"] = rules.check_back_question(_shown(ask), ask.id)
        person = most_overdue[member_id][0] if member_id in most_overdue else None
        if person is None or person.next_check_in > day:
            continue
        row |= {
            "challenge_id": rules.PERSONAL_ID,
            "theme": "building_relationships",
            "kind": "reach_out",
            "person_id": person.id,
            "personal_text": rules.follow_up_text(
                _shown(person), person.context, person.last_contact, day
            ),
        }


def _may_follow_up(
    member: q.MemberFields, day: date, history: Mapping[int, Sequence[q.DayRecord]]
) -> bool:
    """Not on the reflection day, and not once this week's ``PER_WEEK`` follow-ups are used."""
    if day.isoweekday() == q.schedule_of(member).last_nudge_weekday():
        return False
    week = day.isocalendar()[:2]
    this_week = sum(
        1
        for past in history.get(member.id, ())
        if past.challenge_id == rules.PERSONAL_ID and past.local_date.isocalendar()[:2] == week
    )
    return this_week < rules.PER_WEEK


async def _people_rows(
    session: AsyncSession, *where: ColumnElement[bool], first_per_member: bool = False
) -> dict[int, list[Any]]:
    """Kept people as plain rows, grouped by member, most overdue first; with
    ``first_per_member`` only each member's first (a window, so the read stays one row each)."""
    columns = (
        Person.id,
        Person.member_id,
        Person.name,
        Person.user_id,
        Person.context,
        Person.last_contact,
        Person.next_check_in,
        Person.check_back_on,
        Person.check_backs,
    )
    order = (Person.next_check_in, Person.id)
    if first_per_member:
        rank = func.row_number().over(partition_by=Person.member_id, order_by=order)
        ranked = select(*columns, rank.label("rank")).where(*where).subquery()
        query = select(*(ranked.c[c.key] for c in columns)).where(ranked.c.rank == 1)
    else:
        query = select(*columns).where(*where).order_by(*order)
    grouped: dict[int, list[Any]] = {}
    for found in await session.execute(query):
        grouped.setdefault(found.member_id, []).append(found)
    return grouped


def _shown(person: Any) -> str:
    """A person in text the claim writes ahead of time: a mention's markup, or the name."""
    return f"<@{person.user_id}>" if person.user_id else person.name


async def _add_reflections(
    session: AsyncSession, rows: list[dict[str, Any]], members: Mapping[int, q.MemberFields]
) -> None:
    """On a member's last nudge day of the week, their week's reflection goes before the card
    (one query for the batch's reflecting members, notes included)."""
    reflecting = {
        row["member_id"]: row
        for row in rows
        if row["local_date"].isoweekday()
        == q.schedule_of(members[row["member_id"]]).last_nudge_weekday()
    }
    if not reflecting:
        return
    earliest = min(row["local_date"] for row in reflecting.values()) - timedelta(days=6)
    found = await session.execute(
        select(Delivery.member_id, Delivery.local_date, Delivery.theme, Delivery.outcome)
        .add_columns(Delivery.note)
        .where(Delivery.member_id.in_(reflecting), Delivery.local_date >= earliest)
    )
    weeks: dict[int, list[WeekDay]] = {member_id: [] for member_id in reflecting}
    for member_id, day, theme, outcome, note in found:
        row = reflecting[member_id]
        if day.isocalendar()[:2] == row["local_date"].isocalendar()[:2]:
            weeks[member_id].append(WeekDay(day, theme, outcome, note))
    for member_id, row in reflecting.items():
        reflection = weekly_reflection(weeks[member_id], row["local_date"])
        row["news"] = "\n".join(filter(None, [row.get("news"), reflection])) or None


async def claim_one(
    session: AsyncSession, catalog: Catalog, member: Member, day: date, now: datetime
) -> Outgoing | None:
    """Claim ``day`` for one member right now (joining); None if that date already has a nudge."""
    state, fresh = (await q.rules_history(session, [member.id]))[member.id]
    if any(p.local_date == day for p in fresh):
        return None
    row = plan(catalog, member, day, (state, fresh), now) | {"lease_until": now + LEASE}
    claimed = await _insert(session, catalog, [row], {member.id: member})
    return claimed[0] if claimed else None


def plan(
    catalog: Catalog,
    member: q.MemberFields,
    day: date,
    known: tuple[rules_state.RulesState, Sequence[q.DayRecord]],
    now: datetime,
) -> dict[str, Any]:
    """The delivery row for ``day``: level adjusted for what happened, challenge picked, and
    (under ``news``, not stored) what changed since the last nudge, in the member's words.
    ``known`` is the member's rules state and the days after it (:func:`q.rules_history`)."""
    state, fresh = known
    past = [*state.recent, *fresh]
    summary = rules_state.summary_after(state, fresh, day)
    level, why = level_change(
        member.level,
        member.level_since,
        q.level_events(fresh, summary),
        rules_state.counted_for(state, member.level, member.level_since),
    )
    news = [_since_last_time(past, summary, day, member.paused_until, state.walk.current)]
    if level != member.level:
        news.append(_level_news(member.level, level, why))
        member.level, member.level_since = level, day
    challenge = pick(
        catalog.challenges,
        member_key=q.ref_of(member).key,
        day=day,
        level=member.level,
        focus=q.focus_of(member),
        weekdays=q.schedule_of(member).weekdays,
        history=[*state.recent, *q.past_nudges(fresh)],
    )
    return {
        "member_id": member.id,
        "local_date": day,
        "challenge_id": challenge.id,
        "theme": challenge.theme,
        "kind": challenge.kind,
        "level": member.level,
        "claimed_at": now,
        "outcome": Outcome.OPEN.value,
        "attempts": 0,
        "news": "\n".join(filter(None, news)) or None,
    }


#: A gap this long between nudges (or a pause) makes today a comeback.
COMEBACK_GAP = timedelta(days=7)


def _since_last_time(
    past: Sequence[q.DayRecord],
    summary: StreakSummary,
    day: date,
    paused_until: date | None,
    carried: int = 0,
) -> str | None:
    """A comeback, a freeze spent or a streak that ended on the last nudge day: said once, on
    the next card, so the member never has to work out what happened. ``carried`` is the
    streak where ``summary``'s days begin (the rules state's)."""
    earlier = [p for p in past if p.local_date < day]
    if not earlier:
        return None
    last = earlier[-1]
    back_from_pause = paused_until is not None and last.local_date <= paused_until < day
    if back_from_pause or last.outcome == Outcome.EXCUSED.value:
        return (
            "👋 Welcome back! This is your first one after your pause: no catching up, and "
            "your streak waited for you."
        )
    if day - last.local_date > COMEBACK_GAP:
        return (
            "👋 Welcome back! This is your first one after a break: no catching up, no guilt. "
            "Today counts as a fresh start."
        )
    state = dict(summary.days).get(last.local_date)
    when = f"{last.local_date:%A}"
    # Typed words still reach yesterday: say so, since the news may be undone by a late done.
    after_all = (
        f" Did it after all? Log today's, then another `done` logs {when}'s."
        if last.local_date >= day - WORDS_REACH
        else ""
    )
    if state is DayState.FROZEN:
        left = summary.freezes
        held = f"{left} freeze{'s' if left != 1 else ''} left" if left else "no freezes left"
        return (
            f"❄️ {when}'s challenge went undone, so a freeze kept your streak going ({held})."
            + after_all
        )
    ended = ended_on(summary.days, last.local_date, carried)
    if ended and summary.longest > 1 and summary.current == 0:
        return (
            f"{when}'s challenge went undone, so a new streak starts with today's. "
            f"Your best so far, {summary.longest} days, stays on record." + after_all
        )
    return None


def _level_news(before: int, after: int, why: str) -> str:
    if after > before:
        return f"⬆️ Level {after} of 3 from today, because {why}. Braver asks, same few minutes."
    return f"🌱 Level {after} of 3 from today, because {why}. Smaller steps still count."


async def _insert(
    session: AsyncSession,
    catalog: Catalog,
    rows: list[dict[str, Any]],
    members: Mapping[int, q.MemberFields],
    deadlines: Mapping[int, datetime] | None = None,
) -> list[Outgoing]:
    """Insert the batch's deliveries (skipping dates that already have one) and load them back."""
    if not rows:
        return []
    news = {row["member_id"]: row.pop("news", None) for row in rows}
    asks = {row["member_id"]: row.pop("asks", None) for row in rows}
    for row in rows:  # one executemany needs the same keys in every row
        row.setdefault("person_id", None)
        row.setdefault("personal_text", None)
        row.setdefault("asks_person_id", None)
    statement = q.insert_ignoring(session, Delivery, ["member_id", "local_date"]).returning(
        Delivery.id, Delivery.personal_text, *q.DAY_RECORD_COLUMNS
    )
    outgoing = []
    for d in await session.execute(statement, rows):
        member = members[d.member_id]
        welcome = None if member.welcomed_at else FIRST_NUDGE_WELCOME
        known = deadlines.get(member.id) if deadlines else None
        deadline = known or q.schedule_of(member).deadline(d.local_date)
        card = card_of(catalog, d)
        outgoing.append(
            Outgoing(
                d.id,
                member.id,
                q.ref_of(member),
                card,
                deadline,
                0,
                welcome,
                news[member.id],
                asks[member.id],
            )
        )
    return outgoing


async def claim_retries(
    session: AsyncSession,
    catalog: Catalog,
    now: datetime,
    limit: int,
    lease: timedelta,
    platforms: frozenset[str] | None = None,
) -> list[Outgoing]:
    """Unsent nudges whose lease ran out (a crash, or a backoff that has elapsed): send again,
    unless the day's deadline passed; then the day is let go rather than sent late."""
    rows = await session.execute(
        select(Delivery, Member)
        .join(Member, Member.id == Delivery.member_id)
        .where(Delivery.sent_at.is_(None), Delivery.lease_until <= now, *_serving(platforms))
        .order_by(Delivery.lease_until)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Delivery)
    )
    found = rows.all()
    asked = {d.asks_person_id for d, _ in found if d.asks_person_id is not None}
    people = (
        {p.id: p for p in await session.scalars(select(Person).where(Person.id.in_(asked)))}
        if asked
        else {}
    )
    outgoing = []
    for d, member in found:
        deadline = q.schedule_of(member).deadline(d.local_date)
        if d.outcome != Outcome.OPEN or member.status != MemberStatus.ACTIVE or now > deadline:
            d.lease_until = None
            if d.outcome == Outcome.OPEN:
                d.outcome = Outcome.EXCUSED.value
                d.last_error = d.last_error or "not delivered in time"
            continue
        d.lease_until = now + lease
        card = card_of(catalog, d)
        unconfirmed = d.last_error is None  # a backoff records its error; a crash records nothing
        # This attempt's outcome is unknown until it is recorded: should it die unrecorded, the
        # next claim must look before sending again, as after a first send. (A refused first
        # attempt left its error here, and a crash during the retry repeated it on Slack.)
        d.last_error = None
        person = people.get(d.asks_person_id) if d.asks_person_id else None
        outgoing.append(
            Outgoing(
                d.id,
                member.id,
                q.ref_of(member),
                card,
                deadline,
                d.attempts,
                asks=rules.check_back_question(_shown(person), person.id) if person else None,
                unconfirmed=unconfirmed,
            )
        )
    return outgoing


def _serving(platforms: frozenset[str] | None) -> tuple[ColumnElement[bool], ...]:
    """The condition for members on ``platforms``; none at all for everyone (None)."""
    return () if platforms is None else (Member.platform.in_(platforms),)


def _still_due(member: q.MemberFields, now: datetime) -> tuple[date, datetime] | None:
    """The stored due date and its deadline, unless that passed (downtime: skip, don't flood)."""
    day, schedule = member.next_due_date, q.schedule_of(member)
    if day is None or not schedule.is_nudge_day(day):
        return None
    deadline = schedule.deadline(day)
    return None if now > deadline else (day, deadline)


def advance(member: q.MemberFields, start: date, delivered: Sequence[date], now: datetime) -> None:
    """Store the next due date and instant from ``start``, never on a date already delivered."""
    later = [d for d in delivered if d >= start]
    if later:
        start = max(later) + timedelta(days=1)
    schedule = q.schedule_of(member)
    day = schedule.next_nudge_day(start, now) if member.status == MemberStatus.ACTIVE else None
    member.next_due_date = day
    member.next_due_at = schedule.due_at(day).astimezone(UTC) if day else None


async def reschedule(session: AsyncSession, member: Member, now: datetime) -> None:
    """Recompute one member's next nudge after a settings change, pause or resume."""
    start = q.schedule_of(member).local_date(now)
    last = await session.scalar(
        select(Delivery.local_date)
        .where(Delivery.member_id == member.id, Delivery.local_date >= start)
        .order_by(Delivery.local_date.desc())
        .limit(1)
    )
    advance(member, start, [last] if last else [], now)


class CardSource(q.DayRecord, Protocol):
    @property
    def id(self) -> int: ...
    @property
    def personal_text(self) -> str | None: ...


def card_of(catalog: Catalog, delivery: CardSource, status: str | None = None) -> ChallengeCard:
    challenge = catalog.challenge(delivery.challenge_id)
    missing = "(This challenge has left the catalog.)"
    return ChallengeCard(
        delivery_id=delivery.id,
        day=delivery.local_date,
        text=delivery.personal_text or (challenge.text if challenge else missing),
        why=challenge.why if challenge else None,
        theme=delivery.theme,
        kind=delivery.kind,
        level=delivery.level,
        minutes=challenge.minutes if challenge else 5,
        status=status,
        buttons=_buttons(delivery),
    )


def _buttons(delivery: CardSource) -> tuple[Button, ...]:
    if delivery.outcome == Outcome.OPEN:
        return nudge_buttons(delivery.id)
    return share_button(delivery.id) if delivery.outcome == Outcome.DONE else ()
