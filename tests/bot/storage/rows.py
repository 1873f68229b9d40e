"""Rows for bulk inserts in the storage tests: a member as the claim needs one."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any


def member_row(n: int, since: date, **fields: Any) -> dict[str, Any]:
    """Member ``n`` (Slack ``U<n>`` in workspace T1), nudged every day at 09:00 UTC since
    ``since``; ``fields`` override any column."""
    return {
        "id": n,
        "platform": "slack",
        "workspace": "T1",
        "user_id": f"U{n}",
        "zone": "UTC",
        "nudge_time": time(9),
        "weekdays": "1234567",
        "level": 1,
        "level_since": since,
        "focus": "",
        "joined_at": datetime.combine(since, time(), UTC),
    } | fields
