"""How long the team side takes: a big team's weekly digest, ``/network-streak`` with its picture.

    python bench/team.py [--members 1000 5000] [--days 90] [--runs 5] [--database URL]

Seeds a team of N members (every day a nudge day, ``--days`` of history each, a third opted in,
a shared win per member), then times ``digests.post_digest`` (the claim, the week's facts, the text,
the post) and ``streak.streak`` for one member (the history, the grid, the PNG). Prints JSON with
the median and every run (and the first digest apart: it counts the team streak back a year
once, where later ones count on from the stored one). Uses a throwaway SQLite file unless
``--database`` is given.
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

from sqlalchemy import delete, insert, update

from bot.catalog import load_catalog
from bot.config import Settings
from bot.ports import MemberRef
from bot.services import digests, streak
from bot.services.context import Context
from bot.storage.database import Database
from bot.storage.tables import Member, Team, TeamDigest, Win
from bot.views import ChannelRef

sys.path.insert(0, str(Path(__file__).parent))
from dispatch import START, fresh_database, member_rows, seed  # bench/ is a folder, not a package

TEAM_ID = "T-bench"


class CountingMessenger:
    """Takes every message and keeps only the channel posts, to check the digest went out."""

    def __init__(self) -> None:
        self.posts: list[str] = []

    async def send_text(self, to: MemberRef, text: str, buttons: Any = ()) -> str:
        return "text"

    async def send_card(self, to: MemberRef, card: Any) -> str:
        return "card"

    async def update_card(self, to: MemberRef, message_ref: str, card: Any) -> None:
        return None

    async def post(self, channel: ChannelRef, text: str) -> str:
        self.posts.append(text)
        return "post"

    def mention(self, target: MemberRef | ChannelRef) -> str:
        return f"<@{target.user_id}>" if isinstance(target, MemberRef) else "#wins"


async def seed_team(url: str, members: int, days: int) -> None:
    rows = member_rows(members, due_within_hour=False)
    await fresh_database(url)
    await seed(url, rows, days)
    db = Database(url)
    async with db.transaction() as session:
        await session.execute(update(Member).values(team=TEAM_ID))
        await session.execute(update(Member).where(Member.id % 3 == 0).values(share_wins=True))
        await session.execute(
            insert(Team).values(
                platform="bench",
                team_id=TEAM_ID,
                zone="UTC",
                wins_channel="C-wins",
                digest_weekday=5,
                digest_time=START.time(),
                leaderboard=True,
            )
        )
        wins = [
            {"member_id": i, "text": "a win", "created_at": START, "shared_at": START}
            for i in range(1, members + 1)
        ]
        await session.execute(insert(Win), wins)
    await db.close()


async def measure(url: str, members: int, days: int, runs: int) -> dict[str, Any]:
    await seed_team(url, members, days)
    messenger = CountingMessenger()
    db = Database(url)
    now = START + timedelta(days=3)
    ctx = Context(db, load_catalog(), messenger, lambda: now, Settings(database_url=url))
    digest_ms, streak_ms, png_bytes = [], [], 0
    try:
        # The first digest counts the team streak back STREAK_LOOKBACK days and stores it; every
        # later one counts on from there (the steady state the runs below measure).
        started = time.perf_counter()
        assert await digests.post_digest(ctx, f"bench:{TEAM_ID}") is not None
        first_digest_ms = (time.perf_counter() - started) * 1000
        for _ in range(runs):
            async with db.transaction() as session:
                await session.execute(delete(TeamDigest))
            started = time.perf_counter()
            posted = await digests.post_digest(ctx, f"bench:{TEAM_ID}")
            digest_ms.append((time.perf_counter() - started) * 1000)
            assert posted is not None and posted == messenger.posts[-1]
        for i in range(runs * 4):
            started = time.perf_counter()
            reply = await streak.streak(ctx, MemberRef("bench", "", f"u{i}"))
            streak_ms.append((time.perf_counter() - started) * 1000)
            assert reply is not None and reply.files
            png_bytes = len(reply.files[0].content)
    finally:
        await db.close()
    return {
        "members": members,
        "history_days": days,
        "first_digest_ms": round(first_digest_ms, 1),
        "digest_ms": {"median": round(statistics.median(digest_ms), 1), "runs": _r(digest_ms)},
        "streak_with_png_ms": {
            "median": round(statistics.median(streak_ms), 1),
            "runs": _r(streak_ms),
        },
        "png_bytes": png_bytes,
    }


def _r(values: list[float]) -> list[float]:
    return [round(v, 1) for v in values]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", help="database URL (default: a throwaway SQLite file)")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="nudgebot-bench-") as scratch:
        url = args.database or f"sqlite+aiosqlite:///{Path(scratch) / 'team.db'}"
        for members in args.members:
            results.append(asyncio.run(measure(url, members, args.days, args.runs)))
    print(json.dumps({"database": url.split(":")[0], "results": results}, indent=2))


if __name__ == "__main__":
    main()
