"""Benchmark: how soon the Discord bot defers a slash command and follows it up.

    python bench/discord_answers.py                       # SQLite in a scratch folder, 200 tips
    python bench/discord_answers.py --database postgresql+asyncpg://… --count 100

The real discord.py bot (``running_bot``, as ``nudgebot run discord`` wires it) against the local
wire fake (tests/adapters/discord/fake_discord.py), one process. Each member types
``/network-tip fear`` in turn, one at a time; for each, the time from the INTERACTION_CREATE
frame sent to the deferral Discord received (the inbox write comes before it, issue 14), and to
the follow-up (the worker's claim, the use case, the webhook, the entry marked done).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.discord.app import running_bot  # noqa: E402
from bot.config import Secret, Settings  # noqa: E402
from tests.adapters.discord import payloads  # noqa: E402
from tests.adapters.discord.fake_discord import APP_ID, TOKEN, FakeDiscord  # noqa: E402

FIRST_USER = 100000000000000001


def summary(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


async def run(url: str, count: int) -> None:
    async with FakeDiscord() as fake:
        settings = Settings(
            database_url=url,
            default_zone=ZoneInfo("Europe/London"),
            nudge_tick_seconds=3600,
            discord_token=Secret(TOKEN),
            discord_api_base=fake.api,
            discord_gateway_url=fake.gateway,
        )
        async with running_bot(settings):
            await asyncio.wait_for(fake.ready.wait(), 10)
            deferred, answered = [], []
            for n in range(count):
                iid = 90000 + n * 10
                tip = payloads.slash(iid, "network-tip", FIRST_USER + n, {"topic": "fear"})
                started = time.perf_counter()
                await fake.dispatch("INTERACTION_CREATE", tip)
                await fake.wait_call("POST", f"/interactions/{iid}/")
                deferred.append(time.perf_counter() - started)
                await fake.wait_call("POST", f"/webhooks/{APP_ID}/token-{iid}")
                answered.append(time.perf_counter() - started)
    backend = url.split(":", 1)[0]
    print(f"{backend}, {count} tips: deferral {summary(deferred)}; follow-up {summary(answered)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a database URL (default: a scratch SQLite file)")
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    url = args.database or f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/bench.db"
    asyncio.run(run(url, args.count))


if __name__ == "__main__":
    main()
