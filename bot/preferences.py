"""Reading the member's preferences from what they type: zone, time, weekdays, focus, pause.

Every parser returns either the value or an :class:`Invalid` that tells the person what to type
instead; nothing here raises on bad input, and nothing is changed until a value parses.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import cache
from typing import Any

from bot.public_holidays import UnknownRegion, parse_region
from bot.vocabulary import (
    DAY_ABBREVIATIONS,
    DAY_GROUPS,
    EVERY_DAY,
    FOCUS_CHOICES,
    FOCUS_TAGS,
    FOCUS_WORDS,
    WORKDAYS,
    day_number,
)

MAX_PAUSE_DAYS = 365
#: ``holidays team``: follow the team's default again (what a member has until they choose).
FOLLOW_TEAM = "team"


@dataclass(frozen=True)
class Invalid:
    """A value that could not be read, with a friendly message saying what to type instead."""

    message: str


def parse_zone(text: str) -> zoneinfo.ZoneInfo | Invalid:
    name = text.strip().replace(" ", "_")
    canonical = _zone_names().get(name.lower())
    if canonical is None:
        return Invalid(
            f"I don't know the time zone “{text.strip()}”. Use an IANA name such as "
            "`Europe/Berlin`, `America/New_York` or `Asia/Kolkata`."
        )
    return zoneinfo.ZoneInfo(canonical)


@cache
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


_TIME = re.compile(r"^(?P<h>\d{1,2})(?:[:.h](?P<m>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?$")


def parse_time(text: str) -> time | Invalid:
    found = _TIME.match(text.strip().lower())
    invalid = Invalid(
        f"“{text.strip()}” isn't a time I can use. Type a time like `09:00`, `8:30` or `6pm`."
    )
    if not found:
        return invalid
    hour, minute = int(found["h"]), int(found["m"] or 0)
    if found["ampm"]:
        if not 1 <= hour <= 12:
            return invalid
        hour = hour % 12 + (12 if found["ampm"].startswith("p") else 0)
    if hour > 23 or minute > 59:
        return invalid
    return time(hour, minute)


def parse_weekdays(text: str) -> frozenset[int] | Invalid:
    """``mon-fri``, ``mon,wed,fri``, ``weekdays``, ``every day``: ISO weekday numbers."""
    invalid = Invalid(
        f"I couldn't read the days “{text.strip()}”. Try `mon-fri`, `mon,wed,fri`, "
        "`weekdays` or `every day`."
    )
    cleaned = text.strip().lower().replace("every day", "everyday")
    if cleaned in DAY_GROUPS:
        return DAY_GROUPS[cleaned]
    days: set[int] = set()
    for part in filter(None, re.split(r"[\s,]+", cleaned)):
        ends = part.split("-")
        numbers = [day_number(end) for end in ends]
        if len(ends) > 2 or None in numbers:
            return invalid
        first, last = numbers[0], numbers[-1]
        assert first is not None and last is not None
        span = range(first, last + 1) if first <= last else [*range(first, 8), *range(1, last + 1)]
        days.update(span)
    return frozenset(days) if days else invalid


def format_weekdays(days: frozenset[int]) -> str:
    for name, group in (("every day", EVERY_DAY), ("Mon–Fri", WORKDAYS)):
        if days == group:
            return name
    return ", ".join(DAY_ABBREVIATIONS[d - 1] for d in sorted(days)) or "no days"


def parse_focus(text: str) -> frozenset[str] | Invalid:
    """Comma- or space-separated focus words; ``none`` clears the focus."""
    words = [w for w in re.split(r"[\s,]+", text.strip().lower()) if w]
    if words == ["none"]:
        return frozenset()
    tags = {FOCUS_WORDS.get(w, w.replace("-", "_")) for w in words}
    unknown = tags - set(FOCUS_TAGS)
    if unknown or not tags:
        return Invalid(
            "Choose focus words from: "
            + ", ".join(f"`{w}`" for w in FOCUS_CHOICES)
            + " (or `none`)."
        )
    return frozenset(tags)


def parse_switch(text: str) -> bool | Invalid:
    word = text.strip().lower()
    if word in ("on", "yes", "true", "1"):
        return True
    if word in ("off", "no", "false", "0"):
        return False
    return Invalid("Type `on` or `off`.")


def parse_holidays(text: str) -> str | Invalid:
    """``GB``, ``US-CA``, ``off``, or ``team`` (FOLLOW_TEAM): whose public holidays are days off."""
    if text.strip().lower() in (FOLLOW_TEAM, "default"):
        return FOLLOW_TEAM
    region = parse_region(text)
    return Invalid(region.message) if isinstance(region, UnknownRegion) else region


_PAUSE_SPAN = re.compile(r"^(?:for\s+)?(?P<n>[0-9]+|a|one)?\s*(?P<unit>days?|weeks?|d|w)?$")


def pause_example(today: date) -> str:
    """``pause until <a date two weeks on>``: an example that is always in the future."""
    try:
        return f"pause until {today + timedelta(days=14):%Y-%m-%d}"
    except OverflowError:  # the end of the calendar
        return "pause until monday"


def parse_pause(text: str, today: date) -> date | Invalid:
    """The last paused date for ``3 days``, ``2 weeks``, ``until 2026-12-01``, ``until friday``.

    ``n days`` pauses today and the n-1 days after; ``until D`` resumes on D.
    """
    words = " ".join(text.strip().lower().split())
    help_text = (
        "How long should I pause? Type `pause 3 days`, `pause 2 weeks` or "
        f"`{pause_example(today)}` (or a weekday: `pause until monday`)."
    )
    too_long = f"I can pause for up to {MAX_PAUSE_DAYS} days at a time. " + help_text
    if words.startswith("until "):
        resume_on = _parse_day(words.removeprefix("until ").strip(), today)
        if resume_on is None:
            return Invalid(help_text)
        if resume_on <= today:
            return Invalid("That date isn't in the future. " + help_text)
        last = resume_on - timedelta(days=1)
    else:
        found = _PAUSE_SPAN.match(words)
        if not found or not words:
            return Invalid(help_text)
        if len(found["n"] or "") > 6:  # checked before int() and timedelta, which overflow
            return Invalid(too_long)
        count = 1 if found["n"] in ("a", "one") else int(found["n"] or 1)
        unit = found["unit"] or "days"
        days = count * (7 if unit.startswith("w") else 1)
        if days < 1:
            return Invalid(help_text)
        if days > MAX_PAUSE_DAYS:
            return Invalid(too_long)
        last = today + timedelta(days=days - 1)
    if (last - today).days >= MAX_PAUSE_DAYS:
        return Invalid(too_long)
    return last


def _parse_day(word: str, today: date) -> date | None:
    if word == "tomorrow":
        return today + timedelta(days=1)
    try:
        return date.fromisoformat(word)
    except ValueError:
        pass
    number = day_number(word) if len(word) >= 3 else None
    if number is None:
        return None
    ahead = (number - today.isoweekday()) % 7 or 7
    return today + timedelta(days=ahead)


@dataclass(frozen=True)
class SettingsChange:
    """What a member asked to change; None means unchanged."""

    zone: zoneinfo.ZoneInfo | None = None
    nudge_time: time | None = None
    weekdays: frozenset[int] | None = None
    focus: frozenset[str] | None = None
    share_wins: bool | None = None
    #: A region, "" for none, or FOLLOW_TEAM.
    holidays: str | None = None

    def is_empty(self) -> bool:
        return self == SettingsChange()


_SETTING_KEYS = {
    "zone": "zone",
    "tz": "zone",
    "timezone": "zone",
    "time": "nudge_time",
    "days": "weekdays",
    "weekdays": "weekdays",
    "focus": "focus",
    "share": "share_wins",
    "celebrate": "share_wins",
    "holidays": "holidays",
    "holiday": "holidays",
}
_PARSERS: dict[str, Callable[[str], Any]] = {
    "zone": parse_zone,
    "nudge_time": parse_time,
    "weekdays": parse_weekdays,
    "focus": parse_focus,
    "share_wins": parse_switch,
    "holidays": parse_holidays,
}
SETTINGS_USAGE = (
    "Change a setting by typing, for example, `/network-settings time 08:30`, "
    "`/network-settings zone Europe/Berlin`, `/network-settings days mon,wed,fri`, "
    "`/network-settings focus fear mentor`, `/network-settings holidays US-CA` (or `off`, or "
    "`team`) or `/network-settings share on`."
)


def parse_settings(text: str) -> SettingsChange | Invalid:
    """``time 8:30 zone Europe/Berlin``: one or more ``key value`` pairs; empty means no change."""
    values = parse_pairs(text, _SETTING_KEYS, _PARSERS, SETTINGS_USAGE, "setting")
    return values if isinstance(values, Invalid) else SettingsChange(**values)


def settings_change(
    *,
    zone: str | None = None,
    time: str | None = None,
    days: str | None = None,
    focus: str | None = None,
    share: bool | str | None = None,
    holidays: str | None = None,
) -> SettingsChange | Invalid:
    """Settings filled in as separate fields (Discord's options): each read by the same parser
    as the typed form; None leaves a setting as it is, and the first bad one explains itself."""
    fields = {
        "zone": zone,
        "nudge_time": time,
        "weekdays": days,
        "focus": focus,
        "holidays": holidays,
    }
    values: dict[str, Any] = {}
    for key, raw in fields.items():
        if raw is not None:
            values[key] = _PARSERS[key](raw)
    if share is not None:
        values["share_wins"] = share if isinstance(share, bool) else parse_switch(share)
    invalid = next((v for v in values.values() if isinstance(v, Invalid)), None)
    return invalid or SettingsChange(**values)


def parse_pairs(
    text: str,
    keys: Mapping[str, str],
    parsers: Mapping[str, Callable[[str], Any]],
    usage: str,
    noun: str,
) -> dict[str, Any] | Invalid:
    """``key value key value …``: each key's words parsed by its parser, or what to type instead."""
    pairs: list[tuple[str, str, list[str]]] = []
    for token in text.split():
        key = keys.get(token.lower())
        if key is not None:
            pairs.append((token, key, []))
        elif not pairs:
            return Invalid(f"I don't know the {noun} “{token}”. {usage}")
        else:
            pairs[-1][2].append(token)
    values: dict[str, Any] = {}
    for word, key, value_words in pairs:
        if not value_words:
            return Invalid(f"Give a value after `{word}`. {usage}")
        parsed = parsers[key](" ".join(value_words))
        if isinstance(parsed, Invalid):
            return parsed
        values[key] = parsed
    return values
