"""The ports the core talks through. Adapters implement them; the core never imports a platform."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
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


class Unreachable(StrEnum):
    """Why a platform will not deliver to someone, in the core's words."""

    #: The person's privacy settings refuse direct messages from the bot.
    DMS_CLOSED = "dms_closed"
    #: The bot may not post there: not in the channel, or missing a permission.
    NO_ACCESS = "no_access"
    #: The account or channel is gone (deleted, deactivated, unknown).
    GONE = "gone"
    #: The bot's token was revoked or the app is not installed in that team.
    NOT_INSTALLED = "not_installed"


class DeliveryError(Exception):
    """The platform did not take a message. Adapters raise the two kinds below, and only those:
    every :class:`Messenger` method turns its platform's failures into one of them."""


class RecipientUnreachable(DeliveryError):
    """Permanent: the user is gone, has closed DMs, or the token was revoked. Park, don't retry.

    ``reason`` is the platform's own word (kept with a parked member, for the logs); ``kind`` is
    what it means to the core.
    """

    def __init__(self, reason: str, kind: Unreachable | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        known = reason in Unreachable.__members__.values()
        self.kind = kind or (Unreachable(reason) if known else Unreachable.GONE)


class TemporaryDeliveryError(DeliveryError):
    """Transient: try again later, after ``retry_after`` seconds when the platform said so."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after


class Messenger(Protocol):
    """Sends direct messages and team channel posts. Sends return a platform message reference
    for later edits.

    Every method that talks to the platform raises :class:`RecipientUnreachable` or
    :class:`TemporaryDeliveryError` when it fails, and nothing else: the core catches only those.
    """

    async def send_text(
        self, to: MemberRef, text: str, buttons: tuple[Button, ...] = ()
    ) -> str | None: ...

    async def send_card(self, to: MemberRef, card: ChallengeCard) -> str | None: ...

    async def update_card(self, to: MemberRef, message_ref: str, card: ChallengeCard) -> None: ...

    async def find_sent(self, to: MemberRef, card: ChallengeCard) -> str | None:
        """The platform's reference for ``card`` if it already reached ``to``: a send that finished
        but was never recorded (a crash). None when it is not there, or when the platform makes a
        repeated send harmless by itself (Discord's nonce)."""
        ...

    async def post(self, channel: ChannelRef, text: str) -> str | None:
        """Post ``text`` in a team channel (wins, milestones, the weekly digest)."""
        ...

    async def introduce(self, members: Sequence[MemberRef], text: str) -> None:
        """Introduce ``members`` to one another with ``text`` (which names them all): Slack opens
        one group DM with them all; Discord, whose bots cannot open group DMs, sends it to each."""
        ...

    def mention(self, target: MemberRef | ChannelRef) -> str:
        """How to name a member or channel in a message so the platform links it (``<@U123>``)."""
        ...

    def explain(self, kind: Unreachable) -> str:
        """What a member can do, in the platform's words, when their DMs were refused for
        ``kind`` (Discord: where the privacy setting for server DMs is)."""
        ...


class Clock(Protocol):
    def __call__(self) -> datetime: ...
