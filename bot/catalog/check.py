"""Validating content entries: each rule says what is wrong and which key to point at.

The checks take what tomllib read (plain dicts and strings) and yield ``(key, reason)`` pairs;
:mod:`bot.catalog.load` turns the key into a line number. Nothing here reads files.
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from rapidfuzz.distance import Indel

from bot.catalog.lines import Where
from bot.catalog.model import (
    KINDS,
    LEVELS,
    PHRASE_PLACEHOLDERS,
    REQUIRED_PLACEHOLDERS,
    THEMES,
    Problem,
)
from bot.vocabulary import FOCUS_TAGS

MAX_TEXT = 300
MAX_WHY = 160
MAX_SMALLER = 160
MAX_STARTER = 220
MAX_MINUTES = 120
#: The promise is a small daily habit: levels differ by courage, never by length.
HABIT_MINUTES = 15
#: A follow-up comes between a day and two months after the challenge it follows (a claim reads
#: about that much history).
MAX_AFTER_DAYS = 60
MIN_PHRASE_VARIANTS = 5
#: Texts this similar (after normalising case, punctuation and spacing) read as a repeat.
NEAR_DUPLICATE_RATIO = 0.85

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TOPIC = re.compile(r"[a-z]+(?:-[a-z]+)*")

Complaints = Iterator[tuple[str, str]]  # (key the problem is at, or "" for the header; reason)


def check_challenge(raw: dict[str, Any]) -> Complaints:
    yield from _check_common(raw)
    theme, kind, level, minutes = raw["theme"], raw["kind"], raw["level"], raw["minutes"]
    if theme not in THEMES:
        yield "theme", f"unknown theme {theme!r}{suggest(theme, THEMES)}"
    if kind not in KINDS:
        yield "kind", f"unknown kind {kind!r}{suggest(kind, KINDS)}"
    if level not in LEVELS:
        yield "level", f"level {level} out of range 1-3"
    if not 1 <= minutes <= MAX_MINUTES:
        yield "minutes", f"minutes {minutes} out of range 1-{MAX_MINUTES}"
    for key in ("focus", "only_for"):
        tags = raw.get(key, [])
        for tag in tags:
            if tag not in FOCUS_TAGS:
                yield key, f"unknown focus tag {tag!r}{suggest(tag, FOCUS_TAGS)}"
        if len(set(tags)) != len(tags):
            yield key, f"{key} lists a tag twice"
    yield from _one_line(raw, "why", MAX_WHY)
    yield from _one_line(raw, "smaller", MAX_SMALLER)
    yield from _one_line(raw, "starter", MAX_STARTER)
    for key in ("smaller", "starter"):
        if key in raw and _normalise(raw[key]) == _normalise(raw["text"]):
            yield key, f"{key} repeats the text; say the {key} version in its own words"
    then, after = raw.get("then"), raw.get("after")
    if (then is None) != (after is None):
        yield ("then" if then is None else "after"), "then and after go together"
    elif then is not None and after is not None:
        if then == raw["id"]:
            yield "then", "a challenge can't follow itself"
        elif not _ID.fullmatch(then):
            yield "then", f"then {then!r} must be a challenge id"
        if days_of(after) is None:
            yield (
                "after",
                f"after {after!r} must be days or weeks like '3d' or '2w' (up to 60 days)",
            )


def _one_line(raw: dict[str, Any], key: str, most: int) -> Complaints:
    if key in raw:
        value = raw[key].strip()
        if not value or "\n" in value or len(value) > most:
            yield key, f"{key} must be one line of 1-{most} characters"


_AFTER = re.compile(r"([1-9][0-9]*)\s*([dw])")


def days_of(after: str) -> int | None:
    """``"14d"`` -> 14, ``"2w"`` -> 14; None when it isn't a delay from 1 to MAX_AFTER_DAYS days."""
    match = _AFTER.fullmatch(after.strip().lower())
    if not match:
        return None
    days = int(match[1]) * (7 if match[2] == "w" else 1)
    return days if days <= MAX_AFTER_DAYS else None


def dangling_follow_ups(thens: Mapping[str, tuple[str | None, Where]]) -> list[Problem]:
    """A ``then`` naming no challenge, or one that is itself somebody's follow-up chain loop."""
    problems = []
    for challenge_id, (then, where) in thens.items():
        if then is not None and then not in thens:
            reason = f"then {then!r} names no challenge{suggest(then, list(thens))}"
            problems.append(Problem(where.file, where.line, reason))
        elif then is not None and thens[then][0] == challenge_id:
            reason = f"{challenge_id!r} and {then!r} follow each other; one must come first"
            problems.append(Problem(where.file, where.line, reason))
    return problems


