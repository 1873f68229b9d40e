"""Neutral views: what the bot shows, before any platform turns it into Block Kit or an embed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.actions import ActionId, Verb


class Style(StrEnum):
    PRIMARY = "primary"
    DEFAULT = "default"


@dataclass(frozen=True)
class Button:
    label: str
    action: ActionId
    style: Style = Style.DEFAULT


@dataclass(frozen=True)
class ChallengeCard:
    """Today's challenge as a member sees it; ``status`` is set once something was logged."""

    delivery_id: int
    day: date
    text: str
    theme: str
    kind: str
    level: int
    minutes: int
    why: str | None = None
    status: str | None = None
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class ChannelRef:
    """A team channel: the wins channel of a Slack workspace or Discord guild."""

    platform: str
    team_id: str
    channel_id: str


@dataclass(frozen=True)
class Attachment:
    """A file that goes with a reply: the streak picture, a data export."""

    filename: str
    content: bytes
    media_type: str


@dataclass(frozen=True)
class Reply:
    """The answer to something a member did. ``card`` replaces the nudge message when set."""

    text: str
    card: ChallengeCard | None = None
    buttons: tuple[Button, ...] = field(default=())
    #: The platform message holding ``card`` (when known), so a typed reply can redraw it too.
    card_ref: str | None = None
    #: Why the action could not be completed: a :class:`bot.ports.Unreachable` kind, which the
    #: core's way in explains in the platform's words.
    problem: str | None = None
    #: Files to hand the member privately with the text (an upload to the DM, or an ephemeral
    #: attachment where the platform allows one).
    files: tuple[Attachment, ...] = ()
    #: Team channel posts the member asked for (a shared win); sent once the change is saved.
    posts: tuple[ChannelPost, ...] = ()


@dataclass(frozen=True)
class ChannelPost:
    channel: ChannelRef
    text: str


def nudge_buttons(delivery_id: int) -> tuple[Button, ...]:
    return (
        Button("Done", ActionId(Verb.DONE, delivery_id), Style.PRIMARY),
        Button("Skip", ActionId(Verb.SKIP, delivery_id)),
        Button("Too easy", ActionId(Verb.TOO_EASY, delivery_id)),
        Button("Too hard", ActionId(Verb.TOO_HARD, delivery_id)),
        Button("Share as win", ActionId(Verb.SHARE, delivery_id)),
    )


def share_button(delivery_id: int) -> tuple[Button, ...]:
    return (Button("Share as win", ActionId(Verb.SHARE, delivery_id), Style.PRIMARY),)
