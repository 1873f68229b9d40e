"""Hostile and malformed requests to ``/slack/events``: each gets a 4xx, one log line, no change."""

from __future__ import annotations

import json
import logging
import random
import time
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.storage.tables import Member
from tests.adapters.slack import payloads
from tests.adapters.slack.drivers import HttpDriver
from tests.adapters.slack.fake_slack import eventually
from tests.adapters.slack.test_requests import count, joined

USER = "U0BOB"
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def _with(body: dict[str, Any], **fields: Any) -> str:
    return json.dumps({**body, **fields})


def _payload(payload: Any) -> str:
    return urlencode({"payload": json.dumps(payload)})


def _cases() -> list[tuple[str, str, str]]:
    dm = payloads.dm(USER, "done")
    click = payloads.button(USER, "nudge:v1:done:1", "DX", "1.2")
    form = payloads.settings_submitted(USER, payloads.form_values())
    thumbs = payloads.reaction(USER, "DX", "1.2")
    bad_item = {"type": "message", "channel": [1], "ts": "1.2"}
    return [
        ("list", "[]", JSON),
        ("null", "null", JSON),
        ("number", "42", JSON),
        ("string", '"x"', JSON),
        ("payload list", _payload([]), FORM),
        ("payload null", _payload(None), FORM),
        ("payload number", _payload(42), FORM),
        ("payload not json", urlencode({"payload": "{"}), FORM),
        ("authorizations str", _with(dm, authorizations="x"), JSON),
        ("authorizations [1]", _with(dm, authorizations=[1]), JSON),
        ("enterprise str", _payload({**click, "enterprise": "x"}), FORM),
        ("enterprise list", _payload({**click, "enterprise": [1]}), FORM),
        ("team str", _payload({**click, "team": "x"}), FORM),
        ("team list", _payload({**click, "team": [1]}), FORM),
        ("user str", _payload({**click, "user": "x"}), FORM),
        ("user list", _payload({**click, "user": [1]}), FORM),
        ("channel str", _payload({**click, "channel": "x"}), FORM),
        ("channel list", _payload({**click, "channel": [1]}), FORM),
        ("event list", _with(dm, event=[1]), JSON),
        ("event str", _with(dm, event="x"), JSON),
        ("team_id dict", _with(dm, team_id={"a": 1}), JSON),
        ("enterprise_id list", _with(dm, enterprise_id=[1]), JSON),
        (
            "response_urls str",
            _payload({**click, "type": "view_submission", "response_urls": "x"}),
            FORM,
        ),
        (
            "response_urls [1]",
            _payload({**click, "type": "view_submission", "response_urls": [1]}),
            FORM,
        ),
        ("actions str", _payload({**click, "actions": "x"}), FORM),
        ("view str", _payload({**click, "type": "view_submission", "view": "x"}), FORM),
        ("container str", _payload({**click, "container": "x"}), FORM),
        ("message str", _payload({**click, "message": "x"}), FORM),
        # Found by the fuzz test below, deeper inside real payloads:
        ("event null", _with(dm, event=None), JSON),
        ("event user id list", _with(dm, event={**dm["event"], "user": {"id": [1]}}), JSON),
        ("item channel list", _with(thumbs, event={**thumbs["event"], "item": bad_item}), JSON),
        ("action without action_id", _payload({**click, "actions": [{"value": "1"}]}), FORM),
        ("action_id number", _payload({**click, "actions": [{"action_id": 5}]}), FORM),
        ("view without type", _payload({**form, "view": {"callback_id": "nudge_settings"}}), FORM),
        ("response_url list", _payload({**click, "response_url": [1]}), FORM),
        ("response_url not a url", _payload({**click, "response_url": "²"}), FORM),
    ]


CASES = _cases()


