"""Reading and validating content files: every problem is reported as ``file:line: reason``.

tomllib gives no positions, so line numbers come from scanning the raw text: the line of the
offending key inside its ``[[challenge]]`` / ``[[tip]]`` block, else the block's header line.
"""

from __future__ import annotations

import difflib
import re
import string
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

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

#: Texts this similar (after normalising case, punctuation and spacing) read as a repeat.
NEAR_DUPLICATE_RATIO = 0.85

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TOPIC = re.compile(r"[a-z]+(?:-[a-z]+)*")
_KEY = re.compile(r'\s*"?([A-Za-z0-9_-]+)"?\s*=')
_TABLE = re.compile(r"\s*\[\[?\s*([A-Za-z0-9_-]+)\s*\]\]?")

#: field -> (type, required)
_CHALLENGE_FIELDS: Mapping[str, tuple[type, bool]] = {
    "id": (str, True),
    "theme": (str, True),
    "kind": (str, True),
    "level": (int, True),
    "minutes": (int, True),
    "focus": (list, False),
    "text": (str, True),
    "why": (str, False),
}
_TIP_FIELDS: Mapping[str, tuple[type, bool]] = {
    "id": (str, True),
    "topic": (str, True),
    "text": (str, True),
}


@dataclass(frozen=True)
class _Where:
    file: str
    line: int
    source: int  # 0 = shipped, 1 = team: near-duplicates are reported on the later one


@dataclass
class _Block:
    """One ``[[table]]`` entry with the line of its header and of each key in it."""

    header: int
    keys: dict[str, int]

    def line(self, key: str) -> int:
        return self.keys.get(key, self.header)


def read_catalog(sources: Sequence[tuple[Path, Path]]) -> tuple[Catalog | None, list[Problem]]:
    """Read each (directory, name to report it by) in order; later sources override by id."""
    problems: list[Problem] = []
    challenges: dict[str, tuple[Challenge, _Where]] = {}
    tips: dict[str, tuple[Tip, _Where]] = {}
    phrases: dict[str, tuple[str, ...]] = {}
    for source, (directory, shown) in enumerate(sources):
        if not directory.is_dir():
            problems.append(Problem(str(shown), 0, "content directory not found"))
            continue
        _report_stray_files(directory, shown, problems)
        reader = _Reader(directory, shown, source, problems)
        challenges.update(reader.entries("challenges", "challenge", _challenge))
        tips.update(reader.entries("tips", "tip", _tip))
        phrases.update(reader.phrases())
    for group in PHRASE_GROUPS:
        if group not in phrases:
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
        if rel != Path("phrases.toml") and (len(rel.parts) != 2 or rel.parts[0] not in _DIRS):
            problems.append(
                Problem(
                    str(shown / rel),
                    0,
                    "not read: challenges go in challenges/*.toml, tips in tips/*.toml, "
                    "phrases in phrases.toml",
                )
            )


_DIRS = ("challenges", "tips")

_Report = Callable[[int, str], None]
_Entry = TypeVar("_Entry", Challenge, Tip)


class _Reader:
    """Reads one source directory, collecting problems with the paths shown to the user."""

    def __init__(self, directory: Path, shown: Path, source: int, problems: list[Problem]) -> None:
        self.directory, self.shown, self.source, self.problems = directory, shown, source, problems

    def _reporter(self, shown: str) -> _Report:
        def report(line: int, reason: str) -> None:
            self.problems.append(Problem(shown, line, reason))

        return report

    def _load(self, path: Path) -> tuple[str, dict[str, Any]] | None:
        shown = str(self.shown / path.relative_to(self.directory))
        try:
            text = path.read_text(encoding="utf-8")
            return text, tomllib.loads(text)
        except UnicodeDecodeError:
            self.problems.append(Problem(shown, 0, "not UTF-8 text"))
        except tomllib.TOMLDecodeError as err:
            match = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
            line = int(match.group(1)) if match else 0
            reason = (
                str(err).replace(match.group(0), f"(column {match.group(2)})") if match else err
            )
            self.problems.append(Problem(shown, line, f"invalid TOML: {reason}"))
        return None

    def entries(
        self,
        folder: str,
        table: str,
        build: Callable[[dict[str, Any], _Block, _Report], _Entry | None],
    ) -> dict[str, tuple[_Entry, _Where]]:
        found: dict[str, tuple[_Entry, _Where]] = {}
        first_at: dict[str, str] = {}  # id -> file:line, for duplicates within this source
        for path in sorted((self.directory / folder).glob("*.toml")):
            loaded = self._load(path)
            if loaded is None:
                continue
            text, data = loaded
            shown = str(self.shown / path.relative_to(self.directory))
            blocks = _blocks(text, table)
            for key in data:
                if key != table:
                    line = _first_line(text, key)
                    reason = f"unknown table {key!r}: a {folder} file holds only [[{table}]] tables"
                    self.problems.append(Problem(shown, line, reason))
            items = data.get(table, [])
            if not isinstance(items, list):
                line = _first_line(text, table)
                self.problems.append(Problem(shown, line, f"write [[{table}]], not [{table}]"))
                continue
            for index, raw in enumerate(items):
                block = blocks[index] if index < len(blocks) else _Block(1, {})
                report = self._reporter(shown)
                entry = build(raw, block, report)
                if entry is None:
                    continue
                if entry.id in first_at:
                    reason = f"duplicate id {entry.id!r} (first at {first_at[entry.id]})"
                    report(block.line("id"), reason)
                    continue
                first_at[entry.id] = f"{shown}:{block.line('id')}"
                found[entry.id] = (entry, _Where(shown, block.line("text"), self.source))
        return found

    def phrases(self) -> dict[str, tuple[str, ...]]:
        path = self.directory / "phrases.toml"
        loaded = self._load(path) if path.exists() else None
        if loaded is None:
            return {}
        text, data = loaded
        shown = str(self.shown / "phrases.toml")
        lines = text.splitlines()
        groups: dict[str, tuple[str, ...]] = {}
        for key in data:
            if key != "phrases":
                self.problems.append(
                    Problem(shown, _first_line(text, key), f"unknown table {key!r}: use [phrases]")
                )
        table = data.get("phrases", {})
        for group, variants in table.items() if isinstance(table, dict) else ():
            line = _first_line(text, group)
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
                    at = _line_containing(lines, variant[:30], line)
                    self.problems.append(Problem(shown, at, f"{group}: {reason}"))
                if not bad:
                    groups[group] = tuple(v.strip() for v in variants)
        return groups


