"""Figures are counted at most once a minute per team and period, then read again fresh."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from bot.ports import TeamRef
from bot.services.dashboard_cache import FRESH_FOR, FiguresCache
from bot.storage.tables import Member
from tests.bot.services.dashboard_seed import NOW, T1, seed


async def test_figures_are_kept_for_a_minute_per_period(db):
    await seed(db)
    cache, team = FiguresCache(db), TeamRef.parse(T1)
    first = await cache.figures(team, 4, NOW)
    async with db.transaction() as session:
        await session.execute(update(Member).where(Member.user_id == "U5").values(status="left"))
    assert await cache.figures(team, 4, NOW + timedelta(seconds=30)) is first
    # Another period is its own count, made now.
    assert (await cache.figures(team, 12, NOW)).enrolled.value == 6
    later = await cache.figures(team, 4, NOW + FRESH_FOR)
    assert (first.enrolled.value, later.enrolled.value) == (7, 6)
    # A clock that went back never serves figures from its future.
    assert await cache.figures(team, 4, NOW) is not later
