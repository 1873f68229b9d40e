"""Teams: the admin's settings, sharing in the wins channel, and the weekly digest.

A team is a Slack workspace or a Discord guild. Nothing reaches its channel unless a member
explicitly shares (a win) or opted in (milestones, leaderboard); the digest counts everyone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import case, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import digest
from bot.ports import MemberRef, TeamRef
from bot.preferences import DAY_NAMES, Invalid
from bot.services.context import Context
from bot.storage import queries as q
from bot.storage.tables import Delivery, Identity, Member, Milestone, Team, TeamDigest, Win
from bot.streaks import Outcome
from bot.team_settings import ADMIN_USAGE, NO_CHANNEL, TeamChange, parse_team_settings
from bot.views import ChannelPost, ChannelRef, Reply

log = logging.getLogger(__name__)

DEFAULT_DIGEST_DAY = 5  # Friday
DEFAULT_DIGEST_TIME = time(16, 0)
#: How far back the team streak looks.
STREAK_LOOKBACK = timedelta(days=400)
NOT_ADMIN = (
    "Only admins can change the team's settings (on Slack, workspace admins and owners; on "
    "Discord, people with Manage Server). Your own settings are in `/network-settings`."
)
HELLO = "👋 Hello! From now on, wins people choose to share land here{digest}. Nothing is posted \
without a member's say."
HELLO_DIGEST = ", and a short digest of the team's week arrives every {slot}"
CANNOT_POST = (
    "I couldn't post in that channel, so I didn't switch to it. On Slack, invite me first "
    "(`/invite @nudgebot`); on Discord, let me send messages there. Then try again."
)


@dataclass(frozen=True)
class DigestSchedule:
    """A team's digest slot: ISO weekday and local time in the team's IANA zone."""

    platform: str
    team_id: str
    zone: str
    weekday: int
    at: time

    @property
    def key(self) -> str:
        return TeamRef(self.platform, self.team_id).key


async def admin(
    ctx: Context,
    team: TeamRef,
    is_admin: bool,
    text: str = "",
    here: str | None = None,
    event_id: str | None = None,
) -> Reply | None:
    """``/network-admin [channel here] [digest fri 16:30] [zone …] [leaderboard on|off]``.

    ``is_admin`` is the platform's word (Slack: admin or owner; Discord: Manage Server).
    A new wins channel must accept a hello post before it is saved.
    """
    if not is_admin:
        return Reply(NOT_ADMIN)
    change = parse_team_settings(text, here)
    if isinstance(change, Invalid):
        return Reply(change.message)
    now = ctx.clock()
    async with ctx.db.transaction() as session:
        if not await q.first_time_seen(session, event_id, now):
            return None
        row = await _team(ctx, session, team, create=False)
        if change.is_empty():
            return Reply(describe(ctx, row))
        switching = change.channel not in (None, NO_CHANNEL, row.wins_channel)
        preview = Team(**{c.key: getattr(row, c.key) for c in Team.__table__.columns})
    if switching and change.channel:
        _apply(preview, change)  # a detached copy: what the team will look like once saved
        digest = HELLO_DIGEST.format(slot=_slot(preview)) if preview.digest_weekday else ""
        try:
            await ctx.messenger.post(
                ChannelRef(team.platform, team.team_id, change.channel),
                HELLO.format(digest=digest),
            )
        except Exception as error:  # the platform refused: not a member, no permission
            log.info("wins channel %s refused a post: %s", change.channel, error)
            return Reply(CANNOT_POST)
    async with ctx.db.transaction() as session:
        row = await _team(ctx, session, team)
        _apply(row, change)
        return Reply(f"Saved.\n{describe(ctx, row)}")


def _apply(row: Team, change: TeamChange) -> None:
    if change.channel is not None:
        row.wins_channel = change.channel or None
    if change.digest_day is not None:
        row.digest_weekday = change.digest_day or None
    elif change.digest_time is not None and row.digest_weekday is None:
        row.digest_weekday = DEFAULT_DIGEST_DAY
    if change.digest_time is not None:
        row.digest_time = change.digest_time
    if change.zone is not None:
        row.zone = change.zone.key
    if change.leaderboard is not None:
        row.leaderboard = change.leaderboard


async def _team(ctx: Context, session: AsyncSession, team: TeamRef, create: bool = True) -> Team:
    """The team's row; a new one with the defaults if there is none (only kept if ``create``)."""
    row = await session.scalar(
        select(Team).where(Team.platform == team.platform, Team.team_id == team.team_id)
    )
    if row is None:
        row = Team(
            platform=team.platform,
            team_id=team.team_id,
            zone=ctx.settings.default_zone.key,
            wins_channel=None,
            digest_weekday=DEFAULT_DIGEST_DAY,
            digest_time=DEFAULT_DIGEST_TIME,
            leaderboard=False,
        )
        if create:
            session.add(row)
            await session.flush()
    return row


