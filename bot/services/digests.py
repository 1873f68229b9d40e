"""The weekly team digest: when each team's goes out, and posting it once per week.

The digest counts everyone in the team but names only members who opted in to team
celebrations; the leaderboard, when the admin turned it on, lists only them too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import time

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import digest, rules_state
from bot.ports import DeliveryError, MemberRef, TeamRef
from bot.services.context import Context
from bot.storage import digest_queries
from bot.storage import queries as q
from bot.storage.tables import Identity, Member, Team, TeamDigest
from bot.views import ChannelRef

log = logging.getLogger(__name__)


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


#: How long after a day the team streak settles it (as a member's rules state does).
STREAK_SETTLES_AFTER = rules_state.SETTLED_AFTER


async def post_digest(ctx: Context, team_key: str) -> str | None:
    """Post a team's digest for the week ending today (team time), once whatever the instances.

    Three short transactions: the claim (a write, committed at once, so that no other instance
    counts too), the counting (reads only: no write lock held while it aggregates), then after
    the post the time it went out and the team streak settled up to two weeks ago.

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
        if not await q.insert_ignoring_conflict(session, TeamDigest, claim, ["team_id", "week_of"]):
            return None  # another instance has it
    try:
        async with ctx.db.transaction() as session:
            accounts = await team_accounts(session, row)
            week = await digest_queries.week_facts(session, row, today)
        channel = ChannelRef(row.platform, row.team_id, row.wins_channel)
        facts = _facts(week, accounts, ctx.messenger.mention, row.leaderboard)
        text = digest.compose(facts, ctx.phrase("digest_opener", f"{team_key}|{today}"))
        if text is None:
            log.info("digest for %s: a quiet week, nothing posted", team_key)
        else:
            await ctx.messenger.post(channel, text)
    except Exception as error:
        # Unclaimed again, so the next try (or another instance) can post this week's digest.
        async with ctx.db.transaction() as session:
            await session.execute(
                delete(TeamDigest).where(TeamDigest.team_id == row.id, TeamDigest.week_of == today)
            )
        if not isinstance(error, DeliveryError):
            raise  # a bug, not the platform: the job logs it with its traceback
        log.warning("digest for %s could not be posted: %s", team_key, error)
        return None
    through = today - STREAK_SETTLES_AFTER
    streak = digest.settle_team_streak(
        week.done_per_day, through, week.streak_carried, week.streak_through
    )
    async with ctx.db.transaction() as session:
        if text is not None:
            await session.execute(
                update(TeamDigest)
                .where(TeamDigest.team_id == row.id, TeamDigest.week_of == today)
                .values(posted_at=ctx.clock())
            )
        if week.streak_through is None or through > week.streak_through:
            await session.execute(
                update(Team)
                .where(Team.id == row.id)
                .values(streak_through=through, streak_days=streak)
            )
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


def _facts(
    week: digest_queries.TeamWeek,
    accounts: Mapping[int, MemberRef],
    mention: Callable[[MemberRef], str],
    leaderboard: bool,
) -> digest.WeekFacts:
    """The week as the digest tells it: opted-in members by name, everyone else as a count."""

    def name(member_id: int) -> str | None:
        return mention(accounts[member_id]) if member_id in week.opted_in else None

    milestones = tuple(digest.Milestone(name(m), days) for m, days in week.milestones)
    standings: tuple[digest.Standing, ...] = ()
    if leaderboard:
        opted = week.opted_in
        counts = {mention(accounts[m]): n for m, n in week.done_by_member.items() if m in opted}
        standings = digest.ranked(counts)
    return digest.WeekFacts(
        first=week.first,
        last=week.last,
        done=sum(week.done_by_member.values()),
        people=len(week.done_by_member),
        wins_shared=week.wins_shared,
        milestones=milestones,
        team_streak=digest.team_streak(
            week.done_per_day, week.last, week.streak_carried, week.streak_through
        ),
        leaderboard=standings,
        intros_made=week.intros_made,
        intros_met=week.intros_met,
    )
