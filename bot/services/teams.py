"""Teams: when each team's weekly digest is due. (What the digest says comes with team sharing.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from sqlalchemy import select

from bot.services.context import Context
from bot.storage.tables import Team


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
        return f"{self.platform}:{self.team_id}"


async def digest_schedules(ctx: Context) -> list[DigestSchedule]:
    async with ctx.db.transaction() as session:
        teams = await session.scalars(select(Team).where(Team.digest_weekday.is_not(None)))
        return [
            DigestSchedule(t.platform, t.team_id, t.zone, t.digest_weekday or 1, t.digest_time)
            for t in teams
        ]
