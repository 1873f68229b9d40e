"""A Messenger that prints to a terminal (or any ``write`` function, for tests)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import count

from adapters.console import render
from bot.ports import MemberRef, Unreachable
from bot.views import Button, ChallengeCard, ChannelRef

BOT = "bot> "


#: Mention markup the core writes ahead of time (an intro's partner): shown as ``@name`` here.
_MENTION = re.compile(r"<@([^<>\s]+)>")


class ConsoleMessenger:
    def __init__(self, write: Callable[[str], None] = print) -> None:
        self._write = write
        #: The demo team's simulated teammates: their own DMs are not shown in the terminal.
        self.quiet: set[str] = set()
        self._ids = count(1)
        #: The latest question's buttons as the words that press them (``fear of rejection``,
        #: ``yes``): a terminal has no buttons, so typing the word is the click.
        self.choices: dict[str, str] = {}
        #: A line shown before the next message, if one comes (the demo clock's quiet moves).
        self._before_next: str | None = None

    def show_before_next(self, line: str) -> None:
        """Show ``line`` before the next message, if one comes before :meth:`drop_before_next`."""
        self._before_next = line

    def drop_before_next(self) -> bool:
        """Forget the waiting line; True if it was shown."""
        shown, self._before_next = self._before_next is None, None
        return shown

    def write(self, text: str) -> None:
        if self._before_next is not None:
            self._write(self._before_next)
            self._before_next = None
        self._write(_MENTION.sub(r"@\1", text))

    async def send_text(
        self, to: MemberRef, text: str, buttons: tuple[Button, ...] = ()
    ) -> str | None:
        if to.user_id in self.quiet:
            return f"console:{next(self._ids)}"
        hint = "\n".join(f"  {line}" for line in render.wrapped(render.buttons(buttons), 2))
        self.write(_bot(text) + (f"\n{hint}" if buttons else ""))
        asked = {render.typed_word(b): str(b.action) for b in buttons if render.is_choice(b)}
        if asked:
            self.choices = asked
        return f"console:{next(self._ids)}"

    async def send_card(self, to: MemberRef, card: ChallengeCard) -> str | None:
        if to.user_id in self.quiet:
            return f"console:{next(self._ids)}"
        self.write(render.card(card))
        return f"console:{next(self._ids)}"

    async def update_card(self, to: MemberRef, message_ref: str, card: ChallengeCard) -> None:
        self.write(render.card(card))

    async def find_sent(self, to: MemberRef, card: ChallengeCard) -> str | None:
        return None  # the terminal keeps no history to look in

    async def post(self, channel: ChannelRef, text: str) -> str | None:
        """The demo's team channel is the same terminal, labelled with the channel's name."""
        label = f"#{channel.channel_id}> "
        first, *rest = render.wrapped(text, len(label))
        self.write("\n".join([label + first, *(" " * len(label) + line for line in rest)]))
        return f"console:{next(self._ids)}"

    async def introduce(self, members: Sequence[MemberRef], text: str) -> None:
        """The demo's group DM is the same terminal, labelled with who is in it (unless it is
        only simulated teammates)."""
        if all(m.user_id in self.quiet for m in members):
            return
        label = "group(" + ", ".join(self.mention(m) for m in members) + ")> "
        first, *rest = render.wrapped(text, len(label))
        self.write("\n".join([label + first, *(" " * len(label) + line for line in rest)]))

    def mention(self, target: MemberRef | ChannelRef) -> str:
        return f"@{target.user_id}" if isinstance(target, MemberRef) else f"#{target.channel_id}"

    def explain(self, kind: Unreachable) -> str:
        return "check that your terminal can show my messages"


def _bot(text: str) -> str:
    first, *rest = render.wrapped(text, len(BOT))
    return "\n".join([BOT + first, *(" " * len(BOT) + line for line in rest)])
