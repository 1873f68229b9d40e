"""The targets on the labelled corpus: done replies log, and nothing else does.

≥ 95% of the replies labelled done are logged, and ≥ 95% of the replies of every other intent
are not. ``bench/replies.py`` prints the full figures, held-out section apart.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bot.intents import Reading
from tests.bot.reply_corpus import HELD_OUT, load

EXAMPLES = load()
TARGET = 0.95


def test_the_corpus_is_big_enough_and_has_a_held_out_fifth():
    counts = Counter(e.expected for e in EXAMPLES)
    assert len(EXAMPLES) >= 300
    assert counts[Reading.DONE] >= 60
    assert all(counts[r] >= 30 for r in Reading if r is not Reading.DONE)
    held_out = sum(e.section == HELD_OUT for e in EXAMPLES)
    assert 0.15 <= held_out / len(EXAMPLES) <= 0.25


def test_done_replies_are_logged():
    done = [e for e in EXAMPLES if e.expected is Reading.DONE]
    missed = [e.text for e in done if not e.logged]
    assert 1 - len(missed) / len(done) >= TARGET, missed


@pytest.mark.parametrize("intent", [r for r in Reading if r is not Reading.DONE])
def test_other_replies_are_never_logged(intent):
    these = [e for e in EXAMPLES if e.expected is intent]
    logged = [e.text for e in these if e.logged]
    assert 1 - len(logged) / len(these) >= TARGET, logged
