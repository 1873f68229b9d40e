"""How fast the dashboard answers for a big team: each page and the CSV, p50 and p95.

    python bench/dashboard.py [--members 5000] [--days 90] [--runs 20] [--database URL]

Seeds a team as ``bench/team.py`` does (N members, ``--days`` of history each), serves the
dashboard on a free loopback port, signs in with a login link like a browser, and times each
period's page (4, 12, 52 weeks) and the weekly CSV over real HTTP (the server keeps a team's
figures for a minute, so most requests are served from them), and then the counting itself with
nothing kept (``cold_*``: what the first request after a minute waits). Prints JSON. The target
is a p95 of at most 250 ms. Uses a throwaway SQLite file unless ``--database`` is given.
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
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp

from adapters.web import server
from bot.ports import TeamRef
from bot.services import dashboard
from bot.storage.database import Database

sys.path.insert(0, str(Path(__file__).parent))
from dispatch import START  # bench/ is a folder, not a package
from team import TEAM_ID, seed_team


async def measure(url: str, members: int, days: int, runs: int) -> dict[str, Any]:
    await seed_team(url, members, days)
    db = Database(url)
    now = START + timedelta(days=3)
    running = await server.start(db, "127.0.0.1", 0, lambda: now)
    base = f"{running.base_url}/teams/bench/{TEAM_ID}"
    paths = {f"page_{w}_weeks": f"{base}?weeks={w}" for w in (4, 12, 52)}
    paths["csv_52_weeks"] = f"{base}/weekly.csv?weeks=52"
    timings: dict[str, list[float]] = {name: [] for name in paths}
    try:
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as client:
            link = await server.login_link(running, db, None, lambda: now)
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
        team = TeamRef("bench", TEAM_ID)
        for weeks in dashboard.PERIODS:
            cold = timings.setdefault(f"cold_{weeks}_weeks", [])
            for _ in range(max(1, runs // 4)):
                started = time.perf_counter()
                await dashboard.figures(db, team, weeks, now)
                cold.append((time.perf_counter() - started) * 1000)
    finally:
        await running.runner.cleanup()
        await db.close()
    return {
        "members": members,
        "history_days": days,
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
    parser.add_argument("--database", help="database URL (default: a throwaway SQLite file)")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="nudgebot-bench-") as scratch:
        url = args.database or f"sqlite+aiosqlite:///{Path(scratch) / 'dashboard.db'}"
        for members in args.members:
            results.append(asyncio.run(measure(url, members, args.days, args.runs)))
    print(json.dumps({"database": url.split(":")[0], "results": results}, indent=2))


if __name__ == "__main__":
    main()
