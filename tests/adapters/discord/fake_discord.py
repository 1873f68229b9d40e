"""A local fake of Discord: the REST API and the gateway websocket, on 127.0.0.1, random port.

Just enough for discord.py 2.x to log in, sync commands, connect, receive dispatches and send
messages (files too) and interaction responses. Every REST call is recorded so tests assert on what
Discord received. Gateway frames are sent as uncompressed text: discord.py only inflates binary
frames, so whatever compression it asks for in the URL query, text frames are read as plain JSON.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from aiohttp import BodyPartReader, WSMsgType, web

BOT_ID = 900000000000000001
APP_ID = BOT_ID
GUILD_ID = 700000000000000001
GUILD_CHANNEL_ID = 710000000000000001
#: The server's other text channels: one for wins, one the bot may not post in.
WINS_CHANNEL_ID = 710000000000000002
LOCKED_CHANNEL_ID = 710000000000000003
CHANNELS = {
    GUILD_CHANNEL_ID: "general",
    WINS_CHANNEL_ID: "wins",
    LOCKED_CHANNEL_ID: "announcements",
}
TOKEN = "fake-token"
#: How long a test waits for the bot to call Discord before failing.
WAIT_SECONDS = 5.0
#: How long Discord remembers an enforced nonce: "the past few minutes", its documentation says.
NONCE_MEMORY_SECONDS = 300.0


@dataclass(frozen=True)
class Upload:
    """A file sent with a message: the ``files[n]`` part of a multipart request."""

    field: str
    filename: str
    content: bytes


@dataclass
class Call:
    method: str
    path: str
    body: Any
    query: dict[str, str]
    status: int = 0
    answer: Any = None
    files: list[Upload] = field(default_factory=list)


@dataclass
class FakeDiscord:
    """``async with FakeDiscord() as fake``; then ``fake.api`` and ``fake.gateway`` are URLs."""

    closed_dms: set[int] = field(default_factory=set)
    #: Channels where the bot may not post (403 Missing Access, as for a private channel).
    locked_channels: set[int] = field(default_factory=lambda: {LOCKED_CHANNEL_ID})
    #: Message sends still to be answered with 429 (Retry-After) before succeeding.
    rate_limit_next: int = 0
    #: Message sends still to be answered 503 Service Unavailable (Discord having an outage).
    unavailable_next: int = 0
    #: Command syncs (bulk PUTs) still to be refused with 400 Invalid Form Body.
    refuse_command_syncs: int = 0
    #: How long an enforced nonce is remembered; a test may shorten it to see Discord forget.
    nonce_memory: float = NONCE_MEMORY_SECONDS
    #: Interaction tokens Discord no longer takes (15 minutes after the interaction): their
    #: webhook answers 401 Invalid Webhook Token.
    expired_tokens: set[str] = field(default_factory=set)
    #: Seconds every REST answer waits after the call took effect: a slow way back, so a process
    #: killed meanwhile never learns that its message was created.
    latency: float = 0.0
    #: Answers carry rate-limit headers of a bucket this size (always nearly full), as Discord's
    #: do; 0: none, and discord.py then sends one request per route at a time.
    bucket_size: int = 0
    calls: list[Call] = field(default_factory=list)
    identify: dict[str, Any] | None = None
    heartbeats: int = 0

    def __post_init__(self) -> None:
        self._ids = count(800000000000000001)
        self._seq = count(1)
        self._sockets: list[web.WebSocketResponse] = []
        self._changed = asyncio.Condition()
        self.ready = asyncio.Event()
        self.dm_channels: dict[int, int] = {}  # channel id -> user id
        #: Messages created with ``enforce_nonce``, by author and nonce (the bot is the author of
        #: every message it creates), with when they were created (``time.monotonic()``).
        self.nonces: dict[tuple[int, str], tuple[float, dict[str, Any]]] = {}
        #: The messages created in each channel, oldest first, as edited since.
        self.history: dict[int, list[dict[str, Any]]] = {}
        app = web.Application()
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        app.router.add_get("/gateway", self._gateway)
        self._runner = web.AppRunner(app)

    async def __aenter__(self) -> FakeDiscord:
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base = f"http://127.0.0.1:{port}"
        self.api = f"{self.base}/api/v10"
        self.gateway = f"ws://127.0.0.1:{port}/gateway"
        return self

    async def __aexit__(self, *exc: object) -> None:
        for ws in list(self._sockets):
            await ws.close()
        await self._runner.cleanup()

    # -- what tests look at ------------------------------------------------------------------

    def find(self, method: str, fragment: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and fragment in c.path]

    async def wait_for(self, predicate: Callable[[], Any]) -> Any:
        """Wait until ``predicate()`` is truthy (re-checked on every recorded call)."""

        async def until() -> Any:
            async with self._changed:
                while not (found := predicate()):
                    await self._changed.wait()
                return found

        return await asyncio.wait_for(until(), WAIT_SECONDS)

    def command_syncs(self, guild_id: int | None = None) -> list[Call]:
        """The bulk PUTs of slash commands, global or to one guild, refused ones included."""
        scope = "" if guild_id is None else f"/guilds/{guild_id}"
        path = f"/applications/{APP_ID}{scope}/commands"
        return [c for c in self.calls if c.method == "PUT" and c.path == path]

    def posts_in(self, channel_id: int) -> list[Call]:
        """Messages the bot posted in a channel (refused attempts left out)."""
        return [c for c in self.find("POST", f"/channels/{channel_id}/messages") if c.status == 200]

    async def wait_call(self, method: str, fragment: str, index: int = 0) -> Call:
        calls = await self.wait_for(lambda: len(self.find(method, fragment)) > index)
        assert calls
        return self.find(method, fragment)[index]

    # -- gateway -----------------------------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a DISPATCH (op 0) to every connected client, with the next sequence number."""
        frame = json.dumps({"op": 0, "t": event, "s": next(self._seq), "d": data})
        for ws in self._sockets:
            await ws.send_str(frame)

    async def push_raw(self, frame: str) -> None:
        """Send ``frame`` exactly as given, as one text frame, to every connected client: for
        frames discord.py may not be able to read (no sequence number is added)."""
        for ws in self._sockets:
            await ws.send_str(frame)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        try:
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    continue
                payload = json.loads(message.data)
                if payload["op"] == 1:
                    self.heartbeats += 1
                    await ws.send_json({"op": 11, "d": None, "s": None, "t": None})
                elif payload["op"] == 2:
                    self.identify = payload["d"]
                    await self._ready(ws)
        finally:
            self._sockets.remove(ws)
        return ws

    async def _ready(self, ws: web.WebSocketResponse) -> None:
        ready = {
            "v": 10,
            "user": bot_user(),
            "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "session_id": "fake-session",
            "resume_gateway_url": self.gateway,
            "application": {"id": str(APP_ID), "flags": 0},
        }
        shard = (self.identify or {}).get("shard")
        if shard:
            ready["shard"] = shard
        await ws.send_json({"op": 0, "t": "READY", "s": next(self._seq), "d": ready})
        await ws.send_json(
            {"op": 0, "t": "GUILD_CREATE", "s": next(self._seq), "d": guild_payload()}
        )
        self.ready.set()

    # -- REST --------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["path"]
        body: Any = None
        files: list[Upload] = []
        if request.content_type.startswith("multipart/"):
            body, files = await _multipart(request)
        elif request.can_read_body:
            body = _body(await request.read(), request.content_type)
        call = Call(request.method, path, body, dict(request.query), files=files)
        auth = request.headers.get("Authorization")
        response = self._answer(request.method, path, body, auth, files, request.query)
        if self.bucket_size and response.status != 429:
            response.headers.update(
                {
                    "X-RateLimit-Limit": str(self.bucket_size),
                    "X-RateLimit-Remaining": str(self.bucket_size - 1),
                    "X-RateLimit-Reset": f"{time.time() + 1:.3f}",
                    "X-RateLimit-Reset-After": "1.000",
                }
            )
        call.status = response.status
        if isinstance(response.body, bytes):
            call.answer = json.loads(response.body)
        self.calls.append(call)
        async with self._changed:
            self._changed.notify_all()
        if self.latency:
            await asyncio.sleep(self.latency)
        return response

    def _answer(
        self,
        method: str,
        path: str,
        body: Any,
        auth: str | None,
        files: list[Upload],
        query: Mapping[str, str],
    ) -> web.Response:
        parts = path.strip("/").split("/")
        # Interaction callbacks and webhooks authenticate by the token in their path instead.
        if parts[0] not in ("interactions", "webhooks") and auth != f"Bot {TOKEN}":
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        if method == "GET" and path == "/users/@me":
            return _json(bot_user())
        if method == "GET" and path in ("/oauth2/applications/@me", "/applications/@me"):
            return _json(application())
        if method == "GET" and path in ("/gateway", "/gateway/bot"):
            limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
            return _json({"url": self.gateway, "shards": 1, "session_start_limit": limit})
        if method == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            if self.refuse_command_syncs > 0:
                self.refuse_command_syncs -= 1
                errors = {"_errors": [{"code": "BASE_TYPE_BAD", "message": "Refused by the fake"}]}
                invalid = {"message": "Invalid Form Body", "code": 50035, "errors": errors}
                return _json(invalid, status=400)
            return _json(
                [{**c, "id": str(next(self._ids)), "application_id": str(APP_ID)} for c in body]
            )
        if method == "POST" and path == "/users/@me/channels":
            user_id = int(body["recipient_id"])
            channel_id = next(
                (c for c, u in self.dm_channels.items() if u == user_id), next(self._ids)
            )
            self.dm_channels[channel_id] = user_id
            return _json({"id": str(channel_id), "type": 1, "recipients": [user(user_id)]})
        if method == "POST" and parts[0] == "channels" and parts[-1] == "messages":
            return self._create_message(int(parts[1]), body)
        if method == "GET" and parts[0] == "channels" and parts[-1] == "messages":
            return self._messages(int(parts[1]), int(query.get("limit", 50)))
        if method == "PATCH" and parts[0] == "channels" and parts[2] == "messages":
            edited = self._message(int(parts[1]), body, int(parts[3]))
            earlier = self.history.get(int(parts[1]), [])
            self.history[int(parts[1])] = [
                edited if m["id"] == edited["id"] else m for m in earlier
            ]
            return _json(edited)
        if method == "POST" and parts[0] == "interactions" and parts[-1] == "callback":
            interaction = {"id": parts[1], "type": body.get("type")}
            return _json({"interaction": interaction})
        if parts[0] == "webhooks" and len(parts) > 2 and parts[2] in self.expired_tokens:
            return _json({"message": "Invalid Webhook Token", "code": 50027}, status=401)
        if parts[0] == "webhooks" and method in ("POST", "PATCH"):
            return _json(self._message(GUILD_CHANNEL_ID, body, files=files))
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    def _create_message(self, channel_id: int, body: Any) -> web.Response:
        if self.dm_channels.get(channel_id) in self.closed_dms:
            error = {"message": "Cannot send messages to this user", "code": 50007}
            return _json(error, status=403)
        if channel_id in self.locked_channels:
            return _json({"message": "Missing Access", "code": 50001}, status=403)
        if self.unavailable_next > 0:
            self.unavailable_next -= 1
            return _json({"message": "Service Unavailable", "code": 0}, status=503)
        if self.rate_limit_next > 0:
            self.rate_limit_next -= 1
            limited = {
                "message": "You are being rate limited.",
                "retry_after": 0.05,
                "global": False,
            }
            headers = {"Retry-After": "0.05", "Via": "1.1 google"}
            return _json(limited, status=429, headers=headers)
        nonce = (body or {}).get("nonce")
        if nonce is not None and len(str(nonce)) > 25:
            invalid = {"message": "Invalid Form Body", "code": 50035}
            return _json(invalid, status=400)
        # Discord: with enforce_nonce, a message the same author created with the same nonce in
        # the past few minutes (in any channel) is returned, and no new message is created.
        key, now = (BOT_ID, str(nonce)), time.monotonic()
        if nonce is not None and body.get("enforce_nonce") and key in self.nonces:
            created_at, earlier = self.nonces[key]
            if now - created_at < self.nonce_memory:
                return _json(earlier)
        created = self._message(channel_id, body)
        if nonce is not None:
            created["nonce"] = str(nonce)
            if body.get("enforce_nonce"):
                self.nonces[key] = (now, created)
        self.history.setdefault(channel_id, []).append(created)
        return _json(created)

    def _messages(self, channel_id: int, limit: int) -> web.Response:
        """Get Channel Messages: the newest first, at most ``limit`` (1 to 100)."""
        if channel_id not in self.history and channel_id not in self.dm_channels:
            return _json({"message": "Unknown Channel", "code": 10003}, status=404)
        newest = list(reversed(self.history.get(channel_id, [])))
        return _json(newest[: max(1, min(limit, 100))])

    def _message(
        self,
        channel_id: int,
        body: Any,
        message_id: int | None = None,
        files: list[Upload] | None = None,
    ) -> dict[str, Any]:
        body = body or {}
        return {
            **message(message_id or next(self._ids), channel_id, bot_user(), body.get("content")),
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "attachments": [self._attachment(f) for f in files or []],
            "flags": body.get("flags", 0),
        }

    def _attachment(self, upload: Upload) -> dict[str, Any]:
        url = f"{self.base}/attachments/{upload.filename}"
        return {
            "id": str(next(self._ids)),
            "filename": upload.filename,
            "size": len(upload.content),
            "url": url,
            "proxy_url": url,
        }

    # -- building inbound events -------------------------------------------------------------

    def next_id(self) -> int:
        return next(self._ids)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON as Discord sends it: discord.py parses a body only if the type is exactly this."""
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers=headers,
        content_type="application/json",
    )


def _body(raw: bytes, content_type: str) -> Any:
    if not raw:
        return None
    if content_type == "application/json":
        return json.loads(raw)
    return raw.decode(errors="replace")


async def _multipart(request: web.Request) -> tuple[Any, list[Upload]]:
    """A message with files: its JSON is the ``payload_json`` part, each file a ``files[n]``."""
    body: Any = None
    files: list[Upload] = []
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        assert isinstance(part, BodyPartReader)
        if part.name == "payload_json":
            body = json.loads(await part.text())
        else:
            files.append(Upload(part.name or "", part.filename or "", bytes(await part.read())))
    return body, files


def message(
    message_id: int, channel_id: int, author: dict[str, Any], content: str | None = None
) -> dict[str, Any]:
    """A message object as the REST API and the gateway give it."""
    return {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": author,
        "content": content or "",
        "embeds": [],
        "components": [],
        "attachments": [],
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": False,
        "pinned": False,
        "tts": False,
        "type": 0,
        "flags": 0,
        "timestamp": "2026-11-23T08:00:00+00:00",
        "edited_timestamp": None,
    }


def user(user_id: int, name: str | None = None, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name or f"user{user_id % 1000}",
        "discriminator": "0",
        "global_name": None,
        "avatar": None,
        "bot": bot,
    }


def channel(channel_id: int) -> dict[str, Any]:
    """One of the server's text channels, as GUILD_CREATE and resolved options give it."""
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(GUILD_ID),
        "name": CHANNELS[channel_id],
        "position": list(CHANNELS).index(channel_id),
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
    }


def bot_user() -> dict[str, Any]:
    return {**user(BOT_ID, "nudgebot", bot=True), "verified": True, "flags": 0, "mfa_enabled": True}


def application() -> dict[str, Any]:
    return {
        "id": str(APP_ID),
        "name": "nudgebot",
        "icon": None,
        "description": "",
        "rpc_origins": [],
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": user(1, "owner"),
        "summary": "",
        "verify_key": "00",
        "team": None,
        "flags": 0,
    }


def guild_payload() -> dict[str, Any]:
    return {
        "id": str(GUILD_ID),
        "name": "Networking Club",
        "owner_id": "1",
        "member_count": 3,
        "channels": [channel(channel_id) for channel_id in CHANNELS],
        "roles": [
            {
                "id": str(GUILD_ID),
                "name": "@everyone",
                "permissions": "0",
                "position": 0,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
            }
        ],
        "members": [],
        "threads": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "emojis": [],
        "stickers": [],
        "features": [],
        "unavailable": False,
        "large": False,
        "joined_at": "2026-11-01T00:00:00+00:00",
    }
