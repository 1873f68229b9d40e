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
        ("self-talk", "self-talk"),
        ("self talk", "self-talk"),
        ("Self_Talk", "self-talk"),
        ("selftalk", "self-talk"),
        ("inner critic", "self-talk"),
        ("negative thoughts", "self-talk"),
        ("mindset", "mindset"),
        ("growth mindset", "mindset"),
        ("fixed mindset", "mindset"),
        ("mind", "mindset"),
        ("assumptions", "assumptions"),
        ("assumption", "assumptions"),
        ("beliefs", "assumptions"),
        ("what if", "assumptions"),
        ("celebrating", "celebrating"),
        ("celebrate", "celebrating"),
        ("wins", "celebrating"),
        ("progress", "celebrating"),
        ("support network", "support-network"),
        ("support", "support-network"),
        ("allies", "support-network"),
        ("network", "support-network"),
        ("friends", "support-network"),
        ("self-care", "self-care"),
        ("stress", "self-care"),
        ("goals", "goals"),
        ("realistic", "goals"),
        ("realistic goals", "goals"),
        ("goal", "goals"),
        ("targets", "goals"),
        ("feedback", "feedback"),
        ("coaching", "feedback"),
        ("criticism", "feedback"),
        ("referrals", "referrals"),
        ("word of mouth", "referrals"),
        ("Word-of-Mouth", "referrals"),
        ("referral", "referrals"),
        ("recommendation", "referrals"),
        ("learning", "learning"),
        ("lifelong learning", "learning"),
        ("curiosity", "learning"),
        ("growth", "learning"),
    ],
)
def test_matches(catalog: Catalog, query: str, topic: str) -> None:
    found, tips = find_tips(catalog, query)
    assert found == topic
    assert tips and all(t.topic == topic for t in tips)


@pytest.mark.parametrize("query", ["", "astrology", "self", "s"])
def test_unknown_or_ambiguous_is_none(catalog: Catalog, query: str) -> None:
    assert find_tips(catalog, query) == (None, [])
