"""Action ids: one versioned contract for buttons on every platform.

``nudge:v1:<verb>:<delivery_id>``. The delivery id travels with the button, so a click logs against
its own nudge even after a restart; the version lets a future format coexist with old messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

PREFIX = "nudge"
VERSION = "v1"
#: Delivery ids are the database's 32-bit integer keys; a larger number (a tampered button id)
#: would fail the lookup itself, so it is not an action of ours.
MAX_DELIVERY_ID = 2**31 - 1


class Verb(StrEnum):
    DONE = "done"
    SKIP = "skip"
    TOO_EASY = "easy"
    TOO_HARD = "hard"
    SHARE = "share"
    #: The answers to "Did you get to it today?", asked when a reply can't be read.
    YES = "yes"
    NOT_YET = "notyet"
    #: Confirms ``/network-forget``; its id is the member's own id, not a delivery's.
    FORGET = "forget"
    #: Answers a joining question; its id is the answer's code (bot.onboarding), not a delivery's.
    FOCUS = "focus"
    #: "Keep Sam in your people?" on a logged nudge whose note named someone.
    KEEP = "keep"
    NO_KEEP = "nokeep"
    #: "Did Sam reply?"; their id is the person's, not a delivery's.
    REPLIED = "replied"
    NO_REPLY_YET = "replynotyet"
    NO_REPLY = "noreply"
    #: Intros: "Skip this round", "Did you meet?" and sharing the meeting; their id is the
    #: member's seat in the round (``intro_seats``), not a delivery's.
    INTRO_SKIP = "introskip"
    INTRO_MET = "met"
    INTRO_PLANNED = "planned"
    INTRO_NOT_YET = "notmet"
    INTRO_SHARE = "introshare"
    #: Joining's "Want intros?"; their id is the member's own.
    INTROS_ON = "introson"
    INTROS_NO = "introsno"


@dataclass(frozen=True)
class ActionId:
    verb: Verb
    delivery_id: int

    def __str__(self) -> str:
        return f"{PREFIX}:{VERSION}:{self.verb.value}:{self.delivery_id}"


def parse_action_id(raw: str) -> ActionId | None:
    """The action behind a button's id, or None for anything not ours or malformed."""
    parts = raw.split(":")
    if len(parts) != 4 or parts[0] != PREFIX or parts[1] != VERSION or not parts[3].isdigit():
        return None
    try:
        delivery_id = int(parts[3]) if len(parts[3]) <= 10 else MAX_DELIVERY_ID + 1
        if delivery_id > MAX_DELIVERY_ID:
            return None
        return ActionId(Verb(parts[2]), delivery_id)
    except ValueError:  # an unknown verb, or digits int() can't read (e.g. "²")
        return None
