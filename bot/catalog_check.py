"""Reading and validating content files: every problem is reported as ``file:line: reason``.

tomllib gives no positions, so line numbers come from scanning the raw text: the line of the
offending key inside its ``[[challenge]]`` / ``[[tip]]`` block, else the block's header line.
"""

from __future__ import annotations

import difflib
import re
import string
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from bot.catalog import (
    FOCUS_TAGS,
    KINDS,
    LEVELS,
    MAX_LEVEL1_MINUTES,
    MAX_MINUTES,
    MAX_TEXT,
    MAX_WHY,
    MIN_PHRASE_VARIANTS,
    PHRASE_GROUPS,
    PHRASE_PLACEHOLDERS,
    REQUIRED_PLACEHOLDERS,
    THEMES,
    Catalog,
    Challenge,
    Problem,
    Tip,
)
from bot.catalog_lines import Block, blocks, error_position, first_line, line_containing

#: Texts this similar (after normalising case, punctuation and spacing) read as a repeat.
NEAR_DUPLICATE_RATIO = 0.85

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TOPIC = re.compile(r"[a-z]+(?:-[a-z]+)*")


@dataclass(frozen=True)
class _Where:
    file: str
    line: int
    source: int  # 0 = shipped, 1 = team: near-duplicates are reported on the later one


def read_catalog(sources: Sequence[tuple[Path, Path]]) -> tuple[Catalog | None, list[Problem]]:
    """Read each (directory, name to report it by) in order; later sources override by id."""
    problems: list[Problem] = []
    challenges: dict[str, tuple[Challenge, _Where]] = {}
    tips: dict[str, tuple[Tip, _Where]] = {}
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
    problems += _near_duplicates({k: (c.text, w) for k, (c, w) in challenges.items()}, "challenge")
    problems += _near_duplicates({k: (t.text, w) for k, (t, w) in tips.items()}, "tip")
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


_Complaints = Iterator[tuple[str, str]]  # (key the problem is at, or "" for the header; reason)
_Entry = TypeVar("_Entry", Challenge, Tip)


@dataclass(frozen=True)
class _Table(Generic[_Entry]):
    """How one kind of ``[[table]]`` entry is laid out, checked and built."""

    folder: str
    name: str
    fields: Mapping[str, tuple[type, bool]]  # field -> (type, required)
    check: Callable[[dict[str, Any]], _Complaints]  # runs once the fields are present and typed
    make: Callable[[dict[str, Any]], _Entry]


def _check_challenge(raw: dict[str, Any]) -> _Complaints:
    yield from _check_common(raw)
    theme, kind, level, minutes = raw["theme"], raw["kind"], raw["level"], raw["minutes"]
    if theme not in THEMES:
        yield "theme", f"unknown theme {theme!r}{_suggest(theme, THEMES)}"
    if kind not in KINDS:
        yield "kind", f"unknown kind {kind!r}{_suggest(kind, KINDS)}"
    if level not in LEVELS:
        yield "level", f"level {level} out of range 1-3"
    if not 1 <= minutes <= MAX_MINUTES:
        yield "minutes", f"minutes {minutes} out of range 1-{MAX_MINUTES}"
    elif level == 1 and minutes > MAX_LEVEL1_MINUTES:
        yield "minutes", f"level 1 takes at most {MAX_LEVEL1_MINUTES} minutes, not {minutes}"
    focus = raw.get("focus", [])
    for tag in focus:
        if tag not in FOCUS_TAGS:
            yield "focus", f"unknown focus tag {tag!r}{_suggest(tag, FOCUS_TAGS)}"
    if len(set(focus)) != len(focus):
        yield "focus", "focus lists a tag twice"
    why = raw.get("why", "x").strip()
    if not why or "\n" in why or len(why) > MAX_WHY:
        yield "why", f"why must be one line of 1-{MAX_WHY} characters"


def _make_challenge(raw: dict[str, Any]) -> Challenge:
    why = raw.get("why")
    return Challenge(
        id=raw["id"],
        theme=raw["theme"],
        kind=raw["kind"],
        level=raw["level"],
        minutes=raw["minutes"],
        focus=frozenset(raw.get("focus", [])),
        text=raw["text"].strip(),
        why=why.strip() if why else None,
    )


def _check_tip(raw: dict[str, Any]) -> _Complaints:
    yield from _check_common(raw)
    if not _TOPIC.fullmatch(raw["topic"]):
        yield "topic", f"topic {raw['topic']!r} must be lowercase words joined by -"


