"""A sending process for the outbound fault suite, the wire's sibling of ``dispatcher.py``:
``python -m tests.scheduler.wire_dispatcher URL CLOCK PLATFORM API`` (from the repository root).

Runs the scheduler's delivery tick once at a fixed clock, through the real Slack or Discord
messenger (slack_sdk, discord.py) pointed at a fake's API on loopback, served by the test.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from datetime import datetime

from bot.catalog import load_catalog
from bot.config import Settings
from bot.services.context import Context
from bot.storage.database import Database
from scheduler.jobs import deliver_tick
from tests.scheduler import wire


async def main(url: str, clock: str, platform: str, api: str) -> None:
    now = datetime.fromisoformat(clock)
    db = Database(url)
    try:
        async with wire.messenger(platform, api) as messenger:
            ctx = Context(db, load_catalog(), messenger, lambda: now, Settings(database_url=url))
            await deliver_tick(ctx)
    finally:
        await db.close()


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    asyncio.run(main(*sys.argv[1:5]))
