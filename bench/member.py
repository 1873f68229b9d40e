"""How long a member waits for typed ``done`` and for ``/network-streak`` (with its PNG), by how
long they have been with us.

    python bench/member.py [--history-days 7 40 365 730] [--members 200] [--database URL]

For each history length: seeds ``--members`` members with that many earlier nudges each (every
day a nudge day, as bench/dispatch.py seeds them, rules states included) and today's nudge open,
then types ``done`` as each member (``logbook.handle_text``: the reply, the card, the streak line)
and asks each for ``/network-streak`` (``streak.streak``: the words and the 12-week PNG). Prints
JSON: p50 and p95 in milliseconds per history length (targets: done p95 <= 5 ms, streak p95
<= 15 ms, flat from 7 to 730 days). Uses a throwaway SQLite file unless ``--database`` is given
(a disposable PostgreSQL database: its schema is dropped).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from bot.catalog import load_catalog
from bot.config import Settings
from bot.ports import MemberRef
from bot.services import logbook, streak
from bot.services.context import Context
from bot.storage.database import Database
from bot.storage.tables import Delivery, Member

sys.path.insert(0, str(Path(__file__).parent))
from dispatch import START, fresh_database, member_rows, seed  # bench/ is a folder, not a package
from team import CountingMessenger


async def seed_members(url: str, members: int, days: int) -> None:
    rows = member_rows(members, due_within_hour=False)
    await fresh_database(url)
    await seed(url, rows, days)
    db = Database(url)
    catalog = load_catalog().challenges
    async with db.transaction() as session:
        found = await session.execute(select(Member.id, Member.next_due_date))
        today = [
            {
                "member_id": member_id,
                "local_date": day,
                "challenge_id": catalog[member_id % len(catalog)].id,
                "theme": catalog[member_id % len(catalog)].theme,
                "kind": catalog[member_id % len(catalog)].kind,
                "level": catalog[member_id % len(catalog)].level,
                "claimed_at": START,
                "sent_at": START,
                "attempts": 1,
                "outcome": "open",
            }
            for member_id, day in found
        ]
        await session.execute(insert(Delivery), today)
    await db.close()


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50": round(statistics.median(ordered), 2),
        "p95": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2),
    }


async def measure(url: str, members: int, days: int) -> dict[str, Any]:
    await seed_members(url, members, days)
    db = Database(url)
    now = START + timedelta(days=3, hours=1)
    ctx = Context(db, load_catalog(), CountingMessenger(), lambda: now, Settings(database_url=url))
    done_ms, streak_ms = [], []
    try:
        for i in range(members):
            ref = MemberRef("bench", "", f"u{i}")
            started = time.perf_counter()
            reply = await logbook.handle_text(ctx, ref, "done")
            done_ms.append((time.perf_counter() - started) * 1000)
            assert reply is not None and "streak" in reply.text.lower(), reply
        for i in range(members):
            ref = MemberRef("bench", "", f"u{i}")
            started = time.perf_counter()
            reply = await streak.streak(ctx, ref)
            streak_ms.append((time.perf_counter() - started) * 1000)
            assert reply is not None and reply.files
    finally:
        await db.close()
    return {
        "history_days": days,
        "done_ms": _percentiles(done_ms[members // 10 :]),  # the first few warm the caches
        "streak_with_png_ms": _percentiles(streak_ms[members // 10 :]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history-days", type=int, nargs="+", default=[7, 40, 365, 730])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--database", help="database URL (default: a throwaway SQLite file)")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="nudgebot-bench-") as scratch:
        url = args.database or f"sqlite+aiosqlite:///{Path(scratch) / 'member.db'}"
        for days in args.history_days:
            results.append(asyncio.run(measure(url, args.members, days)))
    print(json.dumps({"database": url.split(":")[0], "results": results}, indent=2))


if __name__ == "__main__":
    main()
