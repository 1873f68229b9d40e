"""The invite link a server admin opens to add the bot: scopes and permissions, nothing more.

Scopes: ``bot`` puts the bot user in the server (members can only get DMs from a bot they share a
server with) and ``applications.commands`` lets the server use its slash commands.
Permissions: DMs and answers to slash commands and buttons need none, except Attach Files for
the files some answers carry in a server (the streak picture, the data export). View Channel and
Send Messages are for the team's wins channel and weekly digest; Embed Links shows the preview
of a link in a shared win.
"""

from __future__ import annotations

import base64
import binascii

import discord

SCOPES = ("bot", "applications.commands")
PERMISSIONS = discord.Permissions(
    view_channel=True, send_messages=True, embed_links=True, attach_files=True
)


def invite_url(client_id: int) -> str:
    return discord.utils.oauth_url(client_id, permissions=PERMISSIONS, scopes=SCOPES)


def client_id_from_token(token: str) -> int | None:
    """A bot token's first segment is its user id in base64; for a bot made in the Developer
    Portal that id is also the application (client) id. None if the token isn't shaped so."""
    first = token.strip().split(".", 1)[0]
    try:
        decoded = base64.urlsafe_b64decode(first + "=" * (-len(first) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return int(decoded) if decoded.isdigit() and decoded.isascii() else None
