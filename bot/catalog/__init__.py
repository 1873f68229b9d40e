"""The content catalog: challenges, tips and phrasing read from TOML, checked, and reported on.

A family of modules, each importing only the ones before it: ``model`` (the dataclasses) <-
``lines`` (file:line positions) <- ``check`` (validation) <- ``load`` (reading TOML into the
model) <- ``report`` (coverage); ``topics`` (finding tips) needs only the model. The words
they share with the rest of the bot (focus tags, tip topics) are in :mod:`bot.vocabulary`.
Callers import from here.
"""

from bot.catalog.load import check_catalog, load_catalog, shipped_content_dir
from bot.catalog.model import (
    HEADLINE_KINDS,
    KINDS,
    LEVELS,
    PHRASE_GROUPS,
    THEMES,
    Catalog,
    CatalogError,
    Challenge,
    Problem,
    Tip,
)
from bot.catalog.report import content_check_report
from bot.catalog.topics import find_tips

# The vocabulary's catalog words, so callers keep asking the catalog for them.
from bot.vocabulary import (
    FOCUS_TAGS,
    GOAL_TAGS,
    RESISTANCE_TAGS,
    STANDARD_TIP_TOPICS,
    TOPIC_ALIASES,
)

__all__ = [
    "FOCUS_TAGS",
    "GOAL_TAGS",
    "HEADLINE_KINDS",
    "KINDS",
    "LEVELS",
    "PHRASE_GROUPS",
    "RESISTANCE_TAGS",
    "STANDARD_TIP_TOPICS",
    "THEMES",
    "TOPIC_ALIASES",
    "Catalog",
    "CatalogError",
    "Challenge",
    "Problem",
    "Tip",
    "check_catalog",
    "content_check_report",
    "find_tips",
    "load_catalog",
    "shipped_content_dir",
]