def _check_common(raw: dict[str, Any]) -> _Complaints:
    if not _ID.fullmatch(raw["id"]):
        yield "id", f"id {raw['id']!r} must be kebab-case (lowercase letters, digits, -)"
    text = raw["text"].strip()
    if not text:
        yield "text", "text is empty"
    elif len(text) > MAX_TEXT:
        yield "text", f"text is {len(text)} characters; at most {MAX_TEXT}"


def _check_fields(raw: dict[str, Any], fields: Mapping[str, tuple[type, bool]]) -> _Complaints:
    for key in raw:
        if key not in fields:
            yield key, f"unknown field {key!r}{_suggest(key, fields)}"
    for key, (kind, required) in fields.items():
        if key not in raw:
            if required:
                yield "", f"missing field {key!r}"
        elif not isinstance(raw[key], kind) or isinstance(raw[key], bool):
            yield key, f"{key} must be {_TYPE_NAMES[kind]}"
        elif kind is list and not all(isinstance(v, str) for v in raw[key]):
            yield key, f"{key} must be a list of strings"


_TYPE_NAMES: Mapping[type, str] = {str: "a string", int: "a whole number", list: "a list"}

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
    },
    check=_check_challenge,
    make=_make_challenge,
)
_TIPS = _Table(
    folder="tips",
    name="tip",
    fields={"id": (str, True), "topic": (str, True), "text": (str, True)},
    check=_check_tip,
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

    def entries(self, table: _Table[_Entry]) -> dict[str, tuple[_Entry, _Where]]:
        found: dict[str, tuple[_Entry, _Where]] = {}
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
                    complaints = list(_check_fields(raw, table.fields)) or list(table.check(raw))
                if not complaints and raw["id"] in first_at:
                    complaints = [
                        ("id", f"duplicate id {raw['id']!r} (first at {first_at[raw['id']]})")
                    ]
                for key, reason in complaints:
                    self.problems.append(Problem(shown, block.line(key), reason))
                if not complaints:
                    first_at[raw["id"]] = f"{shown}:{block.line('id')}"
                    where = _Where(shown, block.line("text"), self.source)
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
                reason = f"unknown phrase group {group!r}{_suggest(group, PHRASE_GROUPS)}"
                self.problems.append(Problem(shown, line, reason))
            elif not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
                self.problems.append(Problem(shown, line, f"{group} must be a list of strings"))
            elif len(variants) < MIN_PHRASE_VARIANTS:
                reason = f"{group} has {len(variants)} variants; at least {MIN_PHRASE_VARIANTS}"
                self.problems.append(Problem(shown, line, reason))
            else:
                bad = [(v, r) for v in variants if (r := _placeholder_problem(group, v))]
                for variant, reason in bad:
                    at = line_containing(text, variant[:30], line)
                    self.problems.append(Problem(shown, at, f"{group}: {reason}"))
                if not bad:
                    groups[group] = tuple(v.strip() for v in variants)
        return groups


def _placeholder_problem(group: str, text: str) -> str | None:
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


def _near_duplicates(texts: Mapping[str, tuple[str, _Where]], what: str) -> list[Problem]:
    """Pairs of texts whose normalised words match at >= NEAR_DUPLICATE_RATIO."""
    items = sorted(texts.items(), key=lambda item: item[1][1].source)
    words = [_normalise(text) for _, (text, _) in items]
    problems: list[Problem] = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    for j, (id_j, (_, where_j)) in enumerate(items):
        matcher.set_seq2(words[j])
        for i in range(j):
            matcher.set_seq1(words[i])
            if (
                matcher.real_quick_ratio() >= NEAR_DUPLICATE_RATIO
                and matcher.quick_ratio() >= NEAR_DUPLICATE_RATIO
                and matcher.ratio() >= NEAR_DUPLICATE_RATIO
            ):
                id_i, (_, where_i) = items[i]
                reason = (
                    f"{what} {id_j!r} is a near-duplicate of {id_i!r} "
                    f"({where_i.file}:{where_i.line}); reword one of them"
                )
                problems.append(Problem(where_j.file, where_j.line, reason))
                break
    return problems


def _normalise(text: str) -> list[str]:
    return re.sub(r"[^\w\s]", " ", text.lower()).split()


def _suggest(word: str, known: Sequence[str] | Mapping[str, object]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(known)})"
