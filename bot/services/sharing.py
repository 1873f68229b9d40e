"""Sharing in a team's wins channel: where a member's shares go, and the posts themselves.

Nothing reaches a channel unless the member explicitly shares (a win) or opted in (milestones).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import MemberRef
from bot.storage import queries as q
from bot.storage.tables import Member, Team
from bot.views import ChannelPost, ChannelRef


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
    """``text`` posted in ``channel``; nothing when the team has no wins channel."""
    return () if channel is None else (ChannelPost(channel, text),)


def win_posts(channel: ChannelRef | None, who: str, text: str) -> tuple[ChannelPost, ...]:
    """A win ``who`` (a mention) shared, quoted as they wrote it."""
    return post(channel, f"🎉 {who} shared a win:\n> {_quoted(text)}")


def milestone_posts(channel: ChannelRef | None, who: str, days: int) -> tuple[ChannelPost, ...]:
    """The team's cheer for a streak milestone (only for members who opted in)."""
    return post(channel, f"🏅 {who} reached a {days}-day networking streak!")


def _quoted(text: str) -> str:
    return text.strip().replace("\n", "\n> ")
