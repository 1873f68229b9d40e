"""The words nudgebot reads and writes everywhere: day names, focus tags and tip topics.

One place for them, so a word means the same thing wherever a member types it: "promotion" is
self-promotion in ``/network-settings focus`` and in ``/network-tip`` alike (a new role is
"job", "new-role", "role" or "career"). Days are ISO numbered, 1 = Monday, so a day's name is
``DAY_NAMES[number - 1]``.
"""

from __future__ import annotations

from collections.abc import Mapping

#: What people type and what cron reads, Monday first.
DAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: What people read.
DAY_FULL_NAMES: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)  # fmt: skip
DAY_ABBREVIATIONS: tuple[str, ...] = tuple(name[:3] for name in DAY_FULL_NAMES)

WORKDAYS: frozenset[int] = frozenset(range(1, 6))
EVERY_DAY: frozenset[int] = frozenset(range(1, 8))
WEEKEND: frozenset[int] = frozenset({6, 7})
#: Words for several days at once; "every day" is read as "everyday".
DAY_GROUPS: Mapping[str, frozenset[int]] = {
    "weekdays": WORKDAYS,
    "workdays": WORKDAYS,
    "everyday": EVERY_DAY,
    "daily": EVERY_DAY,
    "weekends": WEEKEND,
}


def day_number(word: str) -> int | None:
    """ISO number of a day name: ``mon``, ``tues``, ``wednesday`` all work (3 letters or more)."""
    return next(
        (
            number
            for number, name in enumerate(DAY_FULL_NAMES, start=1)
            if len(word) >= 3 and name.lower().startswith(word)
        ),
        None,
    )


#: What holds a member back, and what they are after. Challenges are tagged with these.
RESISTANCE_TAGS: tuple[str, ...] = (
    "fear_of_rejection",
    "low_confidence",
    "self_promotion",
    "insincerity",
)
GOAL_TAGS: tuple[str, ...] = (
    "mentor",
    "visibility",
    "new_role",
    "business",
    "learning",
    "community",
)
FOCUS_TAGS: tuple[str, ...] = (*RESISTANCE_TAGS, *GOAL_TAGS)

#: The tip topic, and the word offered to people, for each focus tag.
FOCUS_TOPICS: Mapping[str, str] = {
    "fear_of_rejection": "fear",
    "low_confidence": "confidence",
    "self_promotion": "self-promotion",
    "insincerity": "insincere",
    "mentor": "mentor",
    "visibility": "visibility",
    "new_role": "new-role",
    "business": "business",
    "learning": "learning",
    "community": "community",
}
#: The words offered to people, one per focus tag, in the tags' order.
FOCUS_CHOICES: tuple[str, ...] = tuple(FOCUS_TOPICS[tag] for tag in FOCUS_TAGS)

#: ``/network-tip <topic>`` topics every catalog has (one per focus tag first); teams may add more.
STANDARD_TIP_TOPICS: tuple[str, ...] = (
    *FOCUS_CHOICES,
    "listening",
    "follow-up",
    "events",
    "online",
    "setbacks",
    "self-care",
    "goals",
    "feedback",
    "referrals",
    "community",
    "self-talk",
    "mindset",
    "assumptions",
    "celebrating",
    "support-network",
)
#: Words members type that mean one of the topics.
TOPIC_ALIASES: Mapping[str, str] = {
    "rejection": "fear",
    "afraid": "fear",
    "scared": "fear",
    "nervous": "fear",
    "anxiety": "fear",
    "anxious": "fear",
    "shy": "confidence",
    "introvert": "confidence",
    "confident": "confidence",
    "imposter": "confidence",
    "impostor": "confidence",
    "brag": "self-promotion",
    "bragging": "self-promotion",
    "promote": "self-promotion",
    "promotion": "self-promotion",
    "insincerity": "insincere",
    "fake": "insincere",
    "authentic": "insincere",
    "sleazy": "insincere",
    "mentoring": "mentor",
    "mentorship": "mentor",
    "mentee": "mentor",
    "job": "new-role",
    "role": "new-role",
    "career": "new-role",
    "interview": "new-role",
    "clients": "business",
    "sales": "business",
    "freelance": "business",
    "growth": "learning",
    "listen": "listening",
    "questions": "listening",
    "conversation": "listening",
    "followup": "follow-up",
    "conference": "events",
    "meetup": "events",
    "linkedin": "online",
    "social": "online",
    "failure": "setbacks",
    "mistakes": "setbacks",
    "stress": "self-care",
    "energy": "self-care",
    "burnout": "self-care",
    "recognition": "visibility",
    "speaking": "visibility",
    "lifelong-learning": "learning",
    "curiosity": "learning",
    "curious": "learning",
    "selftalk": "self-talk",
    "inner-critic": "self-talk",
    "inner-voice": "self-talk",
    "negative-thoughts": "self-talk",
    "negative-thinking": "self-talk",
    "growth-mindset": "mindset",
    "fixed-mindset": "mindset",
    "assumption": "assumptions",
    "beliefs": "assumptions",
    "belief": "assumptions",
    "what-if": "assumptions",
    "what-ifs": "assumptions",
    "celebrate": "celebrating",
    "celebration": "celebrating",
    "win": "celebrating",
    "wins": "celebrating",
    "progress": "celebrating",
    "support": "support-network",
    "allies": "support-network",
    "ally": "support-network",
    "network": "support-network",
    "friends": "support-network",
    "realistic": "goals",
    "realistic-goals": "goals",
    "goal": "goals",
    "targets": "goals",
    "target": "goals",
    "coaching": "feedback",
    "coach": "feedback",
    "criticism": "feedback",
    "word-of-mouth": "referrals",
    "referral": "referrals",
    "recommendation": "referrals",
    "recommendations": "referrals",
}

_TAG_OF_TOPIC = {topic: tag for tag, topic in FOCUS_TOPICS.items()}
#: Words members type for a focus tag: its topic word and every alias of that topic.
FOCUS_WORDS: Mapping[str, str] = {
    **_TAG_OF_TOPIC,
    **{word: _TAG_OF_TOPIC[t] for word, t in TOPIC_ALIASES.items() if t in _TAG_OF_TOPIC},
}
