"""benchmarks/floor.py, the floor of issue 24, computes graphmodel's values (not a speed test)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from graphmodel.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def floor():
    pytest.importorskip("pyarrow")
    spec = importlib.util.spec_from_file_location("floor", ROOT / "benchmarks" / "floor.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _graphmodel_table(data: Path, out: Path) -> Path:
    assert main(["metrics", str(data), "--table", "actors", "-o", str(out)]) == 0
    return out


@pytest.mark.parametrize("data", ["nordic", "synthetic"])
def test_the_floor_gives_graphmodels_values(floor, data, tmp_path):
    if data == "nordic":
        folder = ROOT / "data" / "nordic"
    else:
        folder = tmp_path / "synth"
        assert main(["synth", "--municipalities", "300", "--collaborations", "90",
                     "--seed", "3", "-o", str(folder)]) == 0
    columns = floor.actors_table(folder)
    assert floor.check(columns, _graphmodel_table(folder, tmp_path / "gm.csv")) == []
    assert len(columns["id"]) > 10 and columns["n_partners"].max() > 0


def test_the_check_names_a_column_that_differs(floor, tmp_path):
    folder = ROOT / "data" / "nordic"
    columns = floor.actors_table(folder)
    columns["n_partners"] = columns["n_partners"] + np.arange(len(columns["n_partners"])) % 2
    columns["effective_partners"] = columns["effective_partners"] * 1.01
    problems = floor.check(columns, _graphmodel_table(folder, tmp_path / "gm.csv"))
    assert any(p.startswith("n_partners:") for p in problems)
    assert "effective_partners: values differ beyond 1e-12" in problems
