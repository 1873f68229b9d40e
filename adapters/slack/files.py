"""Handing a member the files of a reply (the streak picture, their data export) on Slack.

An ephemeral slash-command answer cannot carry a file, so the files go to the member's DM with
the bot, the reply's text as their comment: files_upload_v2 asks files.getUploadURLExternal for
an upload URL per file, sends the bytes there, then files.completeUploadExternal shares them.
"""

from __future__ import annotations

import logging

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.views import Attachment, Reply

log = logging.getLogger(__name__)

#: What a file is, for the line that says where it went.
KINDS = {"image/png": "your streak picture", "application/json": "your data export"}
UPLOAD_FAILED = (
    "(Slack didn't take the file just now, so I couldn't send it. Try the command again in a "
    "minute.)"
)
#: Slack's limit on an image's alt text.
ALT_LIMIT = 1000


async def to_dm(client: AsyncWebClient, user_id: str, reply: Reply) -> str | None:
    """Upload ``reply.files`` to the member's DM with ``reply.text`` as the comment.

    Returns the DM's channel id, or None when Slack refused (logged with the reason).
    """
    try:
        opened = await client.conversations_open(users=user_id)
        channel = str(opened["channel"]["id"])
        await client.files_upload_v2(
            file_uploads=[_upload(item, reply.text) for item in reply.files],
            channel=channel,
            initial_comment=reply.text,
        )
    except SlackApiError as error:
        reason = error.response.get("error", "unknown_error")
        log.warning("could not send %d file(s) to %s: %s", len(reply.files), user_id, reason)
        return None
    except (SlackClientError, ClientError, TimeoutError) as error:
        log.warning("could not send %d file(s) to %s: %r", len(reply.files), user_id, error)
        return None
    return channel


def sent_line(reply: Reply) -> str:
    """The short answer where the command was typed: the files are in the DM."""
    kinds = {KINDS.get(item.media_type, "the file") for item in reply.files}
    what = " and ".join(sorted(kinds)) if len(kinds) > 1 else kinds.pop()
    return f"I've sent {what} to our DM (find nudgebot under Apps)."


def _upload(item: Attachment, text: str) -> dict[str, object]:
    upload: dict[str, object] = {
        "file": item.content,
        "filename": item.filename,
        "title": item.filename,
    }
    if item.media_type.startswith("image/"):
        # The reply text describes what the picture shows, for screen readers.
        upload["alt_txt"] = text[:ALT_LIMIT]
    return upload
