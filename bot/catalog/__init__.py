"""The content catalog: challenges, tips and phrasing read from TOML, checked, and reported on.

A family of modules, each importing only the ones before it: ``model`` (the dataclasses) <-
``lines`` (file:line positions) <- ``check`` (validation) <- ``load`` (reading TOML into the
model) <- ``report`` (coverage); ``topics`` (tip topics and finding tips) needs only the model.
Callers import from here.
"""

from bot.catalog.load import check_catalog, load_catalog, shipped_content_dir
from bot.catalog.model import (
    FOCUS_TAGS,
    GOAL_TAGS,
    HEADLINE_KINDS,
    KINDS,
    LEVELS,
    PHRASE_GROUPS,
    RESISTANCE_TAGS,
    THEMES,
    Catalog,
    CatalogError,
    Challenge,
    Problem,
    Tip,
)
from bot.catalog.report import content_check_report
from bot.catalog.topics import STANDARD_TIP_TOPICS, TOPIC_ALIASES, find_tips

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
