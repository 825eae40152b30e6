"""``graphmodel export DATA -o FILE``: .xlsx round trip, formula-safe cells, GEXF, GraphML, zip."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from conftest import tiny_files, write_dataset

import graphmodel as gm
from graphmodel import cli
from graphmodel.analysis.metrics import DYAD_TABLES, METRIC_TABLES
from graphmodel.data.model import to_csv_bytes

ROOT = Path(__file__).resolve().parents[2]
NORDIC = ROOT / "data" / "nordic"
HOSTILE = '=HYPERLINK("http://x","y")'

openpyxl = pytest.importorskip("openpyxl")


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def without_dataset_line(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("Dataset:")]


@pytest.fixture
def hostile_folder(tmp_path) -> Path:
    """The tiny dataset with actor a named like a spreadsheet formula."""
    model = gm.load(tiny_files())
    actors = model.actors.copy()
    actors.loc[actors["id"] == "a", "name"] = HOSTILE
    model = gm.Model.from_frames(actors, model.collaborations, model.memberships)
    folder = tmp_path / "hostile"
    folder.mkdir()
    for file, data in to_csv_bytes(model).items():
        (folder / file).write_bytes(data)
    return folder


def test_xlsx_round_trip_validates_and_summarises_like_the_folder(capsys, tmp_path):
    book = tmp_path / "n.xlsx"
    code, out, err = run(capsys, "export", NORDIC, "-o", book)
    assert code == 0 and out == "" and book.is_file(), err
    code, _, err = run(capsys, "validate", book)
    assert code == 0, err
    m = gm.load(NORDIC)
    assert f"{len(m.actors)} actors, {len(m.collaborations)} collaborations, " \
           f"{len(m.memberships)} memberships" in err
    _, folder_summary, _ = run(capsys, "summary", NORDIC)
    code, book_summary, _ = run(capsys, "summary", book)
    assert code == 0
    assert without_dataset_line(book_summary) == without_dataset_line(folder_summary)
    assert len(without_dataset_line(book_summary)) >= 5
    assert gm.load(book).content_hash() == gm.load(NORDIC).content_hash()


def test_a_hostile_name_is_a_text_cell(capsys, tmp_path, hostile_folder):
    book = tmp_path / "h.xlsx"
    assert run(capsys, "export", hostile_folder, "-o", book)[0] == 0
    sheet = openpyxl.load_workbook(book)["actors"]
    header = [c.value for c in sheet[1]]
    names = {row[0].value: row[header.index("name")] for row in sheet.iter_rows(min_row=2)}
    cell = names["a"]
    # a text cell, never a formula; Excel's quote-prefix mark keeps it text when edited.
    # The value itself is kept unchanged (no "'" as the CSV exports add), so the workbook
    # loads back as the same data.
    assert cell.data_type == "s"
    assert cell.value == HOSTILE
    assert cell.quotePrefix is True
    assert names["b"].data_type == "s" and not names["b"].quotePrefix
    assert gm.load(book).actors.set_index("id").loc["a", "name"] == HOSTILE


def test_xlsx_with_metrics_has_every_table_as_a_sheet(capsys, tmp_path, hostile_folder):
    book = tmp_path / "m.xlsx"
    code, _, err = run(capsys, "export", hostile_folder, "-o", book, "--metrics")
    assert code == 0, err
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["actors", "collaborations", "memberships",
                             *(f"metrics {t}" for t in METRIC_TABLES if t not in DYAD_TABLES)]
    actors = wb["metrics actors"]
    header = [c.value for c in actors[1]]
    expected = gm.metrics_table(gm.load(hostile_folder), "actors")
    assert header == [str(c) for c in expected.columns]
    rows = {r[0].value: r for r in actors.iter_rows(min_row=2)}
    assert sorted(rows) == sorted(expected["id"])
    name = rows["a"][header.index("name")]
    assert (name.value, name.data_type) == (HOSTILE, "s")
    n = rows["a"][header.index("n_collaborations")]
    want = expected.set_index("id").loc["a", "n_collaborations"]
    assert n.data_type == "n" and n.value == want  # numbers stay numbers
    assert run(capsys, "validate", book)[0] == 0  # the metric sheets do not disturb loading


def test_metrics_sheets_follow_the_filters(capsys, tmp_path):
    book = tmp_path / "m.xlsx"
    code, _, err = run(capsys, "export", NORDIC, "-o", book, "--metrics", "--as-of", "2005",
                       "--sector", "child_welfare")
    assert code == 0, err
    wb = openpyxl.load_workbook(book, read_only=True)
    got = [r for r in wb["metrics pairs"].iter_rows(min_row=2, values_only=True)]
    want = gm.metrics_table(gm.load(NORDIC), "pairs", as_of="2005",
                            sectors=("child_welfare",))
    assert len(got) == len(want)
    n_actors = len(gm.load(NORDIC).actors)
    assert len(list(wb["actors"].iter_rows(min_row=2))) == n_actors  # the data stays whole


def test_gexf_has_one_node_per_actor_and_collaboration(capsys, tmp_path):
    out = tmp_path / "n.gexf"
    assert run(capsys, "export", NORDIC, "-o", out)[0] == 0
    g = nx.read_gexf(out)
    model = gm.load(NORDIC)
    assert g.number_of_nodes() == len(model.actors) + len(model.collaborations)
    assert set(g.nodes) == set(model.actors["id"]) | set(model.collaborations["id"])
    actor = model.actors.iloc[0]
    assert g.nodes[actor["id"]]["label"] == actor["name"]


def test_graphml_follows_the_filters(capsys, tmp_path):
    out = tmp_path / "n.graphml"
    assert run(capsys, "export", NORDIC, "-o", out, "--sector", "child_welfare")[0] == 0
    g = nx.read_graphml(out)
    model = gm.load(NORDIC)
    layers = {d["layer"] for _, d in g.nodes(data=True)}
    assert layers == {"actor", "collaboration"}
    collabs = {n for n, d in g.nodes(data=True) if d["layer"] == "collaboration"}
    sector = model.collaborations.set_index("id")["sector"]
    assert collabs and {sector[c] for c in collabs} == {"child_welfare"}


def test_zip_holds_the_canonical_files_byte_for_byte(capsys, tmp_path):
    out = tmp_path / "n.zip"
    assert run(capsys, "export", NORDIC, "-o", out)[0] == 0
    with zipfile.ZipFile(out) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    assert files == to_csv_bytes(gm.load(NORDIC))
    assert run(capsys, "validate", out)[0] == 0
    again = tmp_path / "again.zip"
    run(capsys, "export", NORDIC, "-o", again)
    assert again.read_bytes() == out.read_bytes()  # same data, same bytes


@pytest.mark.parametrize(("argv", "message"), [
    (["-o", "n.csv"], "cannot export to '.csv'"),
    (["-o", "n"], "without a suffix"),
    (["-o", "n.zip", "--sector", "fire"], "--sector would not narrow it"),
    (["-o", "n.xlsx", "--as-of", "2010"], "--as-of would not narrow it"),
    (["-o", "n.gexf", "--metrics"], "--metrics adds the metric tables to an .xlsx"),
])
def test_refusals_are_one_line(capsys, tmp_path, argv, message):
    argv = [str(tmp_path / a) if a.startswith("n") else a for a in argv]
    code, out, err = run(capsys, "export", NORDIC, *argv)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and message in err


def test_bad_data_lists_its_problems(capsys, tmp_path):
    folder = write_dataset(tmp_path / "bad", memberships="actor,collaboration\nzz,c\n")
    code, _, err = run(capsys, "export", folder, "-o", tmp_path / "x.xlsx")
    assert code == 1
    assert "memberships.csv:2: actor:" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_a_workspace_id_as_data(capsys, tmp_path):
    ws = gm.open_workspace(tmp_path / "W")
    v = ws.add_dataset(gm.load(NORDIC), "Nordic")
    out = tmp_path / "w.zip"
    code, _, err = run(capsys, "export", v.dataset_id, "--workspace", tmp_path / "W", "-o", out)
    assert code == 0, err
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as zf:
        assert {n: zf.read(n) for n in zf.namelist()} == to_csv_bytes(gm.load(NORDIC))
    code, _, err = run(capsys, "export", "Z" * 16, "--workspace", tmp_path / "W", "-o", out)
    assert code == 1 and "no dataset or version" in err


def test_help_has_examples(capsys):
    code, out, _ = run(capsys, "export", "--help")
    assert code == 0 and "Example:" in out and "graphmodel export data/nordic -o" in out
