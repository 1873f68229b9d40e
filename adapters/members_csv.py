"""Reading an admin's CSV of members to enrol: ``platform,workspace,user,tz,time,days,group``.

Every row is checked on its own; bad rows are reported by line with what to write instead, and
the good rows are enrolled all the same. ``tz``, ``time`` and ``days`` may be left empty for the
defaults; ``group`` (optional, a sub-team such as ``sales``) lets intros pair across groups.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from bot.ports import MemberRef
from bot.preferences import Invalid, parse_time, parse_weekdays, parse_zone
from bot.services.roster import Enrolment

COLUMNS = ("platform", "workspace", "user", "tz", "time", "days", "group")
#: The longest group name kept (the column's size).
MAX_GROUP = 64
PLATFORMS = ("slack", "discord")


@dataclass
class Parsed:
    entries: list[Enrolment] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: The file itself can't be used (missing, a folder, empty): no row was read.
    unusable: str | None = None


HEADER = ",".join(COLUMNS)


def read_members(path: Path) -> Parsed:
    if not path.exists():
        return Parsed(unusable=f"{path}: there is no such file. Give the path of the CSV file.")
    if path.is_dir():
        return Parsed(unusable=f"{path} is a folder. Give the path of the CSV file in it.")
    if path.is_file() and path.stat().st_size == 0:
        return Parsed(
            unusable=f"{path} is empty. Its first line should be the header {HEADER}, "
            "then one member a line."
        )
    result = Parsed()
    try:
        with path.open(newline="", encoding="utf-8-sig") as file:
            reader = csv.DictReader(file)
            # Headers are matched whatever their case or spacing: `Platform`, ` TZ`.
            reader.fieldnames = [name.strip().lower() for name in reader.fieldnames or []]
            missing = [c for c in ("platform", "user") if c not in reader.fieldnames]
            if missing:
                result.errors.append(
                    f"{path}: the header must name the columns {HEADER} "
                    f"(missing: {', '.join(missing)})"
                )
                return result
            for row in reader:
                entry = _entry(row)
                if isinstance(entry, Invalid):
                    result.errors.append(f"line {reader.line_num}: {entry.message}")
                else:
                    result.entries.append(entry)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        result.errors.append(f"{path}: can't read it as CSV ({error})")
    return result


def _entry(row: dict[str, str | None]) -> Enrolment | Invalid:
    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    platform, workspace, user = cell("platform").lower(), cell("workspace"), cell("user")
    if platform not in PLATFORMS:
        return Invalid(f"platform must be one of {', '.join(PLATFORMS)}, not “{platform}”")
    if not user:
        return Invalid("the user column is empty: give the member's Slack or Discord user id")
    if platform == "slack" and not workspace:
        return Invalid("Slack rows need the workspace (team) id, e.g. T0123ABCD")
    zone = parse_zone(cell("tz")) if cell("tz") else None
    at = parse_time(cell("time")) if cell("time") else None
    days = parse_weekdays(cell("days")) if cell("days") else None
    for value in (zone, at, days):
        if isinstance(value, Invalid):
            return value
    assert not isinstance(zone, Invalid) and not isinstance(at, Invalid)
    assert not isinstance(days, Invalid)
    # Slack user ids live inside a workspace; Discord's are global and the guild is the team.
    group = cell("group")
    if len(group) > MAX_GROUP:
        return Invalid(f"the group name is longer than {MAX_GROUP} characters: shorten it")
    ref = MemberRef(platform, workspace if platform == "slack" else "", user)
    return Enrolment(ref, workspace or None, zone.key if zone else None, at, days, group or None)
