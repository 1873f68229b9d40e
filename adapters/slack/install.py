"""Multi-workspace installs: OAuth at /slack/install, installations kept in our own database.

slack_sdk's SQLAlchemy stores own their tables (``slack_installations``, ``slack_bots``,
``slack_oauth_states``); they are created on start when missing, on SQLite and PostgreSQL alike,
next to ours, through the same engine.
"""

from __future__ import annotations

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack.clients import api_base_url
from bot.config import Settings

#: Keep in step with adapters/slack/manifest.yml (a test compares them).
BOT_SCOPES = (
    "chat:write",
    "chat:write.public",
    "commands",
    "files:write",
    "im:history",
    "im:write",
    "mpim:write",
    "reactions:read",
    "users:read",
)
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
#: How long an install link stays valid (the OAuth ``state`` round trip).
STATE_SECONDS = 600
SLACK_AUTHORIZE = "https://slack.com/oauth/v2/authorize"


def is_multi_workspace(settings: Settings) -> bool:
    return bool(settings.slack_client_id and settings.slack_client_secret)


async def installation_store(
    settings: Settings, engine: AsyncEngine
) -> AsyncSQLAlchemyInstallationStore:
    assert settings.slack_client_id is not None
    store = AsyncSQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=engine)
    await store.create_tables()  # type: ignore[no-untyped-call]
    return store


async def oauth_settings(
    settings: Settings, engine: AsyncEngine, store: AsyncSQLAlchemyInstallationStore
) -> AsyncOAuthSettings:
    assert settings.slack_client_id is not None and settings.slack_client_secret is not None
    states = AsyncSQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine)
    await states.create_tables()  # type: ignore[no-untyped-call]
    return AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.reveal(),
        scopes=list(BOT_SCOPES),
        installation_store=store,
        state_store=states,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        authorization_url=authorization_url(settings),
    )


def authorization_url(settings: Settings) -> str:
    """The consent page beside an overridden Web API (``…/api/`` → ``…/oauth/v2/authorize``)."""
    base = api_base_url(settings)
    if base is None or not base.endswith("/api/"):
        return SLACK_AUTHORIZE
    return base.removesuffix("api/") + "oauth/v2/authorize"
