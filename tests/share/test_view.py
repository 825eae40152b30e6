"""The View spec as untrusted input: any bytes, JSON or query string ends in a View or SpecError.

Issue 10 (hostile input) and issue 14 (``lang``; one picture per view).
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from graphmodel.drawing.network import view_graph
from graphmodel.errors import SpecError
from graphmodel.share.snapshot import snapshot_html
from graphmodel.share.view import DEFAULT_DEPTH, DEFAULT_KINDS, View, read_view

ROOT = Path(__file__).resolve().parents[2]
NORDIC = ROOT / "data" / "nordic"
BOUNDED = settings(max_examples=200, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------- reproducers


@pytest.mark.parametrize("data, match", [
    (b'{"schema_version": ' + b"9" * 5000 + b"}", "5,000 digits long"),
    (b"[" * 100_000 + b"]" * 100_000, "nested more than 20 levels"),
    (b'{"schema_version": 1, "filters": ' + b'{"a":' * 50 + b"1" + b"}" * 51, "nested"),
    (b'{"schema_version": 1, "depth": 2.0}', "depth must be the whole number 1 or 2"),
    (b'{"schema_version": 1, "depth": true}', "depth must be the whole number 1 or 2"),
    (b'{"schema_version": 1, "depth": 1e400}', "depth must be"),
    (pickle.dumps({"schema_version": 1}), "pickle"),
    ('{"schema_version": 1, "title": "Tromsø"}'.encode("latin-1"), "not UTF-8"),
    (b'{"schema_version": 1, "title": "\\ud800"}', "lone surrogate"),
    (b'{"schema_version": 1, "as_of": NaN}', "NaN"),
    (b'{"schema_version": 1, "colour": "kind"}', "unknown field 'colour'"),
    (b'{"schema_version": 1, "title": "' + b"x" * 201 + b'"}', "title is 201 characters"),
    (b'{"schema_version": 1, "note": "' + b"x" * 5001 + b'"}', "note is 5,001 characters"),
    (b'{"schema_version": 1, "focus": ["' + b"x" * 201 + b'"]}', "201 characters"),
    (b'{"schema_version": 1, "focus": ' + json.dumps(["x"] * 501).encode() + b"}", "501"),
    (b'{"schema_version": 1, "lang": "de"}', "unknown lang 'de'"),
    (b'{"schema_version": 1, "lang": ["nb"]}', "unknown lang"),
    (b'{"schema_version": 1, "view": {"a": 1}}', "unknown view"),
    (b'{"schema_version": 1, "as_of": 2024}', "as_of must be a date"),
    (b'{"schema_version": 1, "filters": {"kinds": [["service"]]}}', "text only"),
    (b"\x00\x01\x02", "not valid JSON"),
    (b"", "not valid JSON"),
    (b'"just a string"', "must be a JSON object"),
])
def test_hostile_view_files_end_in_spec_error(data, match):
    with pytest.raises(SpecError, match=match):
        View.from_json(data)


def test_utf16_with_a_byte_order_mark_is_decoded():
    """What Windows Notepad may save: decoded, not refused (documented in from_json)."""
    text = '{"schema_version": 1, "title": "Tromsø"}'
    assert View.from_json(text.encode("utf-16")).title == "Tromsø"


def test_read_view_refuses_big_and_binary_files(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 1_000_001)
    with pytest.raises(SpecError, match="big.json is 1,000,001 bytes"):
        read_view(big)
    pick = tmp_path / "v.json"
    pick.write_bytes(pickle.dumps({"a": 1}))
    with pytest.raises(SpecError, match="v.json: this is a Python pickle"):
        read_view(pick)
    with pytest.raises(SpecError, match="cannot read the view file"):
        read_view(tmp_path / "missing.json")


@pytest.mark.parametrize("params, match", [
    ({"v": "\u00b2"}, "version number"),
    ({"v": "9" * 5000}, "version number"),
    ({"v": "2"}, "unknown schema_version 2"),
    ({"v": "1", "depth": "2.0"}, "'depth' must be 1 or 2"),
    ({"v": "1", "title": "\udc80"}, "lone surrogate"),
    ({"v": "1", "lang": "xx"}, "unknown lang 'xx'"),
    ({"v": "1", "title": "x" * 300}, "title is 300 characters"),
    ({"v": "1", "focus": 5}, "must be text"),
    ({"v": "1", "kinds": "agreement"}, "unknown value 'agreement'"),
    ({"v": "1", "color_by": "x" * 10_000}, "unknown color_by"),
])
def test_hostile_query_params_end_in_spec_error(params, match):
    with pytest.raises(SpecError, match=match):
        View.from_query_params(params)


def test_query_params_must_be_a_mapping():
    with pytest.raises(SpecError, match="must be a mapping"):
        View.from_query_params(["v", "1"])


# --------------------------------------------------------------------------- properties

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=4),
    max_leaves=20)
_fields = st.sampled_from(["schema_version", "dataset", "data_hash", "as_of", "view",
                           "filters", "focus", "depth", "color_by", "size_by", "title",
                           "note", "lang", "kinds", "x"])
_views = st.dictionaries(_fields, _json | st.sampled_from(
    [1, 2, "nb", "sv", "actors", "sector", "2024-01-01", ["a"], {"kinds": ["service"]}]),
    max_size=6)


def _view_or_spec_error(make):
    try:
        view = make()
    except SpecError as err:
        assert str(err) and "\n" not in str(err)
        return None
    assert isinstance(view, View)
    assert View.from_json(view.to_json()) == view  # what is accepted round-trips
    return view


@BOUNDED
@given(_json | _views)
def test_any_json_value_gives_a_view_or_spec_error(value):
    _view_or_spec_error(lambda: View.from_json(json.dumps(value)))


@BOUNDED
@given(st.binary(max_size=200) | _views.map(lambda v: json.dumps(v).encode("utf-8")))
def test_any_bytes_give_a_view_or_spec_error(data):
    _view_or_spec_error(lambda: View.from_json(data))


_odd_text = st.text(st.characters(codec=None, categories=None), max_size=20)
_params = st.dictionaries(
    st.sampled_from(["v", "dataset", "as_of", "view", "focus", "depth", "color_by", "title",
                     "note", "lang", "kinds", "status", "sectors", "councils"]) | _odd_text,
    _odd_text | st.sampled_from(["1", "2", "*", "nb", "actors", "service,network"])
    | st.lists(_odd_text, max_size=3) | st.integers() | st.none(),
    max_size=6)


@BOUNDED
@given(_params)
def test_any_query_params_give_a_view_or_spec_error(params):
    _view_or_spec_error(lambda: View.from_query_params(params))


# --------------------------------------------------------------------------- lang


def test_lang_is_recorded_only_when_not_english():
    assert "lang" not in json.loads(View().to_json())  # default views: byte-identical JSON
    v = View(lang="sv", focus=("a",))
    assert json.loads(v.to_json())["lang"] == "sv"
    assert View.from_json(v.to_json()) == v
    assert v.to_query_params()["lang"] == "sv" and "lang" not in View().to_query_params()
    assert View.from_query_params(v.to_query_params()) == v


def test_a_surrogate_never_reaches_a_snapshot():
    """A lone surrogate in a title or note is refused when the View is made (so
    ``snapshot_html`` and ``write_snapshot`` never meet one; the data cannot hold one:
    pandas' string columns refuse it when the model is built)."""
    for field in ("title", "note", "dataset"):
        with pytest.raises(SpecError, match="lone surrogate"):
            View(**{field: "Tromsø \udc80"})
    with pytest.raises(SpecError, match="lone surrogate"):
        View(focus=("a\ud800",))


# --------------------------------------------------------------------------- one picture


def test_unset_kinds_mean_the_default_kinds_everywhere():
    v = View(focus=("a",), depth=2)
    assert v.filters["kinds"] is None  # the file stays as it was
    assert v.view_graph_kwargs()["kinds"] == DEFAULT_KINDS == ("service",)
    assert DEFAULT_DEPTH == {"bipartite": 2, "actors": 1}


def test_view_json_draws_the_same_nodes_as_the_cli_snapshot(tmp_path):
    """The CLI's snapshot of a focus, its JSON, and view_graph on that JSON: one picture."""
    if not (NORDIC / "actors.csv").exists():
        pytest.skip("data/nordic is not there")
    from graphmodel.cli import main
    from graphmodel.data.load import load

    m = load(NORDIC)
    spec = tmp_path / "selbu.json"
    assert main(["snapshot", str(NORDIC), "--focus", "no-5032", "--lang", "nb",
                 "-o", str(spec)]) == 0
    view = read_view(spec)
    assert view.lang == "nb" and view.depth == 2 and view.focus == ("no-5032",)
    drawn = set(view_graph(m, **view.view_graph_kwargs()).nodes["id"])
    # the HTML the CLI writes for the same options carries the same nodes
    page_path = tmp_path / "selbu.html"
    assert main(["snapshot", str(NORDIC), "--focus", "no-5032", "--lang", "nb",
                 "-o", str(page_path)]) == 0
    page = page_path.read_text(encoding="utf-8")
    data = json.loads(page.split("var GM_DATA = ", 1)[1].split(";\nvar GM_ELEMENT", 1)[0])
    assert {n["id"] for n in data["nodes"]} == drawn
    # service agreements only (the app's default), and the municipality's partners
    kinds = dict(zip(m.collaborations["id"], m.collaborations["kind"]))
    assert {kinds[i] for i in drawn if i in kinds} == {"service"}
    assert "no-5035" in drawn  # Stjørdal, a partner two steps out
    assert snapshot_html(m, view, made_at="2026-11-29 10:00").count('"no-5032"') >= 1


@pytest.mark.parametrize("lang, words", [
    ("nb", "depth må være heltallet 1 eller 2, ikke 3"),
    ("sv", "depth måste vara heltalet 1 eller 2, inte 3"),
    ("en", "depth must be the whole number 1 or 2, not 3"),
])
def test_view_errors_speak_the_language_in_use(lang, words):
    from graphmodel.i18n import use_language

    with use_language(lang), pytest.raises(SpecError) as err:
        View(depth=3)
    assert str(err.value) == words
    with use_language(lang), pytest.raises(SpecError) as err:
        View.from_json(b"x" * 1_000_001)
    assert ("1 000 001" if lang != "en" else "1,000,001") in str(err.value).replace("\xa0", " ")
