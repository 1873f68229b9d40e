"""The labelled replies of ``reply_corpus.tsv`` and how parse_reply reads them.

Shared by ``tests/bot/test_reply_corpus.py`` and ``bench/replies.py``. A reply is *logged* when
parse_reply gives DONE or NOTE: the only readings the service layer may record as done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.intents import Reading
from bot.replies import Intent, parse_reply

CORPUS = Path(__file__).with_name("reply_corpus.tsv")
TODAY = date(2026, 11, 23)
TUNING, HELD_OUT = "tuning", "held-out"
LOGGED = frozenset({Intent.DONE, Intent.NOTE})


@dataclass(frozen=True)
class Example:
    section: str
    expected: Reading
    text: str

    @property
    def read(self) -> str:
        """What parse_reply makes of it, as a Reading value ("done" for DONE and NOTE)."""
        intent = parse_reply(self.text, TODAY).intent
        return Reading.DONE.value if intent in LOGGED else intent.value

    @property
    def logged(self) -> bool:
        return parse_reply(self.text, TODAY).intent in LOGGED


def load(path: Path = CORPUS) -> list[Example]:
    """Every labelled line; ``#tuning`` and ``#held-out`` lines start their sections."""
    examples, section = [], TUNING
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            section = {"#tuning": TUNING, "#held-out": HELD_OUT}.get(line.strip(), section)
            continue
        if not line.strip():
            continue
        label, sep, text = line.partition("\t")
        if not sep or not text.strip():
            raise ValueError(f"{path.name}:{number}: expected intent<TAB>text, got {line!r}")
        examples.append(Example(section, Reading(label), text))
    return examples
