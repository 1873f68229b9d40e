"""A Messenger that prints to a terminal (or any ``write`` function, for tests)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count

from adapters.console import render
from bot.ports import MemberRef
from bot.views import Button, ChallengeCard


class ConsoleMessenger:
    def __init__(self, write: Callable[[str], None] = print) -> None:
        self.write = write
        self._ids = count(1)

    async def send_text(
        self, to: MemberRef, text: str, buttons: tuple[Button, ...] = ()
    ) -> str | None:
        self.write(_bot(text) + (f"\n  {render.buttons(buttons)}" if buttons else ""))
        return f"console:{next(self._ids)}"

    async def send_card(self, to: MemberRef, card: ChallengeCard) -> str | None:
        self.write(render.card(card))
        return f"console:{next(self._ids)}"

    async def update_card(self, to: MemberRef, message_ref: str, card: ChallengeCard) -> None:
        self.write(render.card(card))


def _bot(text: str) -> str:
    first, *rest = render.wrapped(text)
    return "\n".join([f"bot> {first}", *(f"     {line}" for line in rest)])