def _refusals(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize(("name", "body", "kind"), CASES, ids=[c[0] for c in CASES])
async def test_a_signed_malformed_body_gets_a_4xx_and_one_log_line(
    slack_bot: Any, caplog: pytest.LogCaptureFixture, name: str, body: str, kind: str
) -> None:
    caplog.set_level(logging.INFO)
    async with slack_bot() as bot:
        driver: HttpDriver = bot.driver
        status, _ = await driver.post(body, kind)
        assert 400 <= status < 500
        (line,) = _refusals(caplog)
        assert line.exc_info is None and "\n" not in line.getMessage()
        assert "refused a request" in line.getMessage()
        assert bot.fake.calls == [] and await count(bot, Member) == 0


async def test_broken_headers_and_charsets_get_a_4xx(
    slack_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with slack_bot() as bot:
        driver: HttpDriver = bot.driver
        body = json.dumps(payloads.dm(USER, "done"))
        headers: list[dict[str, str]] = [
            {"X-Slack-Request-Timestamp": "soon"},
            {"X-Slack-Request-Timestamp": "1e3"},
            {"X-Slack-Request-Timestamp": "99999999999999999999999"},
            {"X-Slack-Signature": "v0=\u00e9\u00e9"},
            {"Content-Type": "application/json; charset=bogus"},
            {"Content-Type": "application/json; charset=utf-16"},
        ]
        for changes in headers:
            caplog.clear()
            status = await _post_with(driver, body, changes)
            assert 400 <= status < 500, changes
            (line,) = _refusals(caplog)
            assert line.exc_info is None
        assert bot.fake.calls == []


async def _post_with(driver: HttpDriver, body: str, changes: dict[str, str]) -> int:
    stamp = str(int(time.time()))
    headers = {
        "Content-Type": JSON,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": driver.verifier.generate_signature(timestamp=stamp, body=body),
        **changes,
    }
    async with driver.session.post(
        f"{driver.url}/slack/events", data=body.encode(), headers=headers
    ) as r:
        return r.status


async def test_a_day_that_is_not_a_weekday_number_keeps_the_form_open(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        await joined(bot)
        form = payloads.settings_submitted(USER, payloads.form_values(days=("²", "9", "")))
        answer = await bot.driver.interaction(form)
        assert answer["status"] == 200 and answer["response_action"] == "errors"
        assert set(answer["errors"]) == {"days"}


JUNK: list[Any] = [
    None, 0, -1, 2**70, 1.5, "", "²", "\x00", [], [1], [{}], {}, {"id": 5}, {"id": None},
    "x" * 300, True,
]  # fmt: skip


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place inside ``value`` a field or list item sits, at any depth."""
    inner: list[tuple[Any, ...]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            inner += [(*path, key), *_paths(item, (*path, key))]
    elif isinstance(value, list):
        for index, item in enumerate(value):
            inner += [(*path, index), *_paths(item, (*path, index))]
    return inner


def _mutate(rng: random.Random, body: Any) -> Any:
    """One field anywhere in ``body`` replaced by junk, or dropped; sometimes the whole body."""
    places = _paths(body)
    if not places or rng.random() < 0.05:
        return json.loads(json.dumps(rng.choice(JUNK)))
    *parents, last = rng.choice(places)
    holder = body
    for step in parents:
        holder = holder[step]
    if isinstance(holder, dict) and rng.random() < 0.2:
        del holder[last]
    else:
        holder[last] = json.loads(json.dumps(rng.choice(JUNK)))
    return body


async def test_form_fields_of_the_wrong_type_keep_the_form_open(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        await joined(bot)
        values = payloads.form_values()
        values["time"]["value"]["selected_time"] = 830
        values["zone"]["value"]["value"] = ["Europe/Paris"]
        values["days"]["value"]["selected_options"] = "mon"
        answer = await bot.driver.interaction(payloads.settings_submitted(USER, values))
        assert answer["status"] == 200 and answer["response_action"] == "errors"
        assert set(answer["errors"]) == {"time", "zone", "days"}


async def test_a_request_no_listener_is_for_is_logged_in_one_line(
    slack_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with slack_bot() as bot:
        shortcut = {**payloads.button(USER, "x", "DX", "1.2"), "type": "shortcut"}
        shortcut["callback_id"] = "nudge_someone"
        status, _ = await bot.driver.post(_payload(shortcut), FORM)
        assert status == 404
        (line,) = [r for r in caplog.records if "listener" in r.getMessage()]
        assert "\n" not in line.getMessage() and line.exc_info is None
        assert "nudge_someone" not in caplog.text


def _mutants(rng: random.Random, n: int, response_url: str) -> list[tuple[str, str, bool]]:
    """``n`` bodies built from real ones with one to three fields, at any depth, replaced by
    junk or dropped; signed or not."""
    bases: list[tuple[dict[str, Any], bool]] = [
        (payloads.dm(USER, "done"), False),
        (payloads.button(USER, "nudge:v1:done:1", "DX", "1.2"), True),
        (payloads.ephemeral_button(USER, "nudge:v1:forget:yes", "DX", response_url), True),
        (payloads.settings_submitted(USER, payloads.form_values()), True),
        (payloads.reaction(USER, "DX", "1.2"), False),
        (payloads.home_opened(USER), False),
        (payloads.user_change(USER, "Europe/Paris"), False),
    ]
    out: list[tuple[str, str, bool]] = []
    for _ in range(n):
        base, form = rng.choice(bases)
        body: Any = json.loads(json.dumps(base))
        for _ in range(rng.randint(1, 3)):
            body = _mutate(rng, body)
        text = _payload(body) if form else json.dumps(body)
        out.append((text, FORM if form else JSON, rng.random() < 0.7))
    return out


async def test_fuzzed_requests_never_get_a_5xx_and_the_bot_keeps_working(
    slack_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    rng = random.Random(13)
    async with slack_bot() as bot:
        driver: HttpDriver = bot.driver
        statuses = []
        for text, kind, signed in _mutants(rng, 520, bot.fake.response_url()):
            signature = None if signed else "v0=" + "0" * 64
            status, _ = await driver.post(text, kind, signature=signature)
            statuses.append(status)
        assert max(statuses) < 500
        assert statuses.count(401) >= 100  # the unsigned ones
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
        assert not [r for r in caplog.records if r.exc_info or "\n" in r.getMessage()]
        async with driver.session.get(f"{driver.url}/healthz") as r:
            assert r.status == 200
        fields = payloads.command("U0NEW", "/network-join", response_url=bot.fake.response_url())
        assert (await driver.command(fields))["status"] == 200
        await eventually(lambda: _one_member(bot), what="the genuine join")


async def _one_member(bot: Any) -> bool:
    return await count(bot, Member) == 1


async def test_a_refused_request_logs_the_reason_not_the_body(
    slack_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with slack_bot() as bot:
        driver: HttpDriver = bot.driver
        secret_url = bot.fake.response_url() + "/private-hook"
        dm = json.dumps(payloads.dm(USER, "my private DM text"))
        command = urlencode(payloads.command(USER, "/network-win", "a secret win", secret_url))
        for body, kind in ((dm, JSON), (command, FORM)):
            status, _ = await driver.post(body, kind, signature="v0=" + "0" * 64)
            assert status == 401
            status, _ = await driver.post(body, kind, timestamp=int(time.time()) - 600)
            assert status == 401
    for private in ("my private DM text", "a secret win", "private-hook", "private%20DM"):
        assert private not in caplog.text
    assert caplog.text.count("refused a request to /slack/events: invalid or stale") == 4
