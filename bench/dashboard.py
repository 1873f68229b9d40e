"""How fast the dashboard answers for a big team: each page and the CSV, p50 and p95.

    python bench/dashboard.py [--members 5000] [--days 90] [--runs 20] [--database URL]

Seeds a team as ``bench/team.py`` does (N members, ``--days`` of history each), serves the
dashboard on a free loopback port, signs in with a login link like a browser, and times each
period's page (4, 12, 52 weeks) and the weekly CSV over real HTTP. The server's clock runs
``--speed`` times (10) faster than the wall clock, so a team's figures go stale every few
seconds and are counted again in the background while pages are served (what a lead sees while
the bot runs, after the start-up warm-up, whose length is ``warm_up_s``). Then the counting
itself with nothing kept (``count_*``: what the warm-up and each background recount take; a
page waits that long only when nothing was counted in the last 15 minutes). Prints JSON. The
target is a p95 of at most 250 ms. Uses a throwaway SQLite file unless ``--database`` is given.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from adapters.web import server
from adapters.web.app import FIGURES
from bot.ports import TeamRef
from bot.services import dashboard
from bot.storage.database import Database

sys.path.insert(0, str(Path(__file__).parent))
from dispatch import START  # bench/ is a folder, not a package
from team import TEAM_ID, seed_team


async def measure(url: str, members: int, days: int, runs: int, speed: float) -> dict[str, Any]:
    await seed_team(url, members, days)
    db = Database(url)
    now = START + timedelta(days=3)
    zero = time.perf_counter()

    def clock() -> datetime:
        return now + timedelta(seconds=speed * (time.perf_counter() - zero))

    started = time.perf_counter()
    running = await server.start(db, "127.0.0.1", 0, clock)
    # What the dashboard counts as it starts (every period of every team), before a lead comes.
    await running.runner.app[FIGURES].settled()
    warm_up_s = round(time.perf_counter() - started, 2)
    base = f"{running.base_url}/teams/bench/{TEAM_ID}"
    paths = {f"page_{w}_weeks": f"{base}?weeks={w}" for w in (4, 12, 52)}
    paths["csv_52_weeks"] = f"{base}/weekly.csv?weeks=52"
    timings: dict[str, list[float]] = {name: [] for name in paths}
    try:
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as client:
            link = await server.login_link(running, db, None, clock)
            async with client.get(link) as page:
                form = dict(re.findall(r'name="(token|csrf)" value="([^"]+)"', await page.text()))
            async with client.post(f"{running.base_url}/login", data=form) as signed_in:
                assert signed_in.status == 200
            for _ in range(runs):
                for name, path in paths.items():
                    started = time.perf_counter()
                    async with client.get(path) as response:
                        await response.read()
                        assert response.status == 200, (path, response.status)
                    timings[name].append((time.perf_counter() - started) * 1000)
    finally:
        await running.runner.cleanup()  # stops the background counts first
    try:
        team = TeamRef("bench", TEAM_ID)
        for weeks in dashboard.PERIODS:
            cold = timings.setdefault(f"count_{weeks}_weeks", [])
            for _ in range(max(1, runs // 4)):
                started = time.perf_counter()
                await dashboard.figures(db, team, weeks, now)
                cold.append((time.perf_counter() - started) * 1000)
    finally:
        await db.close()
    return {
        "members": members,
        "history_days": days,
        "clock_speed": speed,
        "warm_up_s": warm_up_s,
        **{name: _summary(values) for name, values in timings.items()},
    }


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered), 1), "p95": round(p95, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[5000])
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--speed", type=float, default=10.0, help="server clock speed-up")
    parser.add_argument("--database", help="database URL (default: a throwaway SQLite file)")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="nudgebot-bench-") as scratch:
        url = args.database or f"sqlite+aiosqlite:///{Path(scratch) / 'dashboard.db'}"
        for members in args.members:
            results.append(asyncio.run(measure(url, members, args.days, args.runs, args.speed)))
    print(json.dumps({"database": url.split(":")[0], "results": results}, indent=2))


if __name__ == "__main__":
    main()
