"""How well notes are read for the people they name: accuracy per class, as JSON.

    python bench/names.py

Classes: "named" (the note names someone: the exact set of names must be found, mentions by
their id) and "none" (it names nobody: no one may be offered). Reads tests/bot/names_corpus.tsv.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.names import people_in

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "bot" / "names_corpus.tsv"


def labelled() -> list[tuple[frozenset[str], str, bool]]:
    """(names, note, held out) for every labelled line."""
    rows = []
    held_out = False
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#held-out"):
            held_out = True
        if not line.strip() or line.startswith("#"):
            continue
        names, note = line.split("\t", 1)
        expected = frozenset() if names == "-" else frozenset(names.split("|"))
        rows.append((expected, note, held_out))
    return rows


def found(note: str) -> frozenset[str]:
    return frozenset(f"@{p.user_id}" if p.user_id else p.name for p in people_in(note))


def _score(rows: list[tuple[frozenset[str], str, bool]]) -> dict[str, object]:
    counts: dict[str, list[int]] = {}  # class -> [notes, right]
    wrong = []
    for expected, note, _ in rows:
        tally = counts.setdefault("named" if expected else "none", [0, 0])
        got = found(note)
        tally[0] += 1
        if got == expected:
            tally[1] += 1
        else:
            wrong.append({"note": note, "expected": sorted(expected), "found": sorted(got)})
    notes, right = sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values())
    return {
        "notes": notes,
        "accuracy": round(right / notes, 3),
        "per_class": {
            name: {"notes": n, "accuracy": round(r / n, 3)} for name, (n, r) in counts.items()
        },
        "wrong": wrong,
    }


def report() -> dict[str, object]:
    rows = labelled()
    return {
        "overall": _score(rows),
        "tuning": _score([r for r in rows if not r[2]]),
        "held_out": _score([r for r in rows if r[2]]),
    }


if __name__ == "__main__":
    print(json.dumps(report(), indent=2, ensure_ascii=False))
