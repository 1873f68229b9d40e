"""Reading the content catalog from TOML: challenges, tips and the bot's varied phrasing.

The shipped catalog lives in the ``content`` package; a team may add or override entries from a
directory of its own (``NUDGEBOT_CONTENT_DIR``). Entries with the same id in the team directory
replace the shipped ones. Everything is validated at load: a broken file is reported as
``file:line: reason`` and the bot refuses to start rather than nudge people with bad content.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Generic, TypeVar

from bot.catalog.check import (
    MIN_PHRASE_VARIANTS,
    Complaints,
    check_challenge,
    check_fields,
    check_tip,
    dangling_follow_ups,
    days_of,
    near_duplicates,
    placeholder_problem,
    suggest,
)
from bot.catalog.lines import Block, Where, blocks, error_position, first_line, line_containing
from bot.catalog.model import PHRASE_GROUPS, Catalog, CatalogError, Challenge, Problem, Tip


def shipped_content_dir() -> Path:
    return Path(str(resources.files("content")))


def check_catalog(extra_dir: Path | None = None) -> tuple[Catalog | None, list[Problem]]:
    """Load and validate the shipped catalog with the team's directory over it.

    Returns the catalog, or None and every problem found (all of them, not just the first).
    """
    sources = [(shipped_content_dir(), Path("content"))]
    if extra_dir is not None:
        sources.append((extra_dir, extra_dir))
    return read_catalog(sources)


def load_catalog(extra_dir: Path | None = None) -> Catalog:
    """Load the shipped catalog, then the team's directory over it; raise CatalogError if broken."""
    catalog, problems = check_catalog(extra_dir)
    if catalog is None:
        raise CatalogError(problems)
    return catalog


def read_catalog(sources: Sequence[tuple[Path, Path]]) -> tuple[Catalog | None, list[Problem]]:
    """Read each (directory, name to report it by) in order; later sources override by id."""
    problems: list[Problem] = []
    challenges: dict[str, tuple[Challenge, Where]] = {}
    tips: dict[str, tuple[Tip, Where]] = {}
    phrases: dict[str, tuple[str, ...]] = {}
    named: set[str] = set()
    for source, (directory, shown) in enumerate(sources):
        if not directory.is_dir():
            problems.append(Problem(str(shown), 0, "content directory not found"))
            continue
        _report_stray_files(directory, shown, problems)
        reader = _Reader(directory, shown, source, problems)
        challenges.update(reader.entries(_CHALLENGES))
        tips.update(reader.entries(_TIPS))
        phrases.update(reader.phrases())
        named |= reader.groups_named
    for group in PHRASE_GROUPS:
        if group not in named:
            problems.append(
                Problem(str(sources[0][1] / "phrases.toml"), 1, f"phrase group {group!r} missing")
            )
    problems += dangling_follow_ups({k: (c.then, w) for k, (c, w) in challenges.items()})
    problems += near_duplicates({k: (c.text, w) for k, (c, w) in challenges.items()}, "challenge")
    problems += near_duplicates({k: (t.text, w) for k, (t, w) in tips.items()}, "tip")
    if problems:
        return None, problems
    return Catalog(
        tuple(c for c, _ in challenges.values()), tuple(t for t, _ in tips.values()), phrases
    ), []


def _report_stray_files(directory: Path, shown: Path, problems: list[Problem]) -> None:
    for path in sorted(directory.rglob("*.toml")):
        rel = path.relative_to(directory)
        folders = (_CHALLENGES.folder, _TIPS.folder)
        if rel != Path("phrases.toml") and (len(rel.parts) != 2 or rel.parts[0] not in folders):
            problems.append(
                Problem(
                    str(shown / rel),
                    0,
                    "not read: challenges go in challenges/*.toml, tips in tips/*.toml, "
                    "phrases in phrases.toml",
                )
            )


_Entry = TypeVar("_Entry", Challenge, Tip)


@dataclass(frozen=True)
class _Table(Generic[_Entry]):
    """How one kind of ``[[table]]`` entry is laid out, checked and built."""

    folder: str
    name: str
    fields: Mapping[str, tuple[type, bool]]  # field -> (type, required)
    check: Callable[[dict[str, Any]], Complaints]  # runs once the fields are present and typed
    make: Callable[[dict[str, Any]], _Entry]


def _make_challenge(raw: dict[str, Any]) -> Challenge:
    why = raw.get("why")
    after = raw.get("after")
    return Challenge(
        id=raw["id"],
        theme=raw["theme"],
        kind=raw["kind"],
        level=raw["level"],
        minutes=raw["minutes"],
        focus=frozenset(raw.get("focus", [])),
        text=raw["text"].strip(),
        why=why.strip() if why else None,
        smaller=_stripped(raw.get("smaller")),
        starter=_stripped(raw.get("starter")),
        then=raw.get("then"),
        after_days=days_of(after) if after else None,
        only_for=frozenset(raw.get("only_for", [])),
    )


def _stripped(text: str | None) -> str | None:
    return text.strip() if text else None


