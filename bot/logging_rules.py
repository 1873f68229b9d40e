"""Rules for what a member's answer applies to, and what sharing it shows. Pure: ``now`` and
``today`` are passed in.

- A button (or a reaction) acts on its own nudge, for 48 hours after that nudge was claimed;
  after that the day is settled and the button does nothing.
- Typed words reach only today's and yesterday's nudges (the member's local dates): words that
  log (done, skip, a note) log against the latest *open* one; undo reopens the latest logged one.
- Notes on mindset challenges (self-talk, challenging assumptions, self-care) are the member's own
  inner work: sharing one shares that the challenge was done, never the note.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Protocol, TypeVar

from bot.streaks import Outcome

BUTTON_LIFETIME = timedelta(hours=48)
#: How far back typed words reach: today and yesterday.
WORDS_REACH = timedelta(days=1)
PRIVATE_KINDS = frozenset({"mindset"})


class Nudge(Protocol):
    """What these rules read from a delivered nudge."""

    @property
    def local_date(self) -> date: ...
    @property
    def outcome(self) -> str: ...


N = TypeVar("N", bound=Nudge)


def button_valid(claimed_at: datetime, now: datetime) -> bool:
    """Whether a button or reaction on a nudge claimed at ``claimed_at`` still acts on it: for
    ``BUTTON_LIFETIME`` (48 hours) after the claim, and not after."""
    return now - claimed_at <= BUTTON_LIFETIME


def within_reach(nudges: Sequence[N], today: date) -> list[N]:
    """The nudges typed words can reach, in order: those dated today or yesterday."""
    return [n for n in nudges if n.local_date >= today - WORDS_REACH]


def word_target(nudges: Sequence[N], today: date, open_only: bool) -> N | None:
    """The nudge typed words apply to: the latest of today's and yesterday's, or the latest
    still open when ``open_only`` (words that log: done, skip, a note). None if there is none."""
    reachable = within_reach(nudges, today)
    candidates = [n for n in reachable if n.outcome == Outcome.OPEN or not open_only]
    return candidates[-1] if candidates else None


def undo_target(nudges: Sequence[N], today: date) -> N | None:
    """The nudge ``undo`` reopens: the latest of today's and yesterday's that is logged."""
    logged = [n for n in within_reach(nudges, today) if n.outcome != Outcome.OPEN]
    return logged[-1] if logged else None


def is_private(kind: str) -> bool:
    """Whether notes on a challenge of this kind stay with the member (never shared)."""
    return kind in PRIVATE_KINDS


def shared_text(kind: str, note: str | None, challenge: str | None) -> str:
    """What a win shared from a nudge shows: the member's note, else that the challenge
    (``challenge`` is its text, if the catalog still has it) was completed. A private kind
    shows only that it was completed, never the note. Empty when there is nothing to show."""
    done = f"Completed: {challenge}" if challenge else ""
    return done if is_private(kind) else (note or done)
