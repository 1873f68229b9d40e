"""Which bot token speaks to a workspace: one fixed token, or the one its installation stored."""

from __future__ import annotations

from typing import Protocol

from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from sqlalchemy import desc, select


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

    slack_sdk keys an installation by enterprise and team together. A workspace outside
    Enterprise Grid has no enterprise; one inside a Grid org is stored under the org's id
    (``E…``) as well, which a member's workspace id alone does not give; an org-wide install
    has no team, and its members' workspace is the org itself (see ``members.member``).
    None means the workspace uninstalled the app (or never installed it).
    """

    def __init__(self, store: AsyncSQLAlchemyInstallationStore) -> None:
        self.store = store

    async def bot_token(self, team_id: str) -> str | None:
        find = self.store.async_find_bot
        bot = await find(enterprise_id=await self._enterprise_of(team_id), team_id=team_id)
        if bot is None and team_id.startswith("E"):
            bot = await find(enterprise_id=team_id, team_id=None, is_enterprise_install=True)
        return bot.bot_token if bot is not None else None

    async def _enterprise_of(self, team_id: str) -> str | None:
        """The Grid org a workspace's newest installation belongs to (None: not in one)."""
        c = self.store.bots.c
        newest = (
            select(c.enterprise_id)
            .where(c.client_id == self.store.client_id, c.team_id == team_id)
            .where(c.bot_token.is_not(None))
            .order_by(desc(c.installed_at))
            .limit(1)
        )
        async with self.store.engine.connect() as connection:
            found = await connection.scalar(newest)
        return str(found) if found else None
