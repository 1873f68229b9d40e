"""Block Kit for the core's neutral views: the nudge card, plain replies with buttons, App Home.

Slack's limits shape these: a section's text holds at most 3,000 characters, a header 150, and
every message also carries plain ``text`` for notifications and screen readers.
"""

from __future__ import annotations

from typing import Any

from bot import heatmap
from bot.catalog import THEMES
from bot.services.streak import HomeView
from bot.services.texts import STATE_MARKS
from bot.views import Button, ChallengeCard, Style

Block = dict[str, Any]

SECTION_LIMIT = 3000
#: The App Home button that opens the settings modal (not a nudge action, so not versioned).
OPEN_SETTINGS = "settings:open"


def card(view: ChallengeCard) -> list[Block]:
    theme = THEMES.get(view.theme, view.theme)
    details = f"{theme} · level {view.level} of 3 · about {view.minutes} min"
    out: list[Block] = [
        {"type": "header", "text": _plain(f"Today's challenge · {view.day:%a %d %b}")},
        *_sections(view.text),
        {"type": "context", "elements": [_mrkdwn(details)]},
    ]
    if view.why:
        out.append({"type": "context", "elements": [_mrkdwn(f"_Why:_ {view.why}"[:SECTION_LIMIT])]})
    if view.status:
        out.append({"type": "section", "text": _mrkdwn(f"*{view.status}*")})
    if view.buttons:
        out.append(actions(view.buttons, block_id=f"nudge-{view.delivery_id}"))
    return out


def card_fallback(view: ChallengeCard) -> str:
    status = f" ({view.status})" if view.status else ""
    return f"Today's challenge: {view.text}{status}"


def message(text: str, buttons: tuple[Button, ...] = ()) -> list[Block]:
    out = _sections(text)
    if buttons:
        out.append(actions(buttons))
    return out


def actions(buttons: tuple[Button, ...], block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": [button(b) for b in buttons]}
    if block_id:
        block["block_id"] = block_id
    return block


def button(item: Button) -> Block:
    out: Block = {
        "type": "button",
        "text": _plain(item.label),
        "action_id": str(item.action),
        "value": str(item.action),
    }
    if item.style is Style.PRIMARY:
        out["style"] = "primary"
    return out


def home(view: HomeView | None) -> Block:
    """The App Home tab: streaks, this week's challenges and their state, the last 12 weeks as
    an emoji grid (the streak picture's data), a settings button."""
    settings_button = {
        "type": "actions",
        "elements": [{"type": "button", "text": _plain("Settings"), "action_id": OPEN_SETTINGS}],
    }
    if view is None:
        return {
            "type": "home",
            "blocks": [
                {"type": "header", "text": _plain("nudgebot")},
                *_sections(
                    "One small networking challenge a day, at your own time. "
                    "Type `/network-join` to get your first one."
                ),
            ],
        }
    summary = view.summary
    out: list[Block] = [
        {"type": "header", "text": _plain("Your networking habit")},
        {
            "type": "section",
            "fields": [
                _mrkdwn(f"*Current streak*\n🔥 {summary.current} days"),
                _mrkdwn(f"*Longest streak*\n🏆 {summary.longest} days"),
                _mrkdwn(f"*Freezes held*\n❄️ {summary.freezes} of 2"),
            ],
        },
        {"type": "divider"},
        {"type": "header", "text": _plain("This week")},
    ]
    for day in view.week:
        mark = STATE_MARKS.get(day.state, "·") if day.state is not None else "·"
        what = day.challenge or ("—" if day.day < view.today else "not sent yet")
        theme = f" _({THEMES.get(day.theme, day.theme)})_" if day.theme else ""
        out.append(
            {
                "type": "section",
                "text": _mrkdwn(f"{mark} *{day.day:%a %d %b}* · {what}{theme}"[:SECTION_LIMIT]),
            }
        )
    out += [
        {"type": "divider"},
        {"type": "header", "text": _plain(f"Last {heatmap.WEEKS} weeks")},
        *_sections(heatmap.text_grid(view.grid)),
        {"type": "divider"},
        settings_button,
    ]
    return {"type": "home", "blocks": out}


def _sections(text: str) -> list[Block]:
    chunks = [text[i : i + SECTION_LIMIT] for i in range(0, len(text), SECTION_LIMIT)] or [" "]
    return [{"type": "section", "text": _mrkdwn(chunk)} for chunk in chunks]


def _mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": text}


def _plain(text: str) -> Block:
    return {"type": "plain_text", "text": text[:150], "emoji": True}
