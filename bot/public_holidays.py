"""Public holidays: no nudge on a day the member's country (or state, province...) takes off.

A *region* is an ISO 3166 country code, optionally with a subdivision: ``GB``, ``US-CA``, ``DE-BY``.
The calendars come from the ``holidays`` package; this module only names regions, checks what a
person typed, and answers "is this date a holiday there?" quickly (a tick asks thousands of times).
The empty region means no holidays are observed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

import holidays

OFF = ""


@dataclass(frozen=True)
class UnknownRegion:
    """What a member typed that names no region we have a calendar for, and what to type."""

    message: str


def parse_region(text: str) -> str | UnknownRegion:
    """``gb``, ``US-CA``, ``us ca``, ``off`` -> a canonical region (``OFF`` for none)."""
    words = text.strip().upper().replace("_", "-").replace(" ", "-")
    if words in ("OFF", "NONE", "NO"):
        return OFF
    country, _, subdivision = words.partition("-")
    supported = holidays.list_supported_countries()
    examples = "`GB`, `US-CA`, `DE-BY` or `off`"
    if country not in supported:
        return UnknownRegion(
            f"I don't have a holiday calendar for “{text.strip()}”. Use a two-letter country "
            f"code, with a state or province if it has its own days off: {examples}."
        )
    if subdivision and subdivision not in supported[country]:
        known = ", ".join(f"`{country}-{s}`" for s in supported[country][:8])
        more = "…" if len(supported[country]) > 8 else ""
        return UnknownRegion(
            f"{country} has no subdivision “{subdivision}”. Try {known}{more}, or just `{country}`."
        )
    return f"{country}-{subdivision}" if subdivision else country


def holiday_on(region: str, day: date) -> str | None:
    """The holiday's name when ``day`` is a public holiday in ``region``, else None."""
    if not region:
        return None
    return _calendar(region, day.year).get(day)


def is_holiday(region: str, day: date) -> bool:
    return bool(region) and day in _calendar(region, day.year)


@cache
def _calendar(region: str, year: int) -> dict[date, str]:
    country, _, subdivision = region.partition("-")
    try:
        found = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    except NotImplementedError:  # a region that was valid in an older release of the package
        return {}
    return dict(found.items())


def country_of_zone(zone: str) -> str:
    """The country a time zone is in (``Europe/London`` -> ``GB``), or ``OFF`` when it has none
    (``UTC``) or we have no calendar for it."""
    country = _zone_countries().get(zone, OFF)
    return country if country in holidays.list_supported_countries() else OFF


@cache
def _zone_countries() -> dict[str, str]:
    """zone.tab, shipped with tzdata: one ``CC<TAB>coordinates<TAB>Zone`` line per zone."""
    try:
        text = (resources.files("tzdata.zoneinfo") / "zone.tab").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    countries = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) >= 3:
                countries[parts[2]] = parts[0]
    return countries


def effective_region(own: str | None, team: str | None, zone: str) -> str:
    """The member's own choice; else the team's default; else the country of their zone."""
    if own is not None:
        return own
    if team is not None:
        return team
    return country_of_zone(zone)
