"""The core's figures (:mod:`bot.metrics`) as Prometheus metrics, served on ``/metrics``.

Each bot process keeps its own registry, so two apps in one test process never share counts.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.metrics import Count, Level, Timing

CONTENT_TYPE = CONTENT_TYPE_LATEST

_COUNT_HELP = {
    Count.NUDGES_CLAIMED: "Nudges claimed for delivery by a tick",
    Count.NUDGES_SENT: "Nudges the platform accepted",
    Count.NUDGES_FAILED: "Nudges the platform refused or that failed for now",
    Count.RECORDS_RETRIED: "Recording transactions that failed and were tried again",
    Count.REPEATS_AVOIDED: "Resends the platform showed were delivered already",
    Count.INBOX_STORED: "Inbound events stored in the inbox before their acknowledgement",
    Count.INBOX_HANDLED: "Inbound events handled from the inbox",
    Count.INBOX_RETRIED: "Inbound events whose handling failed and is tried again",
    Count.INBOX_GIVEN_UP: "Inbound events given up after repeated failures",
    Count.INBOX_REFUSED: "Inbound events refused with a retryable error: the database was away",
}
_TIMING_HELP = {
    Timing.ACK_LATENCY: "Seconds from an inbound request's arrival to its acknowledgement",
    Timing.TICK_DURATION: "Seconds one delivery tick took",
}
_LEVEL_HELP = {
    Level.INBOX_DEPTH: "Inbound events stored and not handled yet",
    Level.INBOX_OLDEST_AGE: "Seconds the oldest unhandled inbound event has waited",
    Level.LAST_TICK_AGE: "Seconds since the last delivery tick finished",
}
_ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
_TICK_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0)


class PrometheusMeter:
    """A :class:`bot.metrics.Meter` that keeps Prometheus metrics named ``nudgebot_…``."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._counts = {
            what: Counter(f"nudgebot_{what.value}", text, registry=self.registry)
            for what, text in _COUNT_HELP.items()
        }
        self._timings = {
            what: Histogram(
                f"nudgebot_{what.value}_seconds",
                text,
                registry=self.registry,
                buckets=_ACK_BUCKETS if what is Timing.ACK_LATENCY else _TICK_BUCKETS,
            )
            for what, text in _TIMING_HELP.items()
        }
        self._levels = {
            what: Gauge(f"nudgebot_{what.value}", text, registry=self.registry)
            for what, text in _LEVEL_HELP.items()
        }

    def count(self, what: Count, n: int = 1) -> None:
        self._counts[what].inc(n)

    def time(self, what: Timing, seconds: float) -> None:
        self._timings[what].observe(seconds)

    def level(self, what: Level, value: float) -> None:
        self._levels[what].set(value)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
