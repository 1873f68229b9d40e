"""The gate before Bolt, as a pure function: whatever arrives, it answers (text or a 4xx
refusal) and never raises. The wire fuzz test in test_hostile.py sends real requests."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from hypothesis import given, settings
from hypothesis import strategies as st
from slack_sdk.signature import SignatureVerifier

from adapters.slack import gate
from tests.adapters.slack import payloads

SECRET = "gate-secret"
KEYS = st.sampled_from(
    ["type", "event", "team", "user", "channel", "actions", "view", "response_url",
     "response_urls", "authorizations", "enterprise", "item", "id", "action_id", "state",
     "values", "text", "subtype", "ts", "callback_id", "trigger_id", "event_id"]
)  # fmt: skip
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(KEYS | st.text(), inner, max_size=4)
    ),
    max_leaves=12,
)


def _signed(body: str, content_type: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }


def _check(body: str, content_type: str) -> str | gate.Refused:
    headers = _signed(body, content_type)
    answer = gate.check(SignatureVerifier(SECRET), headers, None, body.encode())
    assert isinstance(answer, str) or 400 <= answer.status < 500
    return answer


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES)
def test_any_json_body_is_answered_without_raising(value: Any) -> None:
    _check(json.dumps(value), "application/json")
    _check(urlencode({"payload": json.dumps(value)}), "application/x-www-form-urlencoded")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["event", "team", "user", "actions", "view", "container"]), JSON_VALUES)
def test_a_real_payload_with_one_field_replaced_is_answered_without_raising(
    key: str, value: Any
) -> None:
    for body in (
        payloads.dm("U0BOB", "done"),
        payloads.button("U0BOB", "nudge:v1:done:1", "DX", "1.2"),
        payloads.settings_submitted("U0BOB", payloads.form_values()),
    ):
        _check(json.dumps({**body, key: value}), "application/json")
