"""Reading what a member types in the DM: a few recognised words, else what the reply means.

Recognised (case, punctuation, emoji and spacing do not matter): ``done`` / ``did it`` / ✅ / 👍,
``skip``, ``undo``, ``pause <n days | n weeks | until date>``, ``resume``, ``help``,
``win: <text>``, and the button words ``too easy`` / ``too hard`` / ``share``. ``done: called Sam``
logs done with the note "called Sam".

Anything else is a free reply, read by ``bot.intents.classify``. Only a claimed completion logs:
read as done, it is a NOTE (done, with the reply kept as its note and offered as a win; a bare
"yes" / "yep" / "y" is plain DONE). Every other reading keeps its own intent (NOT_DONE, LATER,
QUESTION, WORRY, SWAP, RETURN, UNCLEAR) and is never logged; a QUESTION carries its words so the
coach can answer them. "no" and "not yet" are NOT_DONE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.intents import Reading, classify
from bot.preferences import Invalid, parse_pause

MAX_NOTE = 2000


class Intent(StrEnum):
    DONE = "done"
    SKIP = "skip"
    UNDO = "undo"
    PAUSE = "pause"
    RESUME = "resume"
    HELP = "help"
    WIN = "win"
    #: A free reply read as done: log it, keep the text as its note, offer to share it.
    NOTE = "note"
    TOO_EASY = "too_easy"
    TOO_HARD = "too_hard"
    SHARE = "share"
    # Free replies that must not log (see bot.intents): the same values as its Reading.
    NOT_DONE = "not_done"
    LATER = "later"
    QUESTION = "question"
    WORRY = "worry"
    SWAP = "swap"
    RETURN = "return"
    UNCLEAR = "unclear"


@dataclass(frozen=True)
class Parsed:
    intent: Intent
    #: The note or win text, cut to MAX_NOTE characters.
    text: str | None = None
    #: True when ``text`` was cut.
    truncated: bool = False
    #: For PAUSE: the last paused date, or why the request could not be read.
    pause: date | Invalid | None = None


_DONE_SIGNS = ("✅", "✔️", "✔", "☑️", "👍", "💪", "🎉")
_PHRASES: tuple[tuple[str, Intent], ...] = (
    ("did it", Intent.DONE),
    ("done", Intent.DONE),
    ("too easy", Intent.TOO_EASY),
    ("too hard", Intent.TOO_HARD),
)
_WORDS = {
    "skip": Intent.SKIP,
    "undo": Intent.UNDO,
    "resume": Intent.RESUME,
    "unpause": Intent.RESUME,
    "help": Intent.HELP,
    "share": Intent.SHARE,
}
_SEPARATOR = re.compile(r"^[\s:,.;!\-–—]+")
_WIN = re.compile(r"^\s*win\s*[:\-–—]\s*(?P<text>.*)$", re.IGNORECASE | re.DOTALL)


def parse_reply(text: str, today: date) -> Parsed:
    """Classify one DM reply. Never raises: unreadable input is UNCLEAR or a help request."""
    stripped = text.strip()
    if not stripped or set(stripped) == {"?"}:
        return Parsed(Intent.HELP)
    if win := _WIN.match(stripped):
        return (
            Parsed(Intent.WIN, *_cut(win["text"].strip()))
            if win["text"].strip()
            else Parsed(Intent.WIN)
        )
    lowered = stripped.lower()
    if lowered.startswith(_DONE_SIGNS):
        return _with_note(Intent.DONE, _drop_signs(stripped))
    words = _normalise(lowered)
    first = words.split(" ", 1)[0] if words else ""
    if first == "pause":
        return Parsed(Intent.PAUSE, pause=parse_pause(words[len("pause") :], today))
    if words in _WORDS:
        return Parsed(_WORDS[words])
    if first in ("skip", "undo") and len(words.split()) <= 3:
        return Parsed(_WORDS[first])
    for phrase, intent in _PHRASES:
        if words == phrase or words.startswith(phrase + " "):
            rest = stripped[_position_after(stripped, phrase) :]
            return _with_note(intent, rest) if intent is Intent.DONE else Parsed(intent)
    return _free_reply(stripped)


def _free_reply(text: str) -> Parsed:
    understood = classify(text)
    if understood.reading is Reading.QUESTION:
        return Parsed(Intent.QUESTION, *_cut(text))
    if understood.reading is not Reading.DONE:
        return Parsed(Intent(understood.reading.value))
    return Parsed(Intent.NOTE, *_cut(understood.note)) if understood.note else Parsed(Intent.DONE)


def _normalise(lowered: str) -> str:
    """Lower-case words only: punctuation and emoji dropped, spacing collapsed."""
    return " ".join(re.sub(r"[^\w\s/-]", " ", lowered).split())


def _drop_signs(text: str) -> str:
    for sign in _DONE_SIGNS:
        text = text.replace(sign, " ")
    return text


def _position_after(text: str, phrase: str) -> int:
    """Index just past ``phrase`` in the original text (its words may be separated by spacing)."""
    pattern = r"\W*".join(re.escape(word) for word in phrase.split())
    found = re.search(pattern, text, re.IGNORECASE)
    return found.end() if found else 0


def _with_note(intent: Intent, rest: str) -> Parsed:
    note = _SEPARATOR.sub("", rest).strip()
    if not note or not any(ch.isalnum() for ch in note):
        return Parsed(intent)
    return Parsed(intent, *_cut(note))


def _cut(text: str) -> tuple[str, bool]:
    return (text[:MAX_NOTE], True) if len(text) > MAX_NOTE else (text, False)
