"""What the bot says about intros: the heads-up, the introduction, the intro as the day's
challenge, why someone was left out, the check-back and its answers. Pure: names in, text out.

Names arrive already written the platform's way (a mention) so the core never spells markup.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.intros.matching import Unpaired
from bot.intros.rhythm import MEMBER_USAGE


class Outcome(StrEnum):
    """How an intro went, as the member answered "Did you meet?"."""

    MET = "met"
    PLANNED = "planned"
    NOT_YET = "not_yet"


@dataclass(frozen=True)
class Partner:
    """Someone a member is introduced to: their mention, IANA zone and local time now."""

    name: str
    zone: str
    local_time: str

    def described(self) -> str:
        return f"{self.name} ({self.zone}, {self.local_time} there now)"


def mention(user_id: str) -> str:
    """The platform's mention markup (``<@U123>``), the same on Slack and Discord; written here
    because a nudge's text is stored when it is claimed, before any messenger sees it."""
    return f"<@{user_id}>"


def partner(user_id: str, zone: str, now: datetime) -> Partner:
    """Someone as their teammates see them: mention, zone, and the time there ``now``."""
    return Partner(mention(user_id), zone, f"{now.astimezone(ZoneInfo(zone)):%H:%M}")


def starter(variants: Sequence[str], round_id: int, group_no: int) -> str:
    """A conversation starter (the catalog's ``intro_starter``), the same for everyone in a
    group and in every message about it."""
    if not variants:
        return "What are you working on this week?"
    digest = hashlib.sha256(f"{round_id}|{group_no}".encode()).digest()
    return variants[int.from_bytes(digest[:8], "big") % len(variants)]


def together(names: Sequence[str]) -> str:
    """``Sam``, ``Sam and Ana``, ``Sam, Ana and Lee``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


HEADS_UP = (
    "🤝 Intros tomorrow: I'll pair you with a teammate for a short, relaxed chat, "
    "and tell you who in the morning. Busy week? Skip this round and you'll be in the next one."
)
SKIPPED = "No problem: you're out of this round and in the next. Enjoy the quieter week."
SKIPPED_TOO_LATE = (
    "This round's pairs are already made, so I can't take you out now. "
    "If this week doesn't work, tell your partner; a short note is plenty."
)
UNPAIRED: Mapping[Unpaired, str] = {
    Unpaired.ALONE: (
        "No intro for you this round: you're the only one on your team who has opted in so far. "
        "Invite a teammate to type `/network-intros on` and you'll be paired next time."
    ),
    Unpaired.NO_OVERLAP: (
        "No intro for you this round: nobody else who opted in has a working day that overlaps "
        "yours by an hour, and I only pair people who can talk during work. "
        "You stay in; as soon as someone closer to your hours joins, you'll be paired."
    ),
    Unpaired.TAKEN: (
        "No intro for you this round: everyone whose working day overlaps yours was already "
        "paired. You'll be first in line next round."
    ),
}
ANSWERS: Mapping[Outcome, str] = {
    Outcome.MET: (
        "🎉 You met! A new connection inside your own team is a real win. "
        "Want the team to see it? Press Share as win (no names unless you write them)."
    ),
    Outcome.PLANNED: "Lovely: you've got it in the diary. Enjoy the chat.",
    Outcome.NOT_YET: (
        "That's fine; weeks get busy. A two-line message suggesting a time is all it takes, "
        "and there's always the next round."
    ),
}
SHARED_WIN = "I had an intro chat with a teammate I hadn't really talked to before."


def introduction(people: Sequence[Partner], starter: str) -> str:
    """The message the whole group gets: who is who, and an opener."""
    return (
        f"👋 Meet each other: {together([p.described() for p in people])}. "
        "nudgebot paired you for this round's intro: find 15 minutes this week for a chat, "
        "on a call or over coffee.\n"
        f"💬 To get going: {starter}"
    )


def intro_challenge(partners: Sequence[Partner], starter: str) -> str:
    """The member's nudge on the round day (stored as the day's challenge text)."""
    who = together([p.described() for p in partners])
    return (
        f"Today's challenge is your intro: say hello to {who} and suggest a time "
        f"for a 15-minute chat this week.\n💬 To get going: {starter}"
    )


def check_back(names: Sequence[str]) -> str:
    return f"Did you and {together(names)} meet?"


def opt_in_status(state: str, paused_until: str | None, team_rhythm: str | None) -> str:
    rounds = f"Your team's rounds: {team_rhythm}." if team_rhythm else "Your team's intros are off."
    if state == "on":
        mine = "You're in: I'll pair you with a teammate each round."
    elif state == "paused" and paused_until:
        mine = f"You're paused until {paused_until}, then back in."
    else:
        mine = "You're not in intros."
    return f"{mine} {rounds}\n{MEMBER_USAGE}"
