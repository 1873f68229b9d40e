"""The bench scripts run as ``python bench/NAME.py``, which puts bench/ first on the import path:
a script named like one of the project's packages would hide that package from every script."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_no_bench_script_shadows_a_project_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = {p.rstrip("*") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]}
    assert packages >= {"bot", "adapters", "scheduler", "content"}
    scripts = {path.stem for path in (ROOT / "bench").glob("*.py")}
    assert scripts and not scripts & packages
