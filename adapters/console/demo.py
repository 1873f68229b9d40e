"""``nudgebot demo``: chat with the bot in a terminal, on a throwaway SQLite file, no tokens."""

from __future__ import annotations

import contextlib
import signal
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from adapters.console.bot import DEMO_ONLY_HELP, ConsoleBot, DemoClock
from adapters.console.messenger import ConsoleMessenger
from adapters.console.render import wrapped
from bot.bootstrap import running, utc_now
from bot.config import Settings

BANNER = (
    "nudgebot demo: you are a new member chatting with the bot in a direct message.\n"
    "Your demo team has three simulated teammates (sam, priya and lee), already signed up for "
    "intros: try `/network-intros on`, `/network-admin intros weekly`, then `/intros`.\n"
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
    if interactive:
        _line_editing()

    def out(text: str) -> None:
        write.write(text + "\n")
        write.flush()

    with tempfile.TemporaryDirectory(prefix="nudgebot-demo-") as scratch, _ctrl_c() as stop:
        url = database_url or f"sqlite+aiosqlite:///{Path(scratch) / 'demo.db'}"
        clock = DemoClock(start.replace(tzinfo=zone) if start else utc_now())
        demo_settings = replace(settings, database_url=url, default_zone=zone)
        async with running(demo_settings, ConsoleMessenger(out), clock) as ctx:
            bot = ConsoleBot(ctx, clock, out, files=files)
            out("\n".join(wrapped(BANNER)) + "\n")
            await bot.start(zone)
            try:
                while True:
                    line = _read(stdin, interactive, stop)
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


class _Stop:
    """Set by Ctrl-C; checked before each prompt."""

    requested = False


@contextlib.contextmanager
def _ctrl_c() -> Iterator[_Stop]:
    """Ctrl-C ends the demo: at the prompt at once, otherwise once the bot has answered.

    asyncio's own handler would cancel the demo half-way and print a trace instead. A Python
    handler (not the loop's) notes it at once, even when no await follows before the prompt.
    """
    stop = _Stop()

    def note(signum: int, frame: object) -> None:
        stop.requested = True

    try:
        previous = signal.signal(signal.SIGINT, note)
    except ValueError:  # not the main thread
        yield stop
        return
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def _read(stdin: TextIO, interactive: bool, stop: _Stop) -> str | None:
    """The next line, or None at the end of the input or at Ctrl-C."""
    try:
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    except ValueError:  # not the main thread: nothing to restore
        previous = None
    try:
        if stop.requested:  # pressed while the bot was answering
            raise KeyboardInterrupt
        if interactive:
            return input("you> ")
        line = stdin.readline()
        return line if line else None
    except (EOFError, KeyboardInterrupt):
        if interactive:
            print()  # off the prompt's line
        return None
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _line_editing() -> None:
    """Arrow keys, Ctrl-A/E and the history of this run, where Python has readline."""
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  # importing it is what makes input() use it
