"""A member's standing with the bot, stored as is in ``members.status``.

- ``active``: nudged on their schedule;
- ``parked``: the platform refuses to reach them (DMs closed, app uninstalled, user gone); their
  data is kept and nothing is sent until they reach us again (join, link, reopen their DMs);
- ``left``: they asked to stop; treated as not joined until they join again, history kept.

Only active members are nudged: leaving or parking clears the next due nudge.
"""

from __future__ import annotations

from enum import StrEnum


class MemberStatus(StrEnum):
    ACTIVE = "active"
    PARKED = "parked"
    LEFT = "left"
