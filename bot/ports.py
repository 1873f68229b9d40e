"""The ports the core talks through. Adapters implement them; the core never imports a platform."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.views import Button, ChallengeCard


@dataclass(frozen=True)
class MemberRef:
    """Who someone is on their platform: ``workspace`` is the Slack team / Discord guild or ''."""

    platform: str
    workspace: str
    user_id: str

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.workspace}:{self.user_id}"


class Messenger(Protocol):
    """Sends direct messages to members. Returns a platform message reference for later edits."""

    async def send_text(
        self, to: MemberRef, text: str, buttons: tuple[Button, ...] = ()
    ) -> str | None: ...

    async def send_card(self, to: MemberRef, card: ChallengeCard) -> str | None: ...

    async def update_card(self, to: MemberRef, message_ref: str, card: ChallengeCard) -> None: ...


class Clock(Protocol):
    def __call__(self) -> datetime: ...
