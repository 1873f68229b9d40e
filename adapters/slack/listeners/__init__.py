"""Bolt listeners, one module per kind of payload. Each acknowledges first and works after.

Each piece of work after the ack waits its turn in the :class:`~adapters.slack.backlog.Backlog`.
Anything Slack sends that no listener is meant for (another event, an unknown button) is still
acknowledged and logged, so Slack never shows the member an error nor retries it.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore

from adapters.slack.backlog import Backlog
from adapters.slack.listeners import actions, commands, events, forms
from bot.services.context import Context


def register(
    app: AsyncApp, ctx: Context, backlog: Backlog, installs: AsyncInstallationStore | None
) -> None:
    events.register(app, ctx, backlog, installs)
    actions.register(app, ctx, backlog)
    commands.register(app, ctx, backlog)
    forms.register(app, ctx, backlog)
