"""``/network-tip <topic>`` matches forgivingly: exact, alias, prefix; unknown gives None."""

from __future__ import annotations

import pytest

from bot.catalog import Catalog, find_tips, load_catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(
    ("query", "topic"),
    [
        ("fear", "fear"),
        ("  Self-Promotion ", "self-promotion"),
        ("new role", "new-role"),
        ("follow_up", "follow-up"),
        ("rejection", "fear"),
        ("mentoring", "mentor"),
        ("job", "new-role"),
        ("introvert", "confidence"),
        ("listen", "listening"),
        ("conf", "confidence"),
        ("vis", "visibility"),
        ("mentors", "mentor"),
    ],
)
def test_matches(catalog: Catalog, query: str, topic: str) -> None:
    found, tips = find_tips(catalog, query)
    assert found == topic
    assert tips and all(t.topic == topic for t in tips)


@pytest.mark.parametrize("query", ["", "astrology", "self", "s"])
def test_unknown_or_ambiguous_is_none(catalog: Catalog, query: str) -> None:
    assert find_tips(catalog, query) == (None, [])
