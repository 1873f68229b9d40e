"""One vocabulary: a word a member types means the same in focus settings and in tip topics."""

from __future__ import annotations

import pytest

from bot.catalog import find_tips, load_catalog
from bot.preferences import parse_focus
from bot.vocabulary import (
    DAY_FULL_NAMES,
    DAY_NAMES,
    FOCUS_TAGS,
    FOCUS_TOPICS,
    FOCUS_WORDS,
    STANDARD_TIP_TOPICS,
    TOPIC_ALIASES,
    day_number,
)


def test_every_focus_tag_has_a_standard_topic() -> None:
    assert set(FOCUS_TOPICS) == set(FOCUS_TAGS)
    assert set(FOCUS_TOPICS.values()) <= set(STANDARD_TIP_TOPICS)
    assert set(TOPIC_ALIASES.values()) <= set(STANDARD_TIP_TOPICS)


def test_focus_words_and_topic_aliases_agree() -> None:
    for word, tag in FOCUS_WORDS.items():
        assert TOPIC_ALIASES.get(word, word) == FOCUS_TOPICS[tag]


@pytest.mark.parametrize(
    ("word", "tag", "topic"),
    [
        ("promotion", "self_promotion", "self-promotion"),
        ("job", "new_role", "new-role"),
        ("role", "new_role", "new-role"),
        ("career", "new_role", "new-role"),
        ("mentorship", "mentor", "mentor"),
    ],
)
def test_a_word_means_one_thing(word: str, tag: str, topic: str) -> None:
    assert parse_focus(word) == frozenset({tag})
    assert find_tips(load_catalog(), word)[0] == topic


def test_day_names() -> None:
    assert [day_number(n) for n in DAY_NAMES] == list(range(1, 8))
    assert [day_number(n.lower()) for n in DAY_FULL_NAMES] == list(range(1, 8))
    assert day_number("tues") == 2 and day_number("mo") is None and day_number("x") is None
