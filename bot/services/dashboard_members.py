"""The dashboard's member list, for a team's admin or the operator: who is enrolled, whether the
bot can reach them, and their current streak. Nothing else: never a note, a win or a person.

The fewer-than-5 rule is for figures, not for this list of names; what keeps it private is the
session's scope (an admin reads only their own team, checked by the page). Streaks count the
last ``STREAK_WEEKS`` weeks, like the dashboard's 12-week period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.ports import TeamRef
from bot.services.dashboard import period_start
from bot.storage import dashboard_queries as dq
from bot.storage import queries as q
from bot.storage.database import Database

PAGE_SIZE = 100
STREAK_WEEKS = 12


@dataclass(frozen=True)
class ListedMember:
    platform: str
    user_id: str
    status: str
    streak: int


@dataclass(frozen=True)
class MemberPage:
    team: TeamRef
    members: tuple[ListedMember, ...]
    page: int
    pages: int
    total: int


async def member_page(
    db: Database, team: TeamRef, page: int, now: datetime, default_zone: str = "UTC"
) -> MemberPage:
    """Page ``page`` (from 1) of the team's enrolled members; a page past the end is empty."""
    async with db.transaction() as session:
        zones = dict(await dq.teams(session))
        today = now.astimezone(q.zone_named(zones.get(team) or default_zone)).date()
        total, rows = await dq.member_page(session, team, (page - 1) * PAGE_SIZE, PAGE_SIZE)
        streaks = await dq.streaks_of(
            session, [row[0] for row in rows], period_start(today, STREAK_WEEKS), today
        )
    members = tuple(
        ListedMember(platform, user_id, status, streaks.get(member_id, 0))
        for member_id, platform, user_id, status in rows
    )
    return MemberPage(team, members, page, max(1, -(-total // PAGE_SIZE)), total)
