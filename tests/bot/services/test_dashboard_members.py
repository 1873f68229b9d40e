"""The admin's member list: enrolled members with status and streak only, a page at a time."""

from __future__ import annotations

from bot.ports import TeamRef
from bot.services import dashboard_members
from tests.bot.services.dashboard_seed import G9, NOW, T1, seed


async def test_enrolled_members_with_status_and_streak(db):
    await seed(db)
    listed = await dashboard_members.member_page(db, TeamRef.parse(T1), 1, NOW)
    rows = {m.user_id: (m.status, m.streak) for m in listed.members}
    # Worked out in dashboard_seed: U7 left (not listed); U6 is parked with no nudges.
    assert rows == {
        "U0": ("active", 2),
        "U1": ("active", 3),
        "U2": ("active", 3),
        "U3": ("active", 0),
        "U4": ("active", 0),
        "U5": ("active", 0),
        "U6": ("parked", 0),
    }
    assert (listed.total, listed.pages) == (7, 1)
    # The fewer-than-5 rule is for figures: a small team's list is shown whole.
    small = await dashboard_members.member_page(db, TeamRef.parse(G9), 1, NOW)
    assert [m.user_id for m in small.members] == ["U10", "U11", "U12"]


async def test_pages_of_members(db, monkeypatch):
    await seed(db)
    monkeypatch.setattr(dashboard_members, "PAGE_SIZE", 3)
    pages = [await dashboard_members.member_page(db, TeamRef.parse(T1), n, NOW) for n in (1, 3, 4)]
    assert [[m.user_id for m in p.members] for p in pages] == [["U0", "U1", "U2"], ["U6"], []]
    assert pages[0].pages == 3
