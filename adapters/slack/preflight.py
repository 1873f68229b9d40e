"""Checking the Slack tokens before the app starts, so a wrong one stops it with what to fix.

Without this, a bad app-level token sends Socket Mode into slack_sdk's endless reconnect loop,
and a bad bot token fails every request later. A token is never shown, only its kind (prefix).
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Secret, Settings

BOT_PREFIX = "xoxb-"
APP_PREFIX = "xapp-"
BOT_TOKEN_HELP = "copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions"
APP_TOKEN_HELP = (
    "copy an app-level token (xapp-…) with the connections:write scope from "
    "Basic Information → App-Level Tokens"
)
#: What each token's prefix says it is, for the message about a token of the wrong kind.
KINDS = {
    "xoxb": "a bot token",
    "xapp": "an app-level token",
    "xoxp": "a user token",
    "xoxe": "a refresh token",
    "xoxa": "a workspace token",
}
#: Slack's errors for a token that is wrong, revoked or of the wrong kind.
REFUSED = {
    "invalid_auth",
    "not_authed",
    "account_inactive",
    "token_revoked",
    "token_expired",
    "not_allowed_token_type",
    "invalid_token",
}


class ConfigurationError(Exception):
    """Slack settings that cannot work; the message names the keys and what to do."""


def check_shapes(bot: Secret | None, app: Secret | None) -> None:
    """Swapped or wrong-kind tokens, recognised by their documented prefixes."""
    bot_value, app_value = (s.reveal().strip() if s else None for s in (bot, app))
    swapped = bot_value and app_value and bot_value.startswith(APP_PREFIX)
    if swapped and app_value and app_value.startswith(BOT_PREFIX):
        raise ConfigurationError(
            "SLACK_BOT_TOKEN and SLACK_APP_TOKEN are swapped: the bot token starts with "
            "xoxb-, the app-level token with xapp-."
        )
    if bot_value and not bot_value.startswith(BOT_PREFIX):
        raise ConfigurationError(f"SLACK_BOT_TOKEN is {_kind(bot_value)}: {BOT_TOKEN_HELP}.")
    if app_value and not app_value.startswith(APP_PREFIX):
        raise ConfigurationError(f"SLACK_APP_TOKEN is {_kind(app_value)}: {APP_TOKEN_HELP}.")


def _kind(token: str) -> str:
    prefix = token.split("-", 1)[0]
    return KINDS.get(prefix, "not a Slack token")


async def check_with_slack(settings: Settings, client: AsyncWebClient, one_workspace: bool) -> None:
    """Ask Slack about each token: ``auth.test`` for the bot's, ``apps.connections.open`` for
    the app-level one (the call Socket Mode makes, and would otherwise retry forever)."""
    if one_workspace and settings.slack_bot_token is not None:
        await _ask(client.auth_test(), "SLACK_BOT_TOKEN", BOT_TOKEN_HELP)
    if settings.slack_app_token is not None:
        token = settings.slack_app_token.reveal().strip()
        await _ask(client.apps_connections_open(app_token=token), "SLACK_APP_TOKEN", APP_TOKEN_HELP)


async def _ask(call: Awaitable[Any], key: str, help_text: str) -> None:
    try:
        await call
    except SlackApiError as error:
        reason = error.response.get("error") if error.response else None
        if reason in REFUSED:
            raise ConfigurationError(f"Slack refused {key} ({reason}): {help_text}.") from None
        raise ConfigurationError(
            f"Slack answered {reason or 'an error'} when checking {key}: {help_text}, "
            "and check the app's settings."
        ) from None
    except (TimeoutError, aiohttp.ClientError, OSError) as error:
        raise ConfigurationError(
            f"Couldn't reach Slack to check {key} ({type(error).__name__}): check the network "
            "(and SLACK_API_URL, if it is set), then start again."
        ) from None
