"""Start-up: building the parser imports only light modules; the help still names every table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graphmodel import cli

ROOT = Path(__file__).resolve().parents[2]

#: what building the parser must not import (a command that needs one imports it in its run)
HEAVY = ("networkx", "sqlite3", "scipy", "matplotlib", "pyarrow", "statsmodels", "igraph",
         "pandas", "numpy", "babel")


def heavy_imported(program: str) -> list[str]:
    """The :data:`HEAVY` top-level packages found in ``sys.modules`` after ``program`` runs in
    a fresh interpreter (this checkout first on the path)."""
    probe = (f"{program}\nimport json, sys\n"
             f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})))")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_building_the_parser_imports_no_heavy_module():
    assert heavy_imported("import graphmodel.cli as c; c.build_parser()") == []


@pytest.mark.parametrize("module", ["sqlite3", "networkx"])
def test_the_import_check_sees_a_heavy_module(module):
    """The check can fail: a parser that pulled one of them in would be seen."""
    program = f"import graphmodel.cli as c; c.build_parser(); import {module}"
    assert heavy_imported(program) == [module]


def test_the_metrics_help_lists_every_table(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.build_parser().parse_args(["metrics", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    listed = out.split("--table {", 1)[1].split("}", 1)[0].split(",")
    assert listed == ["actors", "pairs", "collaboration-pairs", "councils", "communities",
                      "suggestions", "timeline", "collaborations", "drivers", "expected-pairs"]


def test_the_diff_help_lists_its_three_tables(capsys):
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["diff", "--help"])
    out = capsys.readouterr().out
    assert "--table {changes,actors,councils}" in out
