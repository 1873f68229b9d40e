"""Tip topics: the ones every catalog has, the words members type for them, and finding tips.

``/network-tip <topic>`` is forgiving: a member who types "rejection" or "conf" gets tips.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.catalog.model import Catalog, Tip

#: ``/network-tip <topic>`` topics every catalog has; teams may add more.
STANDARD_TIP_TOPICS: tuple[str, ...] = (
    "fear",
    "confidence",
    "self-promotion",
    "insincere",
    "mentor",
    "visibility",
    "new-role",
    "business",
    "learning",
    "listening",
    "follow-up",
    "events",
    "online",
    "setbacks",
    "self-care",
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
    "insincerity": "insincere",
    "fake": "insincere",
    "authentic": "insincere",
    "sleazy": "insincere",
    "mentoring": "mentor",
    "mentee": "mentor",
    "job": "new-role",
    "career": "new-role",
    "promotion": "new-role",
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
}


def find_tips(catalog: Catalog, query: str) -> tuple[str | None, list[Tip]]:
    """Match what a member typed after ``/network-tip`` to a topic, forgivingly.

    Tries the exact topic, then an alias ("rejection" -> "fear"), then a unique prefix ("conf"),
    then a topic the query starts with ("mentors"). None means no match: list the topics instead.
    """
    word = "-".join(query.strip().lower().lstrip("#").replace("_", " ").split())
    topics = catalog.tip_topics()
    topic: str | None = None
    if word in topics:
        topic = word
    elif TOPIC_ALIASES.get(word) in topics:
        topic = TOPIC_ALIASES[word]
    elif word:
        prefixed = [t for t in topics if t.startswith(word)]
        stems = [t for t in topics if word.startswith(t)]
        if len(prefixed) == 1:
            topic = prefixed[0]
        elif not prefixed and stems:
            topic = max(stems, key=len)
    if topic is None:
        return None, []
    return topic, [t for t in catalog.tips if t.topic == topic]