def _challenge(raw: dict[str, Any], block: _Block, report: _Report) -> Challenge | None:
    if not _fields_ok(raw, _CHALLENGE_FIELDS, block, report):
        return None
    ok = _common_ok(raw, block, report)
    if raw["theme"] not in THEMES:
        ok = False
        report(
            block.line("theme"), f"unknown theme {raw['theme']!r}{_suggest(raw['theme'], THEMES)}"
        )
    if raw["kind"] not in KINDS:
        ok = False
        report(block.line("kind"), f"unknown kind {raw['kind']!r}{_suggest(raw['kind'], KINDS)}")
    level, minutes = raw["level"], raw["minutes"]
    if level not in LEVELS:
        ok = False
        report(block.line("level"), f"level {level} out of range 1-3")
    if not 1 <= minutes <= MAX_MINUTES:
        ok = False
        report(block.line("minutes"), f"minutes {minutes} out of range 1-{MAX_MINUTES}")
    elif level == 1 and minutes > MAX_LEVEL1_MINUTES:
        ok = False
        report(block.line("minutes"), f"level 1 takes at most {MAX_LEVEL1_MINUTES} minutes")
    focus = raw.get("focus", [])
    for tag in focus:
        if tag not in FOCUS_TAGS:
            ok = False
            reason = f"unknown focus tag {tag!r}{_suggest(str(tag), FOCUS_TAGS)}"
            report(block.line("focus"), reason)
    if len(set(focus)) != len(focus):
        ok = False
        report(block.line("focus"), "focus lists a tag twice")
    why = raw.get("why")
    if why is not None and ("\n" in why.strip() or not why.strip() or len(why) > MAX_WHY):
        ok = False
        report(block.line("why"), f"why must be one line of 1-{MAX_WHY} characters")
    if not ok:
        return None
    return Challenge(
        id=raw["id"],
        theme=raw["theme"],
        kind=raw["kind"],
        level=level,
        minutes=minutes,
        focus=frozenset(focus),
        text=raw["text"].strip(),
        why=why.strip() if why else None,
    )


def _tip(raw: dict[str, Any], block: _Block, report: _Report) -> Tip | None:
    if not _fields_ok(raw, _TIP_FIELDS, block, report):
        return None
    ok = _common_ok(raw, block, report)
    if not _TOPIC.fullmatch(raw["topic"]):
        ok = False
        report(block.line("topic"), f"topic {raw['topic']!r} must be lowercase words joined by -")
    return Tip(raw["id"], raw["topic"], raw["text"].strip()) if ok else None


def _fields_ok(
    raw: dict[str, Any],
    spec: Mapping[str, tuple[type, bool]],
    block: _Block,
    report: _Report,
) -> bool:
    ok = True
    for key in raw:
        if key not in spec:
            ok = False
            report(block.line(key), f"unknown field {key!r}{_suggest(key, spec)}")
    for key, (kind, required) in spec.items():
        if key not in raw:
            if required:
                ok = False
                report(block.header, f"missing field {key!r}")
        elif not isinstance(raw[key], kind) or isinstance(raw[key], bool):
            ok = False
            report(block.line(key), f"{key} must be {_TYPE_NAMES[kind]}")
        elif kind is list and not all(isinstance(v, str) for v in raw[key]):
            ok = False
            report(block.line(key), f"{key} must be a list of strings")
    return ok


_TYPE_NAMES: Mapping[type, str] = {str: "a string", int: "a whole number", list: "a list"}


def _common_ok(raw: dict[str, Any], block: _Block, report: _Report) -> bool:
    ok = True
    if not _ID.fullmatch(raw["id"]):
        ok = False
        report(block.line("id"), f"id {raw['id']!r} must be kebab-case (lowercase, digits, -)")
    text = raw["text"].strip()
    if not text:
        ok = False
        report(block.line("text"), "text is empty")
    elif len(text) > MAX_TEXT:
        ok = False
        report(block.line("text"), f"text is {len(text)} characters; at most {MAX_TEXT}")
    return ok


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


def _blocks(text: str, table: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE.match(line)
        if header and line.lstrip().startswith("[["):
            current = _Block(number, {}) if header.group(1) == table else None
            if current:
                blocks.append(current)
        elif header and line.lstrip().startswith("["):
            current = None
        elif current and (key := _KEY.match(line)):
            current.keys.setdefault(key.group(1), number)
    return blocks


def _first_line(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        found = _TABLE.match(line) or _KEY.match(line)
        if found and found.group(1) == key:
            return number
    return 1


def _line_containing(lines: list[str], snippet: str, start: int) -> int:
    for number in range(start, len(lines) + 1):
        if snippet in lines[number - 1]:
            return number
    return start
