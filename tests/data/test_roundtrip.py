"""Nothing lost on save: load, save, reload gives equal records, whatever the cells hold."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from conftest import tiny_files
from hypothesis import HealthCheck, given, settings, strategies as st

from graphmodel.data.load import load, save
from graphmodel.data.model import Model, to_csv_bytes

A, C, M = "actors.csv", "collaborations.csv", "memberships.csv"

# any valid text except NUL (refused as binary) and lone surrogates (not text)
_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_NASTY = st.sampled_from(["\r", "\n", "\r\n", ",", ";", "\t", '"', " ", "\u00a0", "\u2028",
                          "\x85", "\x1c", "sep=;", "=", "'", "\ufeff"])
CELL = st.lists(st.one_of(_NASTY, st.text(_CHARS, max_size=6)), max_size=5).map("".join)


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _records(model: Model) -> dict[str, list]:
    return {t: getattr(model, t).astype(object).where(getattr(model, t).notna(), None)
            .to_numpy().tolist() for t in ("actors", "collaborations", "memberships")}


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(CELL, min_size=2, max_size=4), notes=st.lists(CELL, min_size=1,
       max_size=3), extra_name=CELL)
def test_load_save_reload_gives_equal_records(names, notes, extra_name, tmp_path_factory):
    extra = "x_" + extra_name.strip().replace("\x00", "")
    actors = [["id", "name", "kind", extra]] + [
        [f"a{i}", "N" + name, "municipality", note]
        for i, (name, note) in enumerate(zip(names, notes * len(names)))]
    collabs = [["id", "name", "kind", "notes"], ["c", "C" + notes[0], "service", names[0]]]
    members = [["actor", "collaboration"]] + [[f"a{i}", "c"] for i in range(len(names))]
    source = {A: _csv(actors), C: _csv(collabs), M: _csv(members)}
    try:
        first = load(source)
    except Exception as err:  # noqa: BLE001 - a refusal here would be a loader bug
        pytest.fail(f"the generated table was refused: {err}")
    folder = save(first, tmp_path_factory.mktemp("saved") / "copy")
    again = load(folder)
    assert _records(again) == _records(first)
    assert list(again.actors.columns) == list(first.actors.columns)
    assert to_csv_bytes(again) == to_csv_bytes(first)


@pytest.mark.parametrize("value", ["x\ry", "x\ny", "x\r\ny", 'say "hi"', "a,b", "a;b",
                                   "tab\there", "\u2028", "end\r"])
def test_cells_that_need_quotes_survive_save(value, tmp_path):
    m = Model.from_frames(
        pd.DataFrame({"id": ["a", "b"], "name": [f"A{value}B", "B"], "kind": "municipality",
                      "note": [f"n{value}n", ""]}),
        pd.DataFrame({"id": ["c"], "name": ["C"], "kind": "service"}),
        pd.DataFrame({"actor": ["a", "b"], "collaboration": ["c", "c"]}))
    back = load(save(m, tmp_path / "out"))
    assert back.actors["name"].tolist() == [f"A{value}B", "B"]
    assert back.actors["note"].tolist() == [f"n{value}n", ""]


def test_a_bare_carriage_return_is_quoted_when_saved():
    files = dict(tiny_files())
    files[A] = files[A].replace("Aby", '"A\rby"')
    m = load(files)
    text = to_csv_bytes(m)[A].decode()
    assert '"A\rby"' in text
    assert load({**to_csv_bytes(m)}).actors.loc[0, "name"] == "A\rby"


def test_edge_spaces_are_quoted_so_other_readers_keep_them():
    m = Model.from_frames(
        pd.DataFrame({"id": ["a"], "name": [" lead"], "kind": "municipality"}),
        pd.DataFrame({"id": ["c"], "name": ["trail "], "kind": "service"}),
        pd.DataFrame({"actor": ["a"], "collaboration": ["c"]}))
    files = to_csv_bytes(m)
    assert '" lead"' in files[A].decode() and '"trail "' in files[C].decode()


def test_header_names_with_another_delimiter_keep_the_comma_sniffed(tmp_path):
    m = Model.from_frames(
        pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "kind": "municipality",
                      "x;y;z;w;v;u;t;s;r;q;p;o": ["1", "2"]}),
        pd.DataFrame({"id": ["c"], "name": ["C"], "kind": "service"}),
        pd.DataFrame({"actor": ["a", "b"], "collaboration": ["c", "c"]}))
    back = load(save(m, tmp_path / "out"))
    assert back.actors["x;y;z;w;v;u;t;s;r;q;p;o"].tolist() == ["1", "2"]


def test_the_canonical_bytes_of_ordinary_data_are_unchanged(tiny_model):
    text = to_csv_bytes(tiny_model)[A].decode()
    assert text.splitlines()[1] == "a,Aby,municipality,NO,East,0101,1000,59.1,10.1,"
    assert '"' not in text
