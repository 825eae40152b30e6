"""A non-editable install in a fresh venv serves the explorer (``graphmodel app DATA``).

Builds the wheel (``pip wheel --no-deps .``), installs it into a plain venv (no system
site-packages: a missing dependency shows), first without the extra — ``graphmodel app``
must then say how to install it — and then with ``[app]``, and starts
``graphmodel app data/nordic`` from a folder outside the repository, so that only the
installed copy can answer. Dependencies come from the package index (pip's cache helps).
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
import zipfile

import pytest
from harness import CHROMIUM, ROOT, free_port, launch_chromium, serve

pytestmark = pytest.mark.slow

DATA = ROOT / "data" / "nordic"

#: pip without compiling every installed module to bytecode first (Python compiles what it
#: imports when it imports it): the install takes less than half the time, the same files
PIP_QUICK = ("-q", "--no-compile")


def _env() -> dict[str, str]:
    """This environment without what would point at the checkout or its data."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GRAPHMODEL_DATA")}


def _run(*cmd, cwd, timeout=900) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, check=False, env=_env())


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv bin folder, wheel path, a working folder outside the repository)."""
    work = tmp_path_factory.mktemp("install")
    wheels = work / "wheels"
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, ROOT,
                 cwd=work)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel, = wheels.glob("graphmodel-*.whl")
    venv = work / "venv"
    made = _run(sys.executable, "-m", "venv", venv, cwd=work)
    assert made.returncode == 0, made.stderr
    bin_ = venv / "bin"
    core = _run(bin_ / "python", "-m", "pip", "install", *PIP_QUICK, wheel, cwd=work)
    if core.returncode != 0 and "No matching distribution" in core.stderr + core.stdout:
        pytest.skip("the package index cannot be reached to install the dependencies")
    assert core.returncode == 0, core.stderr[-2000:]
    return bin_, wheel, work


def test_wheel_holds_the_explorer_pages_and_assets(installed):
    _, wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    pages = {n for n in names if n.startswith("graphmodel/explorer/pages/")}
    expected = {f"graphmodel/explorer/pages/{p}.py" for p in
                ("network", "overlap", "fragmentation", "profile", "data", "share")}
    assert expected <= pages
    assert {"graphmodel/explorer/app.py", "graphmodel/explorer/serve/app.py",
            "graphmodel/cli/__init__.py", "graphmodel/cli/options.py"} <= names
    for asset in (ROOT / "graphmodel" / "assets").rglob("*"):
        if asset.is_file():
            assert asset.relative_to(ROOT).as_posix() in names, asset


def test_core_install_is_lean_and_says_how_to_get_the_app(installed):
    bin_, _, work = installed
    check = _run(bin_ / "python", "-c",
                 "import importlib.util as u, graphmodel as gm; "
                 "print(gm.__file__); print(u.find_spec('streamlit') is None)", cwd=work)
    assert check.returncode == 0, check.stderr
    where, no_streamlit = check.stdout.split()
    assert str(ROOT) not in where  # the installed copy, not the checkout
    assert no_streamlit == "True"
    summary = _run(bin_ / "graphmodel", "summary", DATA, "--as-of", "2010", cwd=work)
    assert summary.returncode == 0, summary.stderr
    app = _run(bin_ / "graphmodel", "app", DATA, cwd=work)
    assert app.returncode == 1
    assert 'pip install "graphmodel[app]"' in app.stderr
    assert len(app.stderr.strip().splitlines()) == 1, app.stderr


def test_installed_app_serves_the_explorer(installed):
    bin_, wheel, work = installed
    extra = _run(bin_ / "python", "-m", "pip", "install", *PIP_QUICK, f"{wheel}[app]", cwd=work)
    assert extra.returncode == 0, extra.stderr[-2000:]
    port = free_port()
    command = [bin_ / "graphmodel", "app", DATA, "--port", port]
    with serve(command, port=port, env=_env(), cwd=work, log=work / "app.log", timeout=90) as url:
        with urllib.request.urlopen(f"{url}/", timeout=10) as r:
            assert r.status == 200 and b"<html" in r.read().lower()
        if CHROMIUM.exists():  # the page itself, drawn from the installed copy and the data
            with launch_chromium() as browser:
                page = browser.new_page()
                page.goto(url, wait_until="domcontentloaded")
                page.get_by_text("Data in use: nordic").wait_for(timeout=90_000)
                page.locator('iframe[title^="Network"]').wait_for(timeout=60_000)