_CHALLENGES = _Table(
    folder="challenges",
    name="challenge",
    fields={
        "id": (str, True),
        "theme": (str, True),
        "kind": (str, True),
        "level": (int, True),
        "minutes": (int, True),
        "focus": (list, False),
        "text": (str, True),
        "why": (str, False),
        "smaller": (str, False),
        "starter": (str, False),
        "then": (str, False),
        "after": (str, False),
        "only_for": (list, False),
    },
    check=check_challenge,
    make=_make_challenge,
)
_TIPS = _Table(
    folder="tips",
    name="tip",
    fields={"id": (str, True), "topic": (str, True), "text": (str, True)},
    check=check_tip,
    make=lambda raw: Tip(raw["id"], raw["topic"], raw["text"].strip()),
)


class _Reader:
    """Reads one source directory, collecting problems with the paths shown to the user."""

    def __init__(self, directory: Path, shown: Path, source: int, problems: list[Problem]) -> None:
        self.directory, self.shown, self.source, self.problems = directory, shown, source, problems
        self.groups_named: set[str] = set()  # valid or not, so a broken group isn't "missing" too

    def _load(self, path: Path) -> tuple[str, str, dict[str, Any]] | None:
        """(name shown, raw text, data), or None after reporting why the file can't be read."""
        shown = str(self.shown / path.relative_to(self.directory))
        try:
            text = path.read_text(encoding="utf-8")
            return shown, text, tomllib.loads(text)
        except UnicodeDecodeError:
            self.problems.append(Problem(shown, 0, "not UTF-8 text"))
        except tomllib.TOMLDecodeError as err:
            line, message = error_position(err)
            self.problems.append(Problem(shown, line, f"invalid TOML: {message}"))
        return None

    def _unknown_tables(self, shown: str, text: str, data: dict[str, Any], header: str) -> None:
        for key in data:
            if key != header.strip("[]"):
                reason = f"unknown table {key!r}: this file holds only {header}"
                self.problems.append(Problem(shown, first_line(text, key), reason))

    def entries(self, table: _Table[_Entry]) -> dict[str, tuple[_Entry, Where]]:
        found: dict[str, tuple[_Entry, Where]] = {}
        first_at: dict[str, str] = {}  # id -> file:line, for duplicates within this source
        for path in sorted((self.directory / table.folder).glob("*.toml")):
            if (loaded := self._load(path)) is None:
                continue
            shown, text, data = loaded
            self._unknown_tables(shown, text, data, f"[[{table.name}]]")
            items = data.get(table.name, [])
            if not isinstance(items, list):
                line = first_line(text, table.name)
                reason = f"write [[{table.name}]], not [{table.name}]"
                self.problems.append(Problem(shown, line, reason))
                continue
            positions = blocks(text, table.name)
            for index, raw in enumerate(items):
                block = positions[index] if index < len(positions) else Block(1, {})
                if not isinstance(raw, dict):
                    complaints = [("", f"write each {table.name} as a [[{table.name}]] table")]
                else:
                    complaints = list(check_fields(raw, table.fields)) or list(table.check(raw))
                if not complaints and raw["id"] in first_at:
                    complaints = [
                        ("id", f"duplicate id {raw['id']!r} (first at {first_at[raw['id']]})")
                    ]
                for key, reason in complaints:
                    self.problems.append(Problem(shown, block.line(key), reason))
                if not complaints:
                    first_at[raw["id"]] = f"{shown}:{block.line('id')}"
                    where = Where(shown, block.line("text"), self.source)
                    found[raw["id"]] = (table.make(raw), where)
        return found

    def phrases(self) -> dict[str, tuple[str, ...]]:
        path = self.directory / "phrases.toml"
        if not path.exists() or (loaded := self._load(path)) is None:
            return {}
        shown, text, data = loaded
        self._unknown_tables(shown, text, data, "[phrases]")
        table = data.get("phrases", {})
        groups: dict[str, tuple[str, ...]] = {}
        if not isinstance(table, dict):
            line = first_line(text, "phrases")
            self.problems.append(Problem(shown, line, "write [phrases], not [[phrases]]"))
            return groups
        for group, variants in table.items():
            self.groups_named.add(group)
            line = first_line(text, group)
            if group not in PHRASE_GROUPS:
                reason = f"unknown phrase group {group!r}{suggest(group, PHRASE_GROUPS)}"
                self.problems.append(Problem(shown, line, reason))
            elif not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
                self.problems.append(Problem(shown, line, f"{group} must be a list of strings"))
            elif len(variants) < MIN_PHRASE_VARIANTS:
                reason = f"{group} has {len(variants)} variants; at least {MIN_PHRASE_VARIANTS}"
                self.problems.append(Problem(shown, line, reason))
            else:
                bad = [(v, r) for v in variants if (r := placeholder_problem(group, v))]
                for variant, reason in bad:
                    at = line_containing(text, variant[:30], line)
                    self.problems.append(Problem(shown, at, f"{group}: {reason}"))
                if not bad:
                    groups[group] = tuple(v.strip() for v in variants)
        return groups
