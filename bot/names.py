"""Who a note names: "done: wrote to Sam, my old manager" names Sam (my old manager).

Pure and table-driven, like :mod:`bot.intents`. A person is named right after a reach-out
phrase (``CONTACT_PHRASES``: "wrote to", "coffee with", "asked"...), as a capitalised first name
with an optional surname, or as a platform mention (``<@U123>`` on Slack, ``<@123>`` on Discord,
which the adapters pass through as typed). A short description may follow after a comma, a
dash or in brackets ("Sam, my old manager", "Sam (from design)"). Words that are not names
(pronouns, roles, days, products: ``NOT_NAMES``) are never taken for one, so "talked to my
manager" names nobody. To teach it a phrase, add it to ``CONTACT_PHRASES``; the labelled corpus
in ``tests/bot/names_corpus.tsv`` and ``bench/names.py`` say how well it reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Phrases after which a person's name comes, longest first when matched.
CONTACT_PHRASES: tuple[str, ...] = (
    "wrote to", "written to", "messaged", "emailed", "texted", "called", "rang", "phoned",
    "pinged", "dm'd", "dmed", "reached out to", "said hi to", "said hello to", "talked to",
    "talked with", "spoke to", "spoke with", "chatted with", "chatted to", "met", "met with",
    "met up with", "caught up with", "coffee with", "lunch with", "drinks with", "a call with",
    "a chat with", "asked", "thanked", "followed up with", "introduced myself to", "introduced",
    "connected with", "replied to", "congratulated", "complimented", "checked in with",
    "got back to", "sent", "heard back from", "reconnected with", "shared it with", "told",
    "invited", "interviewed", "mentored", "thank-you to", "thank you to", "note to", "message to",
    "email to", "dm to", "text to", "shout-out to", "shoutout to", "recommended",
    "caught up w", "chatted w", "coffee w", "lunch w", "call w", "chat w",
)  # fmt: skip
#: Capitalised words that are never a person's name.
NOT_NAMES = frozenset(
    " ".join(
        [
            "i i'm i've i'd me my mine we our us you your he him his she her they them their",
            "it its myself yourself himself herself themselves ourselves this that these",
            "those the a an someone somebody everyone everybody anyone people person friend",
            "friends colleague colleagues coworker coworkers manager boss mentor mentee team",
            "lead recruiter client clients customer customers neighbour neighbor mum mom dad",
            "brother sister monday tuesday wednesday thursday friday saturday sunday today",
            "yesterday tomorrow january february march april may june july august september",
            "october november december linkedin slack discord twitter zoom teams email mail",
            "coffee lunch drinks hr ceo cto cfo pm vp dm ok okay yes no thanks thank hi hello",
            "hey dear two three four five some all both one another back again about with for",
            "from on in at to of and or but so just also finally actually again",
        ]
    ).split(" ")
)
#: ``<@!id>`` is Discord's older spelling of a user mention, still sent by some clients.
_MENTION = re.compile(r"<@!?([A-Z0-9]+|\d+)(?:\|([^>]+))?>")
_NAME = r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
#: What may describe the person, after the name.
_CONTEXT = re.compile(
    r"^(?:\s*,\s*|\s+[-–—]\s+|\s*\(\s*|\s+(?=from\b|who\b))"
    r"(?P<context>(?:my|our|the|a|an|from|who|at|in)\b[^,.;!?()]{1,60})"
)
_AND = re.compile(r"^\s+(?:and|&)\s+")
_MAX_CONTEXT = 60


@dataclass(frozen=True)
class Named:
    """A person a note names: a name as written, or a platform user id from a mention."""

    name: str
    #: The platform's user id when the note mentioned them (``U123`` / ``123``).
    user_id: str | None = None
    #: What the note says about them ("my old manager"), if anything.
    context: str | None = None


def _phrase_pattern() -> re.Pattern[str]:
    phrases = sorted(CONTACT_PHRASES, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(rf"\b(?:{alternatives})\s+(?:to\s+|with\s+)?", re.IGNORECASE)


_PHRASES = _phrase_pattern()


def people_in(note: str) -> list[Named]:
    """Everyone the note names after a reach-out phrase, mentions first, each once."""
    found: list[Named] = []
    for mention in _MENTION.finditer(note):
        label = (mention[2] or "").strip() or None
        found.append(Named(label or mention[1], mention[1], _context_after(note, mention.end())))
    for phrase in _PHRASES.finditer(note):
        rest = note[phrase.end() :]
        candidate = re.match(_NAME, _capitalised(rest))
        if candidate is None:
            continue
        name = _clean_name(rest[: candidate.end("name")])
        if name is None:
            continue
        end = phrase.end() + _span(rest, name)
        found.append(Named(name, None, _context_after(note, end)))
        if (joined := _AND.match(note[end:])) is not None:  # "texted Sam and Jo"
            after = note[end + joined.end() :]
            second = re.match(_NAME, _capitalised(after))
            other = _clean_name(after[: second.end("name")]) if second else None
            if other is not None and not _PHRASES.match(after):  # "and asked Tom": a new phrase
                found.append(Named(other))
    unique: dict[str, Named] = {}
    for person in found:
        unique.setdefault((person.user_id or person.name).lower(), person)
    return list(unique.values())


def _capitalised(text: str) -> str:
    """The first word as a name would be read: "sam" -> "Sam" (people type in lower case); a
    surname must be capitalised as written ("Jo Smith", not "Omar after")."""
    first, space, rest = text.partition(" ")
    return (first[:1].upper() + first[1:] if first[:1].isalpha() else first) + space + rest


def _clean_name(raw: str) -> str | None:
    words = raw.replace("’", "'").split()
    kept: list[str] = []
    for word in words:
        bare = word.strip("'-").lower()
        if bare.endswith("'s"):
            kept.append(word[:-2])
            break
        if bare in NOT_NAMES or (not bare.isalpha() and "-" not in bare and "'" not in bare):
            break
        kept.append(word[:1].upper() + word[1:])
        if len(kept) == 1 and not word[:1].isupper():
            break  # a lower-case first name: don't guess a surname from the next word
    return " ".join(kept) or None


def _span(text: str, name: str) -> int:
    """How far into ``text`` the name's words (as written, any case) reach."""
    words = r"\s+".join(re.escape(w) for w in name.split())
    found = re.match(rf"\s*{words}(?:'s|’s)?", text, re.IGNORECASE)
    return found.end() if found else 0


def _context_after(note: str, end: int) -> str | None:
    found = _CONTEXT.match(note[end:])
    if found is None:
        return None
    context = found["context"].strip().rstrip(")").strip()
    return context[:_MAX_CONTEXT] or None
