"""The package stays light: importing graphmodel never pulls in streamlit."""

from __future__ import annotations

import subprocess
import sys

import pytest


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)


def test_import_graphmodel_does_not_import_streamlit():
    result = run(
        "import sys, graphmodel as gm\n"
        "gm.load, gm.save, gm.summary, gm.summary_counts, gm.Model, gm.ValidationError\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'pyvis'))\n"
        "print(','.join(bad))\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_check_would_see_streamlit():
    """The test above can fail: importing streamlit does show in sys.modules."""
    pytest.importorskip("streamlit")
    result = run("import sys, streamlit; print('streamlit' in sys.modules)")
    assert result.stdout.strip() == "True", result.stderr


def test_public_function_survives_submodule_import():
    result = run(
        "import types, graphmodel.data.load, graphmodel.data.summary, graphmodel.data.select, graphmodel as gm\n"
        "assert not isinstance(gm.load, types.ModuleType), gm.load\n"
        "assert not isinstance(gm.summary, types.ModuleType), gm.summary\n"
        "assert not isinstance(gm.select, types.ModuleType), gm.select\n"
        "import graphmodel.drawing\n"
        "missing = [n for n in gm.__all__ if n != '__version__' and not hasattr(gm, n)]\n"
        "assert not missing, missing\n"
    )
    assert result.returncode == 0, result.stderr
