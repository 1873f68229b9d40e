"""Six weeks of the demo for three people: the lines that matter to each of them are there."""

from __future__ import annotations

from tests.adapters.console.personas import PERSONAS
from tests.adapters.console.test_console_bot import make_bot


async def transcript(ctx, name: str) -> str:
    bot, lines = make_bot(ctx)
    await bot.start()
    for line in PERSONAS[name]:
        lines.append(f"you> {line}")
        await bot.say(line)
    return "\n".join(lines)
