"""Which bot token speaks to a workspace: one fixed token, or the one its installation stored."""

from __future__ import annotations

from typing import Protocol

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore


class Tokens(Protocol):
    async def bot_token(self, team_id: str) -> str | None: ...


class SingleWorkspace:
    """``SLACK_BOT_TOKEN``: the app is installed in one workspace, by hand."""

    def __init__(self, token: str) -> None:
        self._token = token

    async def bot_token(self, team_id: str) -> str | None:
        return self._token


class Installed:
    """Multi-workspace OAuth: each workspace's token comes from the installation store.

    None means the workspace uninstalled the app (or never installed it).
    """

    def __init__(self, store: AsyncInstallationStore) -> None:
        self.store = store

    async def bot_token(self, team_id: str) -> str | None:
        bot = await self.store.async_find_bot(enterprise_id=None, team_id=team_id)
        return bot.bot_token if bot is not None else None
