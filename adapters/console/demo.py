"""``nudgebot demo``: chat with the bot in a terminal, on a throwaway SQLite file, no tokens."""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from adapters.console.bot import DEMO_ONLY_HELP, ConsoleBot, DemoClock
from adapters.console.messenger import ConsoleMessenger
from bot.bootstrap import running, utc_now
from bot.config import Settings

BANNER = (
    "nudgebot demo: you are a new member chatting with the bot in a direct message.\n"
    "Type `done` when you've done the challenge, `help` for everything else.\n" + DEMO_ONLY_HELP
)


async def run_demo(
    settings: Settings,
    zone: ZoneInfo | None = None,
    start: datetime | None = None,
    database_url: str | None = None,
    files: Path | None = None,
    stdin: TextIO = sys.stdin,
    write: TextIO = sys.stdout,
) -> int:
    zone = zone or settings.default_zone
    interactive = stdin.isatty()

    def out(text: str) -> None:
        write.write(text + "\n")
        write.flush()

    with tempfile.TemporaryDirectory(prefix="nudgebot-demo-") as scratch:
        url = database_url or f"sqlite+aiosqlite:///{Path(scratch) / 'demo.db'}"
        clock = DemoClock(start.replace(tzinfo=zone) if start else utc_now())
        demo_settings = replace(settings, database_url=url, default_zone=zone)
        async with running(demo_settings, ConsoleMessenger(out), clock) as ctx:
            bot = ConsoleBot(ctx, clock, out, files=files)
            out(BANNER + "\n")
            await bot.start(zone)
            try:
                while True:
                    line = _read(stdin, interactive)
                    if line is None:
                        break
                    if not interactive:
                        out(f"you> {line.rstrip()}")
                    if not await bot.say(line):
                        break
            finally:
                await bot.close()
    out("Bye for now. Small steps, every day.")
    return 0


def _read(stdin: TextIO, interactive: bool) -> str | None:
    if interactive:
        try:
            return input("you> ")
        except EOFError:
            return None
    line = stdin.readline()
    return line if line else None