def describe(ctx: Context, row: Team) -> str:
    channel = (
        ctx.messenger.mention(ChannelRef(row.platform, row.team_id, row.wins_channel))
        if row.wins_channel
        else "none yet (wins stay private)"
    )
    if row.digest_weekday and row.wins_channel:
        when = _slot(row)
    elif row.digest_weekday:
        when = "waiting for a wins channel"
    else:
        when = "off"
    return "\n".join(
        [
            "Team settings:",
            f"• Wins channel: {channel}",
            f"• Weekly digest: {when}",
            f"• Leaderboard (opted-in members only): {'on' if row.leaderboard else 'off'}",
            ADMIN_USAGE,
        ]
    )


def _slot(row: Team) -> str:
    """``Fri at 16:00 (Europe/London)``: when the team's digest goes out."""
    day = DAY_NAMES[(row.digest_weekday or DEFAULT_DIGEST_DAY) - 1].capitalize()
    return f"{day} at {row.digest_time:%H:%M} ({row.zone})"


async def wins_channel(
    session: AsyncSession, member: Member, ref: MemberRef
) -> tuple[ChannelRef | None, bool]:
    """Where a member acting through ``ref`` shares: their team's wins channel, if it has one.

    The flag says whether the member belongs to a team at all (a DM-only member doesn't).
    """
    team_id = await q.team_of_account(session, member, ref)
    if team_id is None:
        return None, False
    channel = await session.scalar(
        select(Team.wins_channel).where(Team.platform == ref.platform, Team.team_id == team_id)
    )
    return (ChannelRef(ref.platform, team_id, channel) if channel else None), True


def post(channel: ChannelRef | None, text: str) -> tuple[ChannelPost, ...]:
    return () if channel is None else (ChannelPost(channel, text),)


async def digest_schedules(ctx: Context) -> list[DigestSchedule]:
    """The digests this process posts: teams with a wins channel and a digest day, on its
    platforms."""
    query = select(Team).where(Team.digest_weekday.is_not(None), Team.wins_channel.is_not(None))
    if ctx.platforms is not None:
        query = query.where(Team.platform.in_(ctx.platforms))
    async with ctx.db.transaction() as session:
        return [
            DigestSchedule(t.platform, t.team_id, t.zone, t.digest_weekday or 1, t.digest_time)
            for t in await session.scalars(query)
        ]


