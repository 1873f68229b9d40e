"""The ports the core talks through. Adapters implement them; the core never imports a platform."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.views import Button, ChallengeCard, ChannelRef


@dataclass(frozen=True)
class MemberRef:
    """Who someone is on their platform.

    ``workspace`` is the namespace the user id lives in: the Slack team id; '' on Discord, whose
    user ids are global (the guild a member joined from is their *team*, stored on the member).
    """

    platform: str
    workspace: str
    user_id: str

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.workspace}:{self.user_id}"


@dataclass(frozen=True)
class TeamRef:
    """A team on its platform: a Slack workspace (team id) or a Discord guild (guild id).

    ``key`` (``platform:team_id``) names it in job ids and logs; ``parse`` reads one back.
    """

    platform: str
    team_id: str

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.team_id}"

    @classmethod
    def parse(cls, key: str) -> TeamRef:
        platform, _, team_id = key.partition(":")
        return cls(platform, team_id)


class DeliveryError(Exception):
    """The platform did not take a message. Adapters raise the two kinds below."""


class RecipientUnreachable(DeliveryError):
    """Permanent: the user is gone, has closed DMs, or the token was revoked. Park, don't retry."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TemporaryDeliveryError(DeliveryError):
    """Transient: try again later, after ``retry_after`` seconds when the platform said so."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after


class Messenger(Protocol):
    """Sends direct messages to members. Returns a platform message reference for later edits.

    Raises :class:`RecipientUnreachable` or :class:`TemporaryDeliveryError` when sending fails.
    """

    async def send_text(
        self, to: MemberRef, text: str, buttons: tuple[Button, ...] = ()
    ) -> str | None: ...

    async def send_card(self, to: MemberRef, card: ChallengeCard) -> str | None: ...

    async def update_card(self, to: MemberRef, message_ref: str, card: ChallengeCard) -> None: ...

    async def post(self, channel: ChannelRef, text: str) -> str | None:
        """Post ``text`` in a team channel (wins, milestones, the weekly digest)."""
        ...

    def mention(self, target: MemberRef | ChannelRef) -> str:
        """How to name a member or channel in a message so the platform links it (``<@U123>``)."""
        ...


class Clock(Protocol):
    def __call__(self) -> datetime: ...