def check_tip(raw: dict[str, Any]) -> Complaints:
    yield from _check_common(raw)
    if not _TOPIC.fullmatch(raw["topic"]):
        yield "topic", f"topic {raw['topic']!r} must be lowercase words joined by -"


def _check_common(raw: dict[str, Any]) -> Complaints:
    if not _ID.fullmatch(raw["id"]):
        yield "id", f"id {raw['id']!r} must be kebab-case (lowercase letters, digits, -)"
    text = raw["text"].strip()
    if not text:
        yield "text", "text is empty"
    elif len(text) > MAX_TEXT:
        yield "text", f"text is {len(text)} characters; at most {MAX_TEXT}"


def check_fields(raw: dict[str, Any], fields: Mapping[str, tuple[type, bool]]) -> Complaints:
    """Unknown keys, missing required ones, and values of the wrong type."""
    for key in raw:
        if key not in fields:
            yield key, f"unknown field {key!r}{suggest(key, fields)}"
    for key, (kind, required) in fields.items():
        if key not in raw:
            if required:
                yield "", f"missing field {key!r}"
        elif not isinstance(raw[key], kind) or isinstance(raw[key], bool):
            yield key, f"{key} must be {_TYPE_NAMES[kind]}"
        elif kind is list and not all(isinstance(v, str) for v in raw[key]):
            yield key, f"{key} must be a list of strings"


_TYPE_NAMES: Mapping[type, str] = {str: "a string", int: "a whole number", list: "a list"}


def placeholder_problem(group: str, text: str) -> str | None:
    """Why ``text.format(...)`` with this group's names would fail or read wrong, if it would."""
    allowed = PHRASE_PLACEHOLDERS.get(group, frozenset())
    if not text.strip():
        return "empty variant"
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return "bad braces: write {{ and }} for literal braces"
    if unknown := names - allowed:
        allowed_text = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "none"
        shown = ", ".join(f"{{{n}}}" for n in sorted(unknown))
        return f"unknown placeholder {shown} (allowed: {allowed_text})"
    if missing := REQUIRED_PLACEHOLDERS.get(group, frozenset()) - names:
        return "must mention " + ", ".join(f"{{{n}}}" for n in sorted(missing))
    try:
        text.format(**{name: 1 for name in allowed})
    except (ValueError, KeyError, IndexError, AttributeError) as err:
        return f"does not format: {err}"
    return None


def near_duplicates(texts: Mapping[str, tuple[str, Where]], what: str) -> list[Problem]:
    """Texts whose normalised words match an earlier one's at >= NEAR_DUPLICATE_RATIO (the
    share of words in their longest common run, as rapidfuzz's Indel similarity counts it)."""
    items = sorted(texts.items(), key=lambda item: item[1][1].source)
    vocabulary: dict[str, str] = {}  # each distinct word as one character, so runs compare fast
    words = [
        "".join(vocabulary.setdefault(w, chr(0x100 + len(vocabulary))) for w in _normalise(text))
        for _, (text, _) in items
    ]
    problems: list[Problem] = []
    for j, (id_j, (_, where_j)) in enumerate(items):
        earlier = next(
            (i for i in range(j) if _similar(words[i], words[j]) >= NEAR_DUPLICATE_RATIO), None
        )
        if earlier is not None:
            id_i, (_, where_i) = items[earlier]
            reason = (
                f"{what} {id_j!r} is a near-duplicate of {id_i!r} "
                f"({where_i.file}:{where_i.line}); reword one of them"
            )
            problems.append(Problem(where_j.file, where_j.line, reason))
    return problems


def _similar(a: str, b: str) -> float:
    return Indel.normalized_similarity(a, b, score_cutoff=NEAR_DUPLICATE_RATIO)


def _normalise(text: str) -> list[str]:
    return re.sub(r"[^\w\s]", " ", text.lower()).split()


def suggest(word: str, known: Sequence[str] | Mapping[str, object]) -> str:
    """``; did you mean 'x'?`` for a close match, else the list of known words."""
    close = difflib.get_close_matches(word, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(known)})"