async def post_digest(ctx: Context, team_key: str) -> str | None:
    """Post a team's digest for the week ending today (team time), once whatever the instances.

    Returns the text posted, or None (nothing happened, no channel, or already posted).
    """
    team = TeamRef.parse(team_key)
    now = ctx.clock()
    async with ctx.db.transaction() as session:
        row = await session.scalar(
            select(Team).where(Team.platform == team.platform, Team.team_id == team.team_id)
        )
        if row is None or row.wins_channel is None:
            return None
        today = now.astimezone(q.zone_named(row.zone)).date()
        claim = {"team_id": row.id, "week_of": today, "posted_at": None}
        if await q.insert_ignoring_conflict(session, TeamDigest, claim, ["team_id", "week_of"]):
            facts = await week_facts(ctx, session, row, today)
        else:
            return None  # another instance has it
        channel = ChannelRef(row.platform, row.team_id, row.wins_channel)
        text = digest.compose(facts, ctx.phrase("digest_opener", f"{team_key}|{today}"))
    if text is None:
        log.info("digest for %s: a quiet week, nothing posted", team_key)
        return None
    try:
        await ctx.messenger.post(channel, text)
    except Exception:
        log.exception("digest for %s could not be posted", team_key)
        async with ctx.db.transaction() as session:
            await session.execute(
                delete(TeamDigest).where(TeamDigest.team_id == row.id, TeamDigest.week_of == today)
            )
        return None
    async with ctx.db.transaction() as session:
        stored = await session.scalar(
            select(TeamDigest).where(TeamDigest.team_id == row.id, TeamDigest.week_of == today)
        )
        if stored is not None:
            stored.posted_at = ctx.clock()
    return text


async def team_accounts(session: AsyncSession, team: Team) -> dict[int, MemberRef]:
    """Every member of a team, by member id, with the account they have on it."""
    own = await session.execute(
        select(Member.id, Member.platform, Member.workspace, Member.user_id).where(
            Member.platform == team.platform, Member.team == team.team_id
        )
    )
    linked = await session.execute(
        select(Identity.member_id, Identity.platform, Identity.workspace, Identity.user_id).where(
            Identity.platform == team.platform, Identity.team == team.team_id
        )
    )
    return {row[0]: MemberRef(*row[1:]) for row in [*own, *linked]}


async def week_facts(
    ctx: Context, session: AsyncSession, team: Team, today: date
) -> digest.WeekFacts:
    accounts = await team_accounts(session, team)
    ids = list(accounts)
    first = today - timedelta(days=6)
    done = case((Delivery.outcome == Outcome.DONE.value, 1), else_=0)
    per_day = await session.execute(
        select(Delivery.local_date, func.sum(done))
        .where(Delivery.member_id.in_(ids), Delivery.local_date >= today - STREAK_LOOKBACK)
        .group_by(Delivery.local_date)
    )
    days = {day: int(count or 0) for day, count in per_day}
    week = await session.execute(
        select(Delivery.member_id, func.count())
        .where(
            Delivery.member_id.in_(ids),
            Delivery.local_date.between(first, today),
            Delivery.outcome == Outcome.DONE.value,
        )
        .group_by(Delivery.member_id)
    )
    done_by_member = {member_id: int(count) for member_id, count in week}
    zone = q.zone_named(team.zone)
    start = datetime.combine(first, time(), zone)
    wins = await session.scalar(
        select(func.count()).where(
            Win.member_id.in_(ids), Win.shared_at.is_not(None), Win.shared_at >= start
        )
    )
    opted_in = set(
        await session.scalars(select(Member.id).where(Member.id.in_(ids), Member.share_wins))
    )
    reached = await session.execute(
        select(Milestone.member_id, Milestone.days)
        .where(Milestone.member_id.in_(ids), Milestone.reached_on.between(first, today))
        .order_by(Milestone.reached_on, Milestone.id)
    )
    mention = ctx.messenger.mention
    milestones = tuple(
        digest.Milestone(mention(accounts[m]) if m in opted_in else None, days)
        for m, days in reached
    )
    leaderboard: tuple[digest.Standing, ...] = ()
    if team.leaderboard:
        counts = {mention(accounts[m]): n for m, n in done_by_member.items() if m in opted_in}
        leaderboard = digest.ranked(counts)
    return digest.WeekFacts(
        first=first,
        last=today,
        done=sum(done_by_member.values()),
        people=len(done_by_member),
        wins_shared=int(wins or 0),
        milestones=milestones,
        team_streak=digest.team_streak(days, today),
        leaderboard=leaderboard,
    )
