"""The figures a running bot reports, as a port: the core counts and times, an adapter exports.

The names are the contract (``adapters/metrics.py`` maps each to a Prometheus metric); the core
never imports a metrics library. :data:`NO_METER` is the default: it records nothing.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol


class Count(StrEnum):
    """Things that happen, counted."""

    NUDGES_CLAIMED = "nudges_claimed"
    NUDGES_SENT = "nudges_sent"
    NUDGES_FAILED = "nudges_failed"
    #: A recording transaction that failed and was tried again.
    RECORDS_RETRIED = "records_retried"
    #: A resend the platform showed was already delivered (found in history, or by nonce).
    REPEATS_AVOIDED = "repeats_avoided"
    INBOX_STORED = "inbox_stored"
    INBOX_HANDLED = "inbox_handled"
    INBOX_RETRIED = "inbox_retried"
    INBOX_GIVEN_UP = "inbox_given_up"
    #: Inbound work refused because the database could not store it (the platform retries).
    INBOX_REFUSED = "inbox_refused"


class Timing(StrEnum):
    """Durations, in seconds."""

    ACK_LATENCY = "ack_latency"
    TICK_DURATION = "tick_duration"


class Level(StrEnum):
    """Values read at a moment."""

    INBOX_DEPTH = "inbox_depth"
    INBOX_OLDEST_AGE = "inbox_oldest_age"
    LAST_TICK_AGE = "last_tick_age"


class Meter(Protocol):
    def count(self, what: Count, n: int = 1) -> None: ...

    def time(self, what: Timing, seconds: float) -> None: ...

    def level(self, what: Level, value: float) -> None: ...


class _NoMeter:
    def count(self, what: Count, n: int = 1) -> None:
        return None

    def time(self, what: Timing, seconds: float) -> None:
        return None

    def level(self, what: Level, value: float) -> None:
        return None


NO_METER: Meter = _NoMeter()
