"""Two ways Slack delivers to the app, behind one interface, so one journey runs over both.

HTTP mode: the test signs each request itself (v0 scheme with the signing secret) and posts it
to the app's ``/slack/events``. Socket Mode: the fake Slack sends an envelope on the websocket
the app opened, and the driver waits for the app's ack of that envelope.
"""

from __future__ import annotations

import json
import time
from typing import Any, Protocol
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from tests.adapters.slack import payloads
from tests.adapters.slack.fake_slack import FakeSlack


class Driver(Protocol):
    async def event(self, body: dict[str, Any], retry: int = 0) -> dict[str, Any]: ...

    async def interaction(self, payload: dict[str, Any]) -> dict[str, Any]: ...

    async def command(self, fields: dict[str, str]) -> dict[str, Any]: ...

    async def close(self) -> None: ...


class HttpDriver:
    def __init__(self, url: str, signing_secret: str) -> None:
        self.url, self.verifier = url, SignatureVerifier(signing_secret)
        self.session = aiohttp.ClientSession()

    async def post(
        self,
        body: str,
        content_type: str,
        timestamp: int | None = None,
        signature: str | None = None,
        retry: int = 0,
    ) -> tuple[int, str]:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature
            or self.verifier.generate_signature(timestamp=stamp, body=body),
        }
        if retry:
            headers["X-Slack-Retry-Num"] = str(retry)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        async with self.session.post(f"{self.url}/slack/events", data=body, headers=headers) as r:
            return r.status, await r.text()

    async def event(self, body: dict[str, Any], retry: int = 0) -> dict[str, Any]:
        return _answer(*await self.post(json.dumps(body), "application/json", retry=retry))

    async def interaction(self, payload: dict[str, Any]) -> dict[str, Any]:
        form = urlencode(payloads.as_form(payload))
        return _answer(*await self.post(form, "application/x-www-form-urlencoded"))

    async def command(self, fields: dict[str, str]) -> dict[str, Any]:
        return _answer(*await self.post(urlencode(fields), "application/x-www-form-urlencoded"))

    async def close(self) -> None:
        await self.session.close()


class SocketDriver:
    def __init__(self, fake: FakeSlack) -> None:
        self.fake = fake

    async def envelope(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        envelope_id = await self.fake.send_envelope(kind, payload)
        ack = await self.fake.wait_ack(envelope_id)
        return {"status": 200, **(ack.get("payload") or {})}

    async def event(self, body: dict[str, Any], retry: int = 0) -> dict[str, Any]:
        return await self.envelope("events_api", body)

    async def interaction(self, payload: dict[str, Any]) -> dict[str, Any]:
        return await self.envelope("interactive", payload)

    async def command(self, fields: dict[str, str]) -> dict[str, Any]:
        return await self.envelope("slash_commands", fields)

    async def close(self) -> None:
        return None


def _answer(status: int, text: str) -> dict[str, Any]:
    try:
        body = json.loads(text) if text.startswith("{") else {}
    except ValueError:
        body = {}
    return {"status": status, **body}
