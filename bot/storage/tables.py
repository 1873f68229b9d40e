"""The schema. Times are stored in UTC; local dates and IANA zone names are stored as the member
set them. Schema changes go through Alembic (``bot/storage/migrations``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.member_status import MemberStatus
from bot.streaks import Outcome

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on both databases (SQLite keeps no zone, so it stores naive UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("platform", "workspace", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64), default="")
    user_id: Mapped[str] = mapped_column(String(64))
    #: The team (Slack workspace, Discord guild) whose channel and digest the member belongs to.
    team: Mapped[str | None] = mapped_column(String(64), index=True)
    zone: Mapped[str] = mapped_column(String(64))
    nudge_time: Mapped[time] = mapped_column(Time)
    #: ISO weekday digits, e.g. "12345" for Monday to Friday.
    weekdays: Mapped[str] = mapped_column(String(7))
    #: Last paused local date (inclusive); nudges resume the day after.
    paused_until: Mapped[date | None] = mapped_column(Date)
    level: Mapped[int] = mapped_column(SmallInteger, default=1)
    level_since: Mapped[date] = mapped_column(Date)
    #: Comma-separated focus tags from the catalog.
    focus: Mapped[str] = mapped_column(String(200), default="")
    share_wins: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Whose public holidays are days off: the region in force (``GB``, ``US-CA``; "" for none),
    #: and the member's own choice behind it (None: the team's default, else their zone's country).
    holidays: Mapped[str] = mapped_column(String(16), default="")
    holidays_own: Mapped[str | None] = mapped_column(String(16))
    #: active, parked (the platform refuses delivery) or left.
    status: Mapped[str] = mapped_column(String(16), default=MemberStatus.ACTIVE.value)
    status_reason: Mapped[str | None] = mapped_column(String(200))
    #: The next nudge: its local date and its UTC instant (what the scheduler scans).
    next_due_date: Mapped[date | None] = mapped_column(Date)
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: When the welcome went out (joining sends it; an imported member gets it with nudge one).
    welcomed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The rules state (:mod:`bot.rules_state`): every delivered day up to ``rules_through``
    #: folded into one JSON document, so the rules read no long history. Both None: not built
    #: yet (the next claim, or ``nudgebot db rebuild-state``, builds it from the history).
    rules_through: Mapped[date | None] = mapped_column(Date)
    rules: Mapped[str | None] = mapped_column(Text, deferred=True)


class Delivery(Base):
    """One nudge for one member's local date. The unique constraint makes "at most one nudge per
    member per local date" hold in the database itself, across retries and instances."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("member_id", "local_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    challenge_id: Mapped[str] = mapped_column(String(64))
    theme: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    level: Mapped[int] = mapped_column(SmallInteger)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Until when the instance that claimed it owns the send; a later tick retries after that
    #: (a crash between claim and send, or a transient platform error with backoff).
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_ref: Mapped[str | None] = mapped_column(String(200), index=True)
    outcome: Mapped[str] = mapped_column(String(16), default=Outcome.OPEN.value)
    feedback: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    logged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: A personal follow-up (``bot.people``): the person, and the challenge's own words.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    personal_text: Mapped[str | None] = mapped_column(String(400))
    #: The kept person this nudge asked about ("Did Sam reply?"): the ask is recorded here, so
    #: asking writes nothing to the person and a resend after a crash asks again.
    asks_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    #: One reminder later the same day, asked for by a "later" reply: when, and when it went.
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Team(Base):
    """A Slack workspace or Discord guild: where wins are shared and when its weekly digest
    goes out (in the team's own zone)."""

    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("platform", "team_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    team_id: Mapped[str] = mapped_column(String(64))
    zone: Mapped[str] = mapped_column(String(64))
    wins_channel: Mapped[str | None] = mapped_column(String(64))
    #: ISO weekday (1 = Monday) and local time of the weekly digest; no weekday, no digest.
    digest_weekday: Mapped[int | None] = mapped_column(SmallInteger)
    digest_time: Mapped[time] = mapped_column(Time)
    leaderboard: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The members' holiday region unless they choose their own; None: each member's zone's.
    holidays: Mapped[str | None] = mapped_column(String(16))
    #: The team streak as it stood at the end of ``streak_through`` (a settled date): the
    #: digest counts on from there instead of reading a year of every member's days. None: not
    #: counted yet (the next digest counts back up to STREAK_LOOKBACK).
    streak_through: Mapped[date | None] = mapped_column(Date)
    streak_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Win(Base):
    __tablename__ = "wins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    delivery_id: Mapped[int | None] = mapped_column(
        ForeignKey("deliveries.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: When the member chose to share it in their team's wins channel (None: kept private).
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Milestone(Base):
    """A streak milestone reached, once per streak (an undo and redo does not celebrate twice)."""

    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("member_id", "streak_since", "days"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    streak_since: Mapped[date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)
    reached_on: Mapped[date] = mapped_column(Date)


class Identity(Base):
    """Another account of the same person, linked with ``/network-link``: one member, one streak.

    The member row holds the account nudges go to; the others are here. Choosing another account
    for nudges swaps the two.
    """

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("platform", "workspace", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64), default="")
    user_id: Mapped[str] = mapped_column(String(64))
    team: Mapped[str | None] = mapped_column(String(64), index=True)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LinkCode(Base):
    """A pending ``/network-link`` code, kept as a hash; single use, short-lived."""

    __tablename__ = "link_codes"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), unique=True
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Pause(Base):
    """A pause as it was taken (local dates, inclusive), so the streak picture can show it."""

    __tablename__ = "pauses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)


class TeamDigest(Base):
    """A weekly digest posted (or found empty), once per team and week whatever the instances."""

    __tablename__ = "team_digests"
    __table_args__ = (UniqueConstraint("team_id", "week_of"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    #: The last local date the digest covers.
    week_of: Mapped[date] = mapped_column(Date)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ProcessedEvent(Base):
    """Inbound event ids already handled, so a platform's retry changes nothing."""

    __tablename__ = "processed_events"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class InboxEntry(Base):
    """Inbound work a platform was told is received: stored before the acknowledgement, handled
    from here by :mod:`bot.services.inbox`, kept until done (or given up, with ``last_error``).

    ``dedupe_key`` is the platform's own id for the event (Slack's ``event_id``, a
    ``trigger_id``), so a platform's retry of something already stored adds nothing.
    """

    __tablename__ = "inbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    team: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(64))
    dedupe_key: Mapped[str | None] = mapped_column(String(255), unique=True)
    payload: Mapped[Any] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: While set and in the future, one worker holds the entry (its lease).
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(255))


class AppState(Base):
    """Small facts the running bot keeps about itself, by key (e.g. the hash of the slash
    commands last synced to Discord, so an unchanged set is not synced again)."""

    __tablename__ = "app_state"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


Index("ix_deliveries_member_open", Delivery.member_id, Delivery.outcome)
#: Only unsent deliveries are ever scanned for retries, so the index holds just those.
Index(
    "ix_deliveries_unsent",
    Delivery.lease_until,
    sqlite_where=Delivery.sent_at.is_(None),
    postgresql_where=Delivery.sent_at.is_(None),
)


class Person(Base):
    """Someone a member keeps in touch with: private to the member, never posted anywhere."""

    __tablename__ = "people"
    # Every read of people is one member's or one claim batch's: each index leads with the member,
    # so a batch's lookups are seeks, never a scan of everyone's people (the unique constraint
    # serves lookups by member alone).
    __table_args__ = (
        UniqueConstraint("member_id", "name"),
        Index("ix_people_member_next_check_in", "member_id", "next_check_in"),
        Index("ix_people_member_check_back_on", "member_id", "check_back_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    #: As the member wrote it, or the platform user id for a mention (``user_id`` set).
    name: Mapped[str] = mapped_column(String(80))
    user_id: Mapped[str | None] = mapped_column(String(64))
    #: What the member said about them ("my old manager").
    context: Mapped[str | None] = mapped_column(String(120))
    cadence_days: Mapped[int] = mapped_column(SmallInteger, default=21)
    last_contact: Mapped[date | None] = mapped_column(Date)
    #: The local date the next keep-in-touch challenge is due: what a claim looks up.
    next_check_in: Mapped[date] = mapped_column(Date)
    #: "Did they reply?": the day to ask, and how often it was asked about the last contact.
    check_back_on: Mapped[date | None] = mapped_column(Date)
    check_backs: Mapped[int] = mapped_column(SmallInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DashboardLogin(Base):
    """A one-time dashboard login link, kept as a hash: single use, short-lived.

    ``team`` is the team key (``platform:team_id``) the session it opens may read; None: every
    team (the operator's link).
    """

    __tablename__ = "dashboard_logins"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    team: Mapped[str | None] = mapped_column(String(140))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DashboardSession(Base):
    """A signed-in dashboard browser, kept as a hash of its cookie; ends at ``expires_at``."""

    __tablename__ = "dashboard_sessions"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    team: Mapped[str | None] = mapped_column(String(140))
    #: The token every form of this session carries back (checked on each POST).
    csrf: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class TeamIntros(Base):
    """A team's intro rounds (``/network-admin intros``): a round every ``every_weeks`` weeks on
    ISO ``weekday``, counted from the first round date ``anchor``. No row: intros are off."""

    __tablename__ = "team_intros"

    team_id: Mapped[int] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    weekday: Mapped[int] = mapped_column(SmallInteger)
    every_weeks: Mapped[int] = mapped_column(SmallInteger, default=1)
    anchor: Mapped[date] = mapped_column(Date)


class IntroMember(Base):
    """A member's intro choice (``/network-intros``): on, off or paused until a date
    (inclusive), and their group from the team's list, for pairing across groups."""

    __tablename__ = "intro_members"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(16))
    paused_until: Mapped[date | None] = mapped_column(Date)
    group: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IntroRound(Base):
    """One intro round of a team, on a team date: made once whatever the instances, and each
    step stamped once it is claimed (the pairs are made in the same transaction as the stamp,
    so a restart never pairs a round again)."""

    __tablename__ = "intro_rounds"
    __table_args__ = (UniqueConstraint("team_id", "round_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    round_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    paired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class IntroSeat(Base):
    """A member in a round: their group (members of a round with the same ``group_no`` meet),
    or why they were left out, what they were sent (each stamped when claimed, so no message
    goes twice) and how it went (``bot.intros.rhythm.Outcome``)."""

    __tablename__ = "intro_seats"
    __table_args__ = (UniqueConstraint("round_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("intro_rounds.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    group_no: Mapped[int | None] = mapped_column(SmallInteger)
    unpaired: Mapped[str | None] = mapped_column(String(16))
    heads_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    introduced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


#: Workers only ever scan entries not done yet, oldest due first.
Index(
    "ix_inbox_waiting",
    InboxEntry.next_attempt_at,
    sqlite_where=InboxEntry.done_at.is_(None),
    postgresql_where=InboxEntry.done_at.is_(None),
)
