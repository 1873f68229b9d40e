"""A local Slack for tests: the Web API methods the app calls, response_url, and Socket Mode.

It binds 127.0.0.1 on a random port and records every call, so tests assert on what Slack
received. ``fail(method, …)`` queues one error answer (for example a 429 with Retry-After).
File uploads go the way files_upload_v2 sends them: files.getUploadURLExternal hands out an
upload URL on this server, the bytes are POSTed there, files.completeUploadExternal shares them
in a channel; ``uploads`` keeps each shared file's bytes, name, channel and comment.
The websocket speaks Socket Mode: ``hello`` on connect, envelopes with ids, acks recorded, and a
``disconnect`` message after which the client reconnects through apps.connections.open.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

TEAM = "T0TEAM"
BOT_USER = "U0BOT"
#: The bot token an OAuth install hands out.
INSTALLED_TOKEN = "xoxb-installed-token"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None
    result: dict[str, Any] = field(default_factory=dict)


@dataclass
class Upload:
    file_id: str
    filename: str
    content: bytes = b""
    title: str | None = None
    channel: str | None = None
    comment: str | None = None


@dataclass
class Failure:
    error: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


async def eventually(
    probe: Callable[[], Awaitable[Any]], limit: float = 5.0, what: str = "a condition"
) -> Any:
    """Await ``probe()`` until it is truthy (a database read, say); fail after ``limit`` s."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if result := await probe():
            return result
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.responses: list[dict[str, Any]] = []
        self.acks: dict[str, dict[str, Any]] = {}
        self.zones: dict[str, str] = {}
        #: Messages the bot posted, by channel, oldest first (conversations.history reads them).
        self.history: dict[str, list[dict[str, Any]]] = {}
        #: Users whose users.info says they are a workspace admin / owner.
        self.admins: set[str] = set()
        #: The Enterprise Grid org the workspace belongs to, as OAuth reports it (None: no org).
        self.enterprise: str | None = None
        self.owners: set[str] = set()
        #: Files shared in a channel (completed), and those still between the steps.
        self.uploads: list[Upload] = []
        self._pending: dict[str, Upload] = {}
        self.failures: dict[str, list[Failure]] = {}
        self.sockets: list[web.WebSocketResponse] = []
        self.connections = 0
        #: Seconds every Web API answer waits after its call took effect: a slow way back, so a
        #: process killed meanwhile never learns that its message was posted.
        self.latency = 0.0
        self._ts = itertools.count(1)
        self._envelopes = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self, port: int = 0) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{id}", self._respond)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket", self._socket)
        app.router.add_get("/stats", self._stats)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        for ws in list(self.sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str = "1") -> str:
        return f"{self.url}/respond/{name}"

    # --- what tests look at ----------------------------------------------------------------

    def fail(self, method: str, error: str, status: int = 200, **headers: str) -> None:
        self.failures.setdefault(method, []).append(Failure(error, status, headers))

    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def in_thread(self, ts: str) -> list[Call]:
        """Messages posted in the thread of message ``ts``."""
        return [c for c in self.called("chat.postMessage") if c.args.get("thread_ts") == ts]

    async def wait_for(
        self, check: Callable[[], Any], limit: float = 5.0, what: str = "a condition"
    ) -> Any:
        """Poll until ``check()`` is truthy; fail the test after ``limit`` seconds."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if result := check():
                return result
            await asyncio.sleep(0.01)
        raise AssertionError(f"timed out waiting for {what}")

    async def wait_calls(self, method: str, count: int = 1, limit: float = 5.0) -> list[Call]:
        await self.wait_for(lambda: len(self.called(method)) >= count, limit, f"{count} × {method}")
        return self.called(method)

    # --- Socket Mode -----------------------------------------------------------------------

    async def send_envelope(self, kind: str, payload: dict[str, Any], envelope_id: str = "") -> str:
        """Send one envelope on the newest open socket; returns its envelope id."""
        envelope_id = envelope_id or f"env-{next(self._envelopes)}"
        ws = await self.wait_for(self._open_socket, what="an open Socket Mode connection")
        await ws.send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": kind != "events_api",
                **({"retry_attempt": 0, "retry_reason": ""} if kind == "events_api" else {}),
            }
        )
        return envelope_id

    async def wait_ack(self, envelope_id: str, limit: float = 5.0) -> dict[str, Any]:
        return await self.wait_for(  # type: ignore[no-any-return]
            lambda: self.acks.get(envelope_id), limit, f"the ack of {envelope_id}"
        )

    async def disconnect(self) -> None:
        """Ask the client to move to a new connection, as Slack does every few hours."""
        ws = await self.wait_for(self._open_socket, what="an open Socket Mode connection")
        await ws.send_json({"type": "disconnect", "reason": "refresh_requested"})

    def _open_socket(self) -> web.WebSocketResponse | None:
        open_ = [ws for ws in self.sockets if not ws.closed]
        return open_[-1] if open_ else None

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.connections += 1
        self.sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {}})
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                data = json.loads(message.data)
                if envelope_id := data.get("envelope_id"):
                    self.acks[envelope_id] = data
        return ws

    # --- Web API ---------------------------------------------------------------------------

    async def _stats(self, request: web.Request) -> web.Response:
        """Counts for a process that cannot read ``calls`` (the benchmark's load generator)."""
        posts = self.called("chat.postMessage")
        return web.json_response(
            {
                "calls": len(self.calls),
                "posts": len(posts),
                "answers": sum(1 for c in posts if "thread_ts" in c.args),
            }
        )

    async def _respond(self, request: web.Request) -> web.Response:
        self.responses.append(await request.json())
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        """Step two of an upload: the raw bytes, to the URL step one handed out."""
        pending = self._pending.get(request.match_info["file_id"])
        if pending is None:
            return web.Response(status=404, text="unknown upload")
        pending.content = await request.read()
        return web.Response(text=f"OK - {len(pending.content)}")

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: dict[str, Any] = dict(request.query)
        body = await request.read()
        if body:
            if request.content_type == "application/json":
                args.update(json.loads(body))
            else:
                args.update(parse_qsl(body.decode()))
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") or args.get("token")
        call = Call(method, args, token)
        self.calls.append(call)
        queued = self.failures.get(method)
        if queued:
            failure = queued.pop(0)
            return web.json_response(
                {"ok": False, "error": failure.error},
                status=failure.status,
                headers=failure.headers,
            )
        handler = getattr(self, "m_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        call.result = {"ok": True, **handler(args)}
        if self.latency:
            await asyncio.sleep(self.latency)
        return web.json_response(call.result)

    def _next_ts(self) -> str:
        return f"{1_800_000_000 + next(self._ts)}.000100"

    def m_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"team_id": TEAM, "team": "Test", "user_id": BOT_USER, "bot_id": "B0BOT"}

    def m_apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"url": f"ws://127.0.0.1:{self.port}/socket"}

    def m_conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        """One user opens (or finds) the DM with the bot; several, comma-separated, a
        multi-person DM with them all and the bot, the same one for the same people whatever
        their order, as Slack documents for ``conversations.open``."""
        users = [u for u in str(args.get("users", "")).split(",") if u]
        if len(users) > 1:
            return {"channel": {"id": "G" + "-".join(sorted(users)), "is_mpim": True}}
        return {"channel": {"id": f"D{args.get('users', '')}"}}

    def m_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        ts, channel = self._next_ts(), str(args.get("channel"))
        message: dict[str, Any] = {
            "type": "message",
            "user": BOT_USER,
            "bot_id": "B0BOT",
            "text": args.get("text", ""),
            "ts": ts,
        }
        posted_blocks = args.get("blocks")
        if isinstance(posted_blocks, str):  # form-encoded: a JSON string
            posted_blocks = json.loads(posted_blocks)
        if posted_blocks:
            message["blocks"] = posted_blocks
        metadata = args.get("metadata")
        if isinstance(metadata, str):  # form-encoded: a JSON string, as Slack accepts it
            metadata = json.loads(metadata)
        if isinstance(metadata, dict):
            message["metadata"] = metadata
        self.history.setdefault(channel, []).append(message)
        return {"channel": channel, "ts": ts, "message": message}

    def m_conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        """Newest first; metadata only with ``include_all_metadata``, as Slack documents."""
        limit = int(args.get("limit") or 100)
        with_metadata = str(args.get("include_all_metadata")).lower() in ("true", "1")
        newest = list(reversed(self.history.get(str(args.get("channel")), [])))[:limit]
        if not with_metadata:
            newest = [{k: v for k, v in m.items() if k != "metadata"} for m in newest]
        return {"messages": newest, "has_more": False}

    def m_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"channel": args.get("channel"), "ts": args.get("ts")}

    def m_chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"message_ts": self._next_ts()}

    def m_views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"view": {"id": "V0MODAL"}}

    def m_views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"view": {"id": "V0HOME"}}

    def m_oauth_v2_access(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "access_token": INSTALLED_TOKEN,
            "token_type": "bot",
            "scope": "chat:write,commands,im:history",
            "bot_user_id": BOT_USER,
            "app_id": "A0APP",
            "team": {"name": "Test", "id": TEAM},
            "enterprise": {"name": "Grid Org", "id": self.enterprise} if self.enterprise else None,
            "authed_user": {"id": "U0ADMIN"},
            "is_enterprise_install": False,
        }

    def m_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = args.get("user", "")
        return {
            "user": {
                "id": user,
                "team_id": TEAM,
                "tz": self.zones.get(user, "Europe/Berlin"),
                "is_admin": user in self.admins or user in self.owners,
                "is_owner": user in self.owners,
            }
        }

    def m_files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{next(self._file_ids):04d}"
        self._pending[file_id] = Upload(file_id, str(args.get("filename", "")))
        return {"upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}

    def m_files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        files = args.get("files")
        listed = json.loads(files) if isinstance(files, str) else files or []
        done = []
        for item in listed:
            upload = self._pending.pop(item["id"])
            upload.title = item.get("title")
            upload.channel = args.get("channel_id")
            upload.comment = args.get("initial_comment")
            self.uploads.append(upload)
            done.append({"id": upload.file_id, "name": upload.filename, "title": upload.title})
        return {"files": done}
