"""Finding tips by topic: ``/network-tip <topic>`` is forgiving about what a member types.

The topics every catalog has and the words that mean them are in :mod:`bot.vocabulary`.
"""

from __future__ import annotations

from bot.catalog.model import Catalog, Tip
from bot.vocabulary import TOPIC_ALIASES


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
