"""Names in notes: the labelled corpus, and what is kept about each person."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from bot.names import Named, people_in

_BENCH = Path(__file__).resolve().parents[2] / "bench" / "names.py"
_spec = importlib.util.spec_from_file_location("bench_names", _BENCH)
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def test_the_corpus_is_read_as_labelled() -> None:
    report = bench.report()
    assert report["tuning"]["accuracy"] == 1.0, report["tuning"]["wrong"]
    assert report["held_out"]["accuracy"] >= 0.9, report["held_out"]["wrong"]
    assert report["overall"]["notes"] >= 130


def test_a_description_after_the_name_is_kept() -> None:
    assert people_in("done: wrote to Sam, my old manager") == [Named("Sam", None, "my old manager")]
    assert people_in("met Jo Smith (from the data team)") == [
        Named("Jo Smith", None, "from the data team")
    ]


def test_a_mention_is_kept_as_the_platforms_user_id() -> None:
    assert people_in("asked <@U024BE7LH> for feedback") == [Named("U024BE7LH", "U024BE7LH")]
    assert people_in("pinged <@4455|Riley>") == [Named("Riley", "4455")]
    older = "asked <@!80351110224678912> to review it"  # Discord's older spelling
    assert people_in(older) == [Named("80351110224678912", "80351110224678912")]


def test_roles_and_pronouns_are_nobody() -> None:
    for note in ("talked to my manager", "I messaged her", "thanked the organisers", "done"):
        assert people_in(note) == []
