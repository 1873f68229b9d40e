"""``content check`` rejects broken team files with the file, the line and a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalog import CatalogError, Problem, check_catalog, load_catalog


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def challenge(
    id: str = "team-one", text: str = "Say hello to one new person today.", **fields: object
) -> str:
    values: dict[str, object] = {
        "id": id,
        "theme": "starting_small",
        "kind": "reach_out",
        "level": 1,
        "minutes": 3,
        "focus": ["fear_of_rejection"],
        "text": text,
    }
    values.update(fields)
    body = "\n".join(f"{key} = {_toml(value)}" for key, value in values.items())
    return f"[[challenge]]\n{body}\n"


def _toml(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


def problems_for(team: Path) -> list[Problem]:
    catalog, problems = check_catalog(team)
    assert catalog is None
    return problems


def only(problems: list[Problem], file: str) -> Problem:
    """The single problem reported, which must be in ``file``."""
    assert len(problems) == 1, problems
    assert problems[0].file.endswith(file), problems
    return problems[0]


def test_duplicate_id(tmp_path: Path) -> None:
    text = (
        challenge("team-dup")
        + "\n"
        + challenge("team-dup", "Ask a colleague about their weekend plans.")
    )
    write(tmp_path, "challenges/team.toml", text)
    problem = only(problems_for(tmp_path), "challenges/team.toml")
    assert problem.line == 11  # the second block's id line
    assert "duplicate id 'team-dup' (first at " in problem.reason
    assert problem.reason.endswith("team.toml:2)")


def test_unknown_theme(tmp_path: Path) -> None:
    write(tmp_path, "challenges/team.toml", "# team\n\n" + challenge(theme="mentorshp"))
    problem = only(problems_for(tmp_path), "challenges/team.toml")
    assert problem.line == 5
    assert "unknown theme 'mentorshp'" in problem.reason
    assert "did you mean 'mentorship'" in problem.reason


def test_level_out_of_range(tmp_path: Path) -> None:
    write(tmp_path, "challenges/team.toml", challenge(level=4, minutes=30))
    problem = only(problems_for(tmp_path), "team.toml")
    assert problem.line == 5
    assert "level 4 out of range" in problem.reason


def test_smaller_and_starter_must_be_short_and_their_own_words(tmp_path: Path) -> None:
    text = "Say hello to one new person today."
    write(tmp_path, "challenges/team.toml", challenge(smaller=text.upper(), starter="x" * 300))
    reasons = sorted(p.reason for p in problems_for(tmp_path))
    assert reasons == [
        "smaller repeats the text; say the smaller version in its own words",
        "starter must be one line of 1-220 characters",
    ]


def test_follow_ups_need_a_delay_and_a_real_challenge(tmp_path: Path) -> None:
    text = (
        challenge("team-goal", then="team-check", after="2w")
        + "\n"
        + challenge("team-check", text="Check how the goal you set is going.", then="team-goal")
        + "\n"
        + challenge("team-ask", text="Ask a colleague one question.", then="team-nope", after="3d")
        + "\n"
        + challenge("team-late", text="Write down one thing.", then="team-goal", after="5 months")
    )
    write(tmp_path, "challenges/team.toml", text)
    reasons = [p.reason for p in problems_for(tmp_path)]
    assert "then and after go together" in reasons
    assert any(r.startswith("after '5 months' must be days or weeks") for r in reasons)
    assert any(r.startswith("then 'team-nope' names no challenge") for r in reasons)


def test_a_follow_up_is_read_with_its_delay(tmp_path: Path) -> None:
    text = challenge("team-goal", then="team-check", after="2w", only_for=["business"]) + (
        "\n" + challenge("team-check", text="Check how the goal you set is going.")
    )
    write(tmp_path, "challenges/team.toml", text)
    catalog = load_catalog(tmp_path)
    goal = catalog.challenge("team-goal")
    assert goal is not None and (goal.then, goal.after_days) == ("team-check", 14)
    assert goal.only_for == {"business"}
    assert "team-check" in catalog.follow_up_ids()


def test_over_long_text(tmp_path: Path) -> None:
    write(tmp_path, "challenges/team.toml", challenge(text="word " * 70))
    problem = only(problems_for(tmp_path), "team.toml")
    assert problem.line == 8
    assert "349 characters; at most 300" in problem.reason


def test_near_duplicate_texts(tmp_path: Path) -> None:
    first = "Send a short note to a former colleague and ask how their new job is going."
    second = "Send a short note to a former colleague, and ask how their new job's going!"
    write(tmp_path, "challenges/a.toml", challenge("team-a", first))
    write(tmp_path, "challenges/b.toml", challenge("team-b", second))
    problem = only(problems_for(tmp_path), "challenges/b.toml")
    assert problem.line == 8
    assert "near-duplicate of 'team-a'" in problem.reason
    assert "a.toml:8" in problem.reason


def test_near_duplicate_of_a_shipped_text(tmp_path: Path) -> None:
    shipped = load_catalog().challenges[0]
    write(tmp_path, "challenges/team.toml", challenge("team-copy", shipped.text.upper()))
    problem = only(problems_for(tmp_path), "team.toml")
    assert f"near-duplicate of {shipped.id!r}" in problem.reason


def test_toml_syntax_error(tmp_path: Path) -> None:
    write(tmp_path, "tips/team.toml", '[[tip]]\nid = "x"\ntopic "fear"\n')
    problem = only(problems_for(tmp_path), "tips/team.toml")
    assert problem.line == 3
    assert problem.reason.startswith("invalid TOML")


def test_bad_phrase_placeholder(tmp_path: Path) -> None:
    variants = ["Logged.", "Nice.", "Done, streak {streek}.", "Good.", "Thanks."]
    lines = "\n".join(f'    "{v}",' for v in variants)
    write(tmp_path, "phrases.toml", f"[phrases]\ndone = [\n{lines}\n]\n")
    problem = only(problems_for(tmp_path), "phrases.toml")
    assert problem.line == 5
    assert "{streek}" in problem.reason and "{streak}" in problem.reason


def test_milestone_must_say_the_days(tmp_path: Path) -> None:
    variants = ", ".join(f'"Well done, {n}."' for n in "abcde")
    write(tmp_path, "phrases.toml", f"[phrases]\nmilestone = [{variants}]\n")
    problems = problems_for(tmp_path)
    assert problems and all("must mention {days}" in p.reason for p in problems)


def test_too_few_phrase_variants_and_unknown_group(tmp_path: Path) -> None:
    write(tmp_path, "phrases.toml", '[phrases]\nskip = ["Rest day."]\nwelcom = ["Hi"]\n')
    problems = problems_for(tmp_path)
    assert [(p.line, p.reason.split(";")[0]) for p in problems] == [
        (2, "skip has 1 variants"),
        (3, "unknown phrase group 'welcom'"),
    ]


def test_fields_unknown_missing_and_mistyped(tmp_path: Path) -> None:
    text = '[[challenge]]\nid = "team-x"\ntheme = "visibility"\nkind = "reach_out"\n'
    text += 'level = "2"\nminutes = 10\ntext = "Post one thing."\ncolour = "blue"\n'
    write(tmp_path, "challenges/team.toml", text)
    reasons = {(p.line, p.reason) for p in problems_for(tmp_path)}
    assert (
        8,
        "unknown field 'colour' (known: id, theme, kind, level, minutes, focus, text, why, "
        "smaller, starter, then, after, only_for)",
    ) in reasons
    assert (5, "level must be a whole number") in reasons


def test_missing_field_points_at_the_header(tmp_path: Path) -> None:
    write(tmp_path, "tips/team.toml", '\n[[tip]]\nid = "team-tip"\ntext = "Smile."\n')
    problem = only(problems_for(tmp_path), "tips/team.toml")
    assert (problem.line, problem.reason) == (2, "missing field 'topic'")


def test_unknown_focus_tag_and_kind(tmp_path: Path) -> None:
    write(tmp_path, "challenges/team.toml", challenge(kind="chat", focus=["shyness"]))
    reasons = [p.reason for p in problems_for(tmp_path)]
    assert any("unknown kind 'chat'" in r for r in reasons)
    assert any("unknown focus tag 'shyness'" in r for r in reasons)


def test_stray_file_and_missing_directory(tmp_path: Path) -> None:
    write(tmp_path, "challenges.toml", challenge())
    assert "not read" in only(problems_for(tmp_path), "challenges.toml").reason
    assert "not found" in only(problems_for(tmp_path / "nope"), "nope").reason


def test_load_raises_with_every_problem(tmp_path: Path) -> None:
    write(tmp_path, "challenges/team.toml", challenge(level=9, theme="nope"))
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    assert len(caught.value.problems) == 2
    assert "team.toml:5: level 9 out of range" in str(caught.value)
