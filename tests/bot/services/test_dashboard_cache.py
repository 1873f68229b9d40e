"""Figures are served from memory and counted again in the background: fresh for a minute, then
served while a recount runs, and counted while the page waits only when there are none."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import update

from bot.ports import TeamRef
from bot.services import dashboard
from bot.services.dashboard_cache import FRESH_FOR, KEEP_FOR, FiguresCache
from bot.storage.tables import Member
from tests.bot.services.dashboard_seed import G9, NOW, T1, seed

TEAM = TeamRef.parse(T1)


async def leave(db, user_id: str) -> None:
    async with db.transaction() as session:
        await session.execute(update(Member).where(Member.user_id == user_id).values(status="left"))


async def test_fresh_figures_are_served_as_they_are(db):
    await seed(db)
    cache = FiguresCache(db)
    first = await cache.figures(TEAM, 4, NOW)
    await leave(db, "U5")
    assert await cache.figures(TEAM, 4, NOW + timedelta(seconds=30)) is first
    assert first.counted_at == NOW
    await cache.close()


async def test_older_figures_are_served_while_a_recount_runs(db):
    await seed(db)
    cache = FiguresCache(db)
    first = await cache.figures(TEAM, 4, NOW)
    await cache.settled()
    await leave(db, "U5")
    later = NOW + FRESH_FOR
    # The page does not wait: it gets what was counted, and the count starts behind it.
    assert await cache.figures(TEAM, 4, later) is first
    await cache.settled()
    recounted = await cache.figures(TEAM, 4, later)
    assert (first.enrolled.value, recounted.enrolled.value) == (7, 6)
    assert recounted.counted_at == later
    await cache.close()


async def test_figures_too_old_to_show_are_counted_while_the_page_waits(db):
    await seed(db)
    cache = FiguresCache(db)
    await cache.figures(TEAM, 4, NOW)
    await leave(db, "U5")
    assert (await cache.figures(TEAM, 4, NOW + KEEP_FOR)).enrolled.value == 6
    # A clock that went back never serves figures from its future.
    assert (await cache.figures(TEAM, 4, NOW)).counted_at == NOW
    await cache.close()


async def test_a_first_page_counts_the_other_periods_behind_it(db):
    await seed(db)
    cache = FiguresCache(db)
    await cache.figures(TEAM, 4, NOW)
    await cache.settled()
    await leave(db, "U5")
    # Counted in the background before the member left: switching period does not wait.
    for weeks in (12, 52):
        assert (await cache.figures(TEAM, weeks, NOW)).enrolled.value == 7
    await cache.close()


async def test_warming_up_counts_every_teams_periods(db):
    await seed(db)
    cache = FiguresCache(db)
    cache.warm(NOW)
    await cache.settled()
    await leave(db, "U5")
    for team in (TEAM, TeamRef.parse(G9)):
        for weeks in dashboard.PERIODS:
            assert (await cache.figures(team, weeks, NOW)).counted_at == NOW
    assert (await cache.figures(TEAM, 4, NOW)).enrolled.value == 7  # counted before U5 left
    assert (await cache.figures(TEAM, 4, NOW + KEEP_FOR)).enrolled.value == 6
    await cache.close()


async def test_a_failed_background_count_is_logged_and_the_next_page_counts(
    db, monkeypatch, caplog
):
    await seed(db)
    cache = FiguresCache(db)
    first = await cache.figures(TEAM, 4, NOW)
    await cache.settled()
    counting = dashboard.figures

    async def broken(*args, **kwargs):
        raise ConnectionError("database went away")

    monkeypatch.setattr(dashboard, "figures", broken)
    with caplog.at_level(logging.ERROR):
        assert await cache.figures(TEAM, 4, NOW + FRESH_FOR) is first
        await cache.settled()
    assert "in the background failed" in caplog.text
    monkeypatch.setattr(dashboard, "figures", counting)
    assert (await cache.figures(TEAM, 4, NOW + KEEP_FOR)).counted_at == NOW + KEEP_FOR
    await cache.close()
