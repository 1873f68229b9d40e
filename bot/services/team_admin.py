"""``/network-admin``: a team admin's settings (wins channel, weekly digest, zone, leaderboard).

A team is a Slack workspace or a Discord guild. Only the platform's admins change its settings,
and a new wins channel must accept a hello post before it is saved.
"""

from __future__ import annotations

import logging
from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import DeliveryError, TeamRef
from bot.services import delivery
from bot.services.context import Context
from bot.storage import queries as q
from bot.storage.tables import Member, Team
from bot.team_settings import ADMIN_USAGE, BY_ZONE, NO_CHANNEL, TeamChange
from bot.views import ChannelRef, Reply
from bot.vocabulary import DAY_ABBREVIATIONS

log = logging.getLogger(__name__)

DEFAULT_DIGEST_DAY = 5  # Friday
DEFAULT_DIGEST_TIME = time(16, 0)
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


async def admin(
    ctx: Context,
    team: TeamRef,
    is_admin: bool,
    change: TeamChange,
    usage: str = ADMIN_USAGE,
    event_id: str | None = None,
) -> Reply | None:
    """``/network-admin``: an empty change shows the team's settings (with ``usage``, the front
    end's way of changing them); otherwise the change, already read, is applied.

    ``is_admin`` is the platform's word (Slack: admin or owner; Discord: Manage Server).
    A new wins channel must accept a hello post before it is saved.
    """
    if not is_admin:
        return Reply(NOT_ADMIN)
    now = ctx.clock()
    async with ctx.db.transaction() as session:
        if not await q.first_time_seen(session, event_id, now):
            return None
        row = await team_row(ctx, session, team, create=False)
        if change.is_empty():
            return Reply(describe(ctx, row, usage))
        switching = change.channel not in (None, NO_CHANNEL, row.wins_channel)
        preview = Team(**{c.key: getattr(row, c.key) for c in Team.__table__.columns})
    if switching and change.channel:
        apply_change(preview, change)  # a detached copy: what the team will look like once saved
        digest = HELLO_DIGEST.format(slot=_slot(preview)) if preview.digest_weekday else ""
        try:
            await ctx.messenger.post(
                ChannelRef(team.platform, team.team_id, change.channel),
                HELLO.format(digest=digest),
            )
        except DeliveryError as error:  # the platform refused: not a member, no permission
            log.info("wins channel %s refused a post: %s", change.channel, error)
            return Reply(CANNOT_POST)
    async with ctx.db.transaction() as session:
        row = await team_row(ctx, session, team)
        apply_change(row, change)
        if change.holidays is not None:
            await _members_follow_holidays(session, row, now)
        return Reply(f"Saved.\n{describe(ctx, row, usage)}")


async def _members_follow_holidays(session: AsyncSession, row: Team, now: datetime) -> None:
    """The team's default changed: members who haven't chosen their own follow it from now."""
    await session.flush()
    members = await session.scalars(
        select(Member).where(
            Member.platform == row.platform,
            Member.team == row.team_id,
            Member.holidays_own.is_(None),
        )
    )
    for member in members:
        before = member.holidays
        await q.refresh_holidays(session, member)
        if member.holidays != before and member.next_due_at is not None:
            await delivery.reschedule(session, member, now)


def apply_change(row: Team, change: TeamChange) -> None:
    """Set what the admin changed. Choosing only a digest time turns the digest on (Fridays)."""
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
    if change.holidays is not None:
        row.holidays = None if change.holidays == BY_ZONE else change.holidays


async def team_row(ctx: Context, session: AsyncSession, team: TeamRef, create: bool = True) -> Team:
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
            holidays=None,
        )
        if create:
            session.add(row)
            await session.flush()
    return row


def describe(ctx: Context, row: Team, usage: str = ADMIN_USAGE) -> str:
    """The team's settings as the admin sees them, with how to change them."""
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
            f"• Public holidays off: {_holidays(row)}",
            usage,
        ]
    )


def _holidays(row: Team) -> str:
    if row.holidays is None:
        return "each member's own country, from their time zone"
    return row.holidays or "none"


def _slot(row: Team) -> str:
    """``Fri at 16:00 (Europe/London)``: when the team's digest goes out."""
    day = DAY_ABBREVIATIONS[(row.digest_weekday or DEFAULT_DIGEST_DAY) - 1]
    return f"{day} at {row.digest_time:%H:%M} ({row.zone})"
