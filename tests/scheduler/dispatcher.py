"""A dispatching process for the reliability tests:
``python dispatcher.py URL LOG CLOCK DELAY_MS [GO]``.

Runs the delivery tick at a fixed clock until nothing is left, appending one line per card sent
to LOG (flushed at once, so a SIGKILL loses nothing that was sent). DELAY_MS slows every send,
to leave time to kill it mid-batch. With GO, it writes LOG.ready once set up and waits for the
file GO to exist before starting, so several processes can start at the same moment.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from datetime import datetime
from pathlib import Path

from bot.catalog import load_catalog
from bot.config import Settings
from bot.ports import MemberRef
from bot.services.context import Context
from bot.services.dispatch import deliver_due_batch
from bot.storage.database import Database
from bot.views import Button, ChallengeCard


class LoggingMessenger:
    def __init__(self, path: str, delay: float) -> None:
        self.file = open(path, "a", buffering=1)  # noqa: SIM115 - lives as long as the process
        self.delay = delay

    async def send_text(self, to: MemberRef, text: str, buttons: tuple[Button, ...] = ()) -> str:
        return "text"

    async def send_card(self, to: MemberRef, card: ChallengeCard) -> str:
        await asyncio.sleep(self.delay)
        self.file.write(f"{to.user_id} {card.day.isoformat()} {os.getpid()}\n")
        return f"card-{card.delivery_id}"

    async def update_card(self, to: MemberRef, message_ref: str, card: ChallengeCard) -> None:
        return None

    async def find_sent(self, to: MemberRef, card: ChallengeCard) -> str | None:
        return None  # the log is the platform here: a repeat is what the test counts


async def main(url: str, log: str, clock: str, delay_ms: str) -> None:
    now = datetime.fromisoformat(clock)
    db = Database(url)
    messenger = LoggingMessenger(log, int(delay_ms) / 1000)
    ctx = Context(db, load_catalog(), messenger, lambda: now, Settings(database_url=url))
    try:
        while True:  # small batches, so a kill lands mid-batch with others still to come
            sent, due = await deliver_due_batch(ctx, limit=50)
            if sent == 0 and due == 0:
                break
    finally:
        await db.close()


def wait_for(go: str, log: str) -> None:
    Path(f"{log}.ready").touch()
    while not Path(go).exists():
        time.sleep(0.01)


if __name__ == "__main__":
    if len(sys.argv) > 5:
        wait_for(sys.argv[5], sys.argv[2])
    asyncio.run(main(*sys.argv[1:5]))
