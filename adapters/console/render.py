"""Plain-text rendering of the core's neutral views, for a terminal."""

from __future__ import annotations

import textwrap

from bot.actions import Verb
from bot.catalog import THEMES
from bot.views import Button, ChallengeCard

#: A terminal's width; text is wrapped a little short of it, as an emoji takes two columns.
COLUMNS = 80
SPARE = 2
WIDTH = COLUMNS - SPARE - 2  # a card's lines, after "│ "
BUTTON_WORDS = {
    "Done": "done",
    "Skip": "skip",
    "Too easy": "too easy",
    "Too hard": "too hard",
    "Share as win": "share",
    "Delete everything": "/network-forget yes",
}


def card(view: ChallengeCard) -> str:
    theme = THEMES.get(view.theme, view.theme)
    header = f"{view.day:%a %d %b} · level {view.level} · about {view.minutes} min"
    lines = [f"┌─ Today's challenge ─ {header}", f"│ {theme}"]
    lines += [f"│ {line}" for line in textwrap.wrap(view.text, WIDTH)]
    if view.why:
        lines += [f"│ {line}" for line in textwrap.wrap(f"Why: {view.why}", WIDTH)]
    if view.status:
        lines.append(f"│ {view.status}")
    lines += textwrap.wrap(
        f"└─ {buttons(view.buttons) or 'Logged.'}", COLUMNS - SPARE, subsequent_indent="   "
    )
    return "\n".join(lines)


def typed_word(button: Button) -> str:
    """What a member types in the terminal to press ``button``."""
    return BUTTON_WORDS.get(button.label, button.label.lower())


def is_choice(button: Button) -> bool:
    """A question's answer (typed as its label), not one of the words every reply understands."""
    return button.label not in BUTTON_WORDS


def buttons(items: tuple[Button, ...]) -> str:
    words = [f"`{typed_word(b)}`" for b in items]
    if not words:
        return ""
    if any(b.action.verb is Verb.DONE for b in items):
        return "Reply " + ", ".join(words) + " (or just tell me how it went)."
    return "Reply " + " or ".join(words) + "."


def wrapped(text: str, prefix: int = 0) -> list[str]:
    """Wrap each paragraph of a bot message, keeping its own line breaks, so that with a
    ``prefix`` of that many columns each line fits the terminal; a word longer than a line (a
    link) stays whole, so it can be copied."""
    width = COLUMNS - SPARE - prefix
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        indent = "  " if paragraph.startswith("• ") else ""
        lines += textwrap.wrap(
            paragraph,
            width,
            subsequent_indent=indent,
            break_on_hyphens=False,
            break_long_words=False,
        ) or [""]
    return lines
