"""The "Why these partners?" page, run headless with AppTest in English and Norwegian."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

import graphmodel as gm
from graphmodel.analysis.dyads import driver_sentences, dyad_model
from graphmodel.i18n import use_language

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
DATA = ROOT / "data" / "nordic"


@pytest.fixture(autouse=True)
def _own_workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHMODEL_WORKSPACE", str(tmp_path / "workspace"))


def run(query=None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    if query:
        at.query_params.update(query)
    at.run()
    at.switch_page("graphmodel/explorer/pages/partners.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "nb"])
def test_page_shows_the_odds_ratios_in_words(lang):
    at = run({"lang": lang})
    with use_language(lang):
        fitted = dyad_model(gm.load(DATA), permutations=199, seed=42)
        expected = driver_sentences(fitted.drivers)
        title = "Why these partners?" if lang == "en" else None
    markdown = [str(m.value) for m in at.markdown]
    # every sentence is on the page (escaped for Markdown: compare without backslashes)
    plain = [m.replace("\\", "") for m in markdown]
    for sentence in expected:
        assert "- " + sentence in plain
    assert len(at.get("vega_lite_chart")) == 1
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == 15
    if title:
        assert at.title[0].value == title
    captions = " ".join(str(c.value) for c in at.caption).replace("\\", "")
    assert fitted.notes[0] in captions


@pytest.mark.slow
def test_profile_names_the_expected_but_missing_partners():
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params.update({"actor": "no-5032"})
    at.run()
    at.switch_page("graphmodel/explorer/pages/profile.py").run()
    assert not at.exception, [e.value for e in at.exception]
    fitted = dyad_model(gm.load(DATA), permutations=0)
    pairs = fitted.pairs
    mine = pairs[((pairs["a"] == "no-5032") | (pairs["b"] == "no-5032")) & (pairs["tie"] == 0)
                 & (pairs["probability"] >= 0.2)].nlargest(5, "probability")
    table = next(d.value for d in at.dataframe if "partner" in d.value.columns)
    names = dict(zip(gm.load(DATA).actors["id"], gm.load(DATA).actors["name"], strict=True))
    expected = [names[b if a == "no-5032" else a] for a, b in zip(mine["a"], mine["b"],
                                                                  strict=True)]
    assert table["partner"].tolist() == expected and len(expected) >= 1
    assert (table["probability"] >= 0.2).all()
