"""``make run`` serves this computer only, and the package metadata installs without a
deprecation warning (issue 22)."""

from __future__ import annotations

import re
import shlex
import sys
import tomllib
from pathlib import Path

import pytest
from harness import ROOT, app_env, free_port, serve

MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def run_recipe() -> list[str]:
    """The ``streamlit run`` line of the Makefile's ``run`` target, as arguments."""
    recipe = MAKEFILE.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    line = next(x for x in recipe.splitlines() if "streamlit run" in x)
    return shlex.split(line.strip())


def test_make_run_binds_the_loopback_address():
    args = run_recipe()
    assert args[args.index("--server.address") + 1] == "127.0.0.1"
    echo = MAKEFILE.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "http://127.0.0.1:$(PORT)" in echo


@pytest.mark.slow
def test_make_runs_command_prints_only_the_local_address(tmp_path):
    port = free_port()
    args = [a.replace("$(BIN)/streamlit", str(Path(sys.executable).with_name("streamlit")))
             .replace("$(PORT)", str(port)) for a in run_recipe()]
    args = [a if a != "app.py" else str(ROOT / "app.py") for a in args]
    log = tmp_path / "server.log"
    with serve(args, port=port, env=app_env(workspace=tmp_path / "ws"), log=log):
        pass
    text = log.read_text()
    assert f"http://127.0.0.1:{port}" in text, text
    assert not re.search(r"Network URL|External URL", text), text


def test_the_licence_is_an_spdx_string_with_its_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
    assert all((ROOT / f).is_file() for f in project["license-files"])
    assert "MIT License" in (ROOT / "LICENSE").read_text()
