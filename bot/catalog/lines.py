"""Where things are in a content file's raw text, since tomllib reports no positions.

The scan is line-based and assumes the plain layout our files use (``[[table]]`` headers, one
``key = value`` per line); anything it can't place falls back to the block header or line 1.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

_KEY = re.compile(r'\s*"?([A-Za-z0-9_-]+)"?\s*=')
_TABLE = re.compile(r"\s*\[\[?\s*([A-Za-z0-9_-]+)\s*\]\]?")
_ERROR_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass
class Block:
    """One ``[[table]]`` entry: the line of its header and of each key in it."""

    header: int
    keys: dict[str, int]

    def line(self, key: str) -> int:
        """The key's line, or the header's when the key is absent (or ``""``)."""
        return self.keys.get(key, self.header)


def blocks(text: str, table: str) -> list[Block]:
    """Every ``[[table]]`` block in order, matching tomllib's list of them one to one."""
    found: list[Block] = []
    current: Block | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE.match(line)
        if header:
            is_ours = line.lstrip().startswith("[[") and header.group(1) == table
            current = Block(number, {}) if is_ours else None
            if current:
                found.append(current)
        elif current and (key := _KEY.match(line)):
            current.keys.setdefault(key.group(1), number)
    return found


@dataclass(frozen=True)
class Where:
    """Where an entry's text is, and which source it came from."""

    file: str
    line: int
    source: int  # 0 = shipped, 1 = team: near-duplicates are reported on the later one


def first_line(text: str, key: str) -> int:
    """The first line naming ``key`` as a table or a key, else 1."""
    for number, line in enumerate(text.splitlines(), start=1):
        found = _TABLE.match(line) or _KEY.match(line)
        if found and found.group(1) == key:
            return number
    return 1


def line_containing(text: str, snippet: str, start: int) -> int:
    """The first line from ``start`` on that contains ``snippet``, else ``start``."""
    lines = text.splitlines()
    for number in range(start, len(lines) + 1):
        if snippet in lines[number - 1]:
            return number
    return start


def error_position(err: tomllib.TOMLDecodeError) -> tuple[int, str]:
    """The line of a syntax error and its message with the line moved out (0 if unknown)."""
    message = str(err)
    match = _ERROR_AT.search(message)
    if match is None:
        return 0, message
    return int(match.group(1)), message.replace(match.group(0), f"(column {match.group(2)})")
