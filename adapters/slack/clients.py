"""Slack Web API clients, all built one way so every one of them honours the same settings.

``SLACK_API_URL`` (GovSlack, a local test server) must reach every client: the one Bolt copies
per request, the OAuth flow's and the Socket Mode connection's. Rate limits (HTTP 429) are waited
out by the SDK's own retry handler, which sleeps for Retry-After; dropped connections are retried
once or twice by its connection-error handler.
"""

from __future__ import annotations

from aiohttp import ClientSession
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings

#: How often a 429 or a dropped connection is retried before the caller sees the error.
RATE_LIMIT_RETRIES = 2
CONNECTION_RETRIES = 2


def api_base_url(settings: Settings) -> str | None:
    """The Web API base URL override, with the trailing slash the SDK joins method names onto."""
    url = settings.slack_api_url
    if not url:
        return None
    return url if url.endswith("/") else url + "/"


def web_client(settings: Settings, session: ClientSession | None = None) -> AsyncWebClient:
    """The app's client; with one workspace it carries ``SLACK_BOT_TOKEN`` (Bolt reads it there).

    With OAuth installs it has no token of its own: Bolt and the messenger pass each workspace's.
    ``session`` is shared by every call, and by the client Bolt copies for each request, so
    connections to Slack are kept alive instead of opened per call.
    """
    base = api_base_url(settings)
    single = settings.slack_bot_token and not (
        settings.slack_client_id and settings.slack_client_secret
    )
    return AsyncWebClient(
        token=settings.slack_bot_token.reveal() if single and settings.slack_bot_token else None,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES),
            AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ],
        base_url=base or AsyncWebClient.BASE_URL,
        session=session,
    )
