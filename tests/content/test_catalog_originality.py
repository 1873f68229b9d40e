"""Original words only: no run of 8 words from the source chapters appears in the content.

The chapters are not in this repository, so ``seed_shingles.txt`` holds a hash of each of their
8-word runs (words lowercased, punctuation and apostrophes dropped). When the chapters are at hand
(``../shared/seeds`` next to the repository), the hashes are checked against them too.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.catalog import load_catalog

HERE = Path(__file__).parent
SEEDS = HERE.parents[2] / "shared" / "seeds"
N = 8


def _words(text: str) -> list[str]:
    text = text.lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^\w\s]", " ", text).split()


def _shingles(text: str) -> set[str]:
    words = _words(text)
    return {
        hashlib.sha256(" ".join(words[i : i + N]).encode()).hexdigest()[:16]
        for i in range(len(words) - N + 1)
    }


def _content_texts() -> Iterator[tuple[str, str]]:
    catalog = load_catalog()
    for c in catalog.challenges:
        yield c.id, c.text
        if c.why:
            yield c.id, c.why
    for t in catalog.tips:
        yield t.id, t.text
    for group, variants in catalog.phrases.items():
        for v in variants:
            yield group, v


def _seed_hashes() -> set[str]:
    lines = (HERE / "seed_shingles.txt").read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def test_no_eight_word_run_from_the_chapters() -> None:
    seeds = _seed_hashes()
    copied = [(where, text) for where, text in _content_texts() if _shingles(text) & seeds]
    assert copied == []


def test_the_check_would_catch_a_copied_sentence() -> None:
    copied = "Oh, and: networking fosters a supportive community that understands the challenges!"
    assert _shingles(copied) & _seed_hashes()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="source chapters not available")
def test_hashes_match_the_chapters() -> None:
    hashes: set[str] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        hashes |= _shingles(path.read_text(encoding="utf-8"))
    assert hashes == _seed_hashes()
