"""Bolt listeners, one module per kind of payload. Each acknowledges first and works after.

Each stores what it is for in the inbox before Slack hears it is received, and does the work when
the inbox worker replays it (see :mod:`adapters.slack.intake`).
Anything Slack sends that no listener is meant for (another event, an unknown button) is still
acknowledged and logged, so Slack never shows the member an error nor retries it.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore

from adapters.slack.intake import Intake
from adapters.slack.listeners import actions, commands, events, forms
from bot.services.context import Context


def register(
    app: AsyncApp, ctx: Context, intake: Intake, installs: AsyncInstallationStore | None
) -> None:
    events.register(app, ctx, intake, installs)
    actions.register(app, ctx, intake)
    commands.register(app, ctx, intake)
    forms.register(app, ctx, intake)
