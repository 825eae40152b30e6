"""The Data page: uploads (CSV, zip, xlsx) as datasets and versions, edits, downloads, and text
from data shown as text."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

import graphmodel as gm
from graphmodel.explorer.page_tables import (
    check_files,
    csv_bytes,
    edited_files,
    problem_table,
    readable,
    text_tables,
)
from graphmodel.workspace.store import Workspace

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
DATA = ROOT / "data" / "nordic"

FOLLO = {
    "actors.csv": "id;name;kind\nx-1;Ås;municipality\nx-2;Ski;municipality\n",
    "collaborations.csv": "id;name;kind;sector\nc-1;Felles IKT;service;ict\n",
    "memberships.csv": "actor;collaboration\nx-1;c-1\nx-2;c-1\n",
}
HOSTILE = [
    "![q](http://127.0.0.1:8999/x.png)",
    "<img src=x onerror=alert(1)>",
    "[a](javascript:alert(1))",
    "**b**",
    '=HYPERLINK("http://x")',
]


@pytest.fixture
def ws_folder(tmp_path, monkeypatch):
    """Each test on a workspace of its own (never the user's)."""
    folder = tmp_path / "ws"
    monkeypatch.setenv("GRAPHMODEL_WORKSPACE", str(folder))
    return folder


def zipped(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return buf.getvalue()


def data_page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page("graphmodel/explorer/pages/data.py").run()
    no_exception(at)
    return at


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def uploader(at: AppTest):
    boxes = [u for u in at.file_uploader if u.key and u.key.startswith("upload")]
    assert len(boxes) == 1
    return boxes[0]


def hostile_files() -> dict[str, str]:
    rows = "\n".join(f'h-{i},"{name.replace(chr(34), chr(34) * 2)}",municipality'
                     for i, name in enumerate(HOSTILE))
    members = "\n".join(f"h-{i},s-1" for i in range(len(HOSTILE)))
    return {
        "actors.csv": "id,name,kind\n" + rows + "\n",
        "collaborations.csv": "id,name,kind,sector\n"
                              f's-1,"{HOSTILE[2]}",service,"{HOSTILE[0]}"\n',
        "memberships.csv": "actor,collaboration\n" + members + "\n",
    }


# --------------------------------------------------------------------------- uploads

def test_a_zip_becomes_a_new_dataset_and_the_box_is_emptied(ws_folder):
    at = data_page()
    assert uploader(at).key == "upload"
    at.text_input(key="upload_note").input("from the county")
    uploader(at).set_value(("follo.zip", zipped(FOLLO), "application/zip"))
    at.run()
    no_exception(at)
    assert any("follo" in s.value for s in at.success)
    assert uploader(at).key != "upload"  # a fresh, empty upload box
    version = Workspace(ws_folder).version(at.query_params["data"])
    assert (version.dataset_name, version.note, version.n_actors) == ("follo", "from the county",
                                                                      2)


def test_a_second_upload_replaces_the_first(ws_folder):
    at = data_page()
    uploader(at).set_value(("follo.zip", zipped(FOLLO), "application/zip"))
    at.run()
    no_exception(at)
    three = dict(FOLLO, **{"actors.csv": FOLLO["actors.csv"] + "x-3;Vestby;municipality\n"})
    uploader(at).set_value([(name, text.encode(), "text/csv") for name, text in three.items()])
    at.run()
    no_exception(at)
    assert not at.error, [e.value for e in at.error]  # never "actors.csv was given twice"
    assert Workspace(ws_folder).version(at.query_params["data"]).n_actors == 3


def test_a_corrected_file_replaces_the_one_of_the_same_name(ws_folder):
    at = data_page()
    bad = dict(FOLLO, **{"actors.csv": "id;name;kind\nx-1;Ås;town\nx-2;Ski;municipality\n"})
    uploader(at).set_value([(n, t.encode(), "text/csv") for n, t in bad.items()])
    at.run()
    no_exception(at)
    assert at.error and "has not changed" in at.error[0].value
    box = uploader(at)
    box.set_value([*[(n, t.encode(), "text/csv") for n, t in bad.items()],
                   ("actors.csv", FOLLO["actors.csv"].encode(), "text/csv")])
    at.run()
    no_exception(at)
    assert any("upload" in s.value for s in at.success), [e.value for e in at.error]


def test_a_workbook_uploads_and_a_bad_one_keeps_the_data(ws_folder):
    from graphmodel.data.export import to_xlsx

    model = gm.load({k: v for k, v in FOLLO.items()}, name="follo")
    at = data_page()
    before = at.query_params.get("data")
    uploader(at).set_value(("broken.xlsx", b"PK\x03\x04 not a workbook", "application/zip"))
    at.run()
    no_exception(at)
    assert at.error and "has not changed" in at.error[0].value
    assert at.query_params.get("data") == before
    uploader(at).set_value(("follo.xlsx", to_xlsx(model), "application/octet-stream"))
    at.run()
    no_exception(at)
    version = Workspace(ws_folder).version(at.query_params["data"])
    assert version.content_hash == model.content_hash()


def test_an_upload_as_a_new_version_keeps_the_old_one(ws_folder):
    at = data_page()
    uploader(at).set_value(("follo.zip", zipped(FOLLO), "application/zip"))
    at.run()
    first = at.query_params["data"]
    at.radio(key="upload_as").set_value("new_version")
    more = dict(FOLLO, **{"actors.csv": FOLLO["actors.csv"] + "x-3;Vestby;municipality\n"})
    uploader(at).set_value(("follo2.zip", zipped(more), "application/zip"))
    at.run()
    no_exception(at)
    ws = Workspace(ws_folder)
    second = ws.version(at.query_params["data"])
    assert second.id != first and second.number == 2 and second.parent_version == first
    assert ws.load_version(first).actors["id"].tolist() == ["x-1", "x-2"]
    versions = next(d.value for d in at.dataframe if "number" in d.value.columns)
    assert sorted(versions["number"]) == [1, 2]


# --------------------------------------------------------------------------- problem table

def test_problem_table_is_translated_blank_and_escaped():
    problems = gm.problems_frame([
        gm.Problem("actors.csv", None, "", "", "a whole-file problem"),
        gm.Problem("actors.csv", 3, "name", HOSTILE[0], "check [this](http://x)"),
    ])
    from graphmodel.i18n import use_language

    with use_language("nb"):
        shown = problem_table(problems)
    assert {"Fil", "Linje", "Kolonne", "Verdi", "Hva du gjør"} <= set(shown.columns)
    assert shown.iloc[0, 0] == "Feil"  # the severity, translated
    assert shown.iloc[0]["Linje"] == "" and "None" not in shown.to_string()
    for cell in shown.to_numpy().ravel():
        assert "](" not in cell and "![" not in cell


# --------------------------------------------------------------------------- editing

def test_an_edit_is_checked_by_the_loader_rules_and_saved_as_a_new_version(tmp_path):
    model = gm.load(DATA)
    tables = text_tables(model)
    assert check_files(edited_files(tables), "nordic")["model"].content_hash() == \
        model.content_hash()  # unchanged text gives the same data

    broken = {k: v.copy() for k, v in tables.items()}
    broken["actors.csv"].loc[0, "kind"] = "town"
    broken["memberships.csv"].loc[len(broken["memberships.csv"])] = ["nobody", "vr-ppt"] + [""] * (
        len(broken["memberships.csv"].columns) - 2)
    result = check_files(edited_files(broken), "nordic")
    assert "model" not in result
    rows = {(r.file, r.line, r.column) for r in result["problems"].itertuples()}
    assert ("actors.csv", 2, "kind") in rows
    assert any(f == "memberships.csv" and c == "actor" for f, _, c in rows)

    fixed = {k: v.copy() for k, v in tables.items()}
    fixed["actors.csv"].loc[0, "name"] = 'Ny "navn", med\nlinjeskift'
    result = check_files(edited_files(fixed), "nordic")
    new = result["model"]
    assert new.actors.loc[0, "name"] == 'Ny "navn", med\nlinjeskift'
    ws = Workspace(tmp_path / "ws")
    old = ws.add_dataset(model, "nordic")
    saved = ws.add_version(old.dataset_id, new, "renamed")
    assert saved.id != old.id and saved.number == 2
    assert ws.load_version(old.id).content_hash() == model.content_hash()  # never overwritten


def test_csv_bytes_drops_empty_rows_and_keeps_awkward_cells():
    frame = pd.DataFrame({"id": ["a", None], "name": ["x\ry, \"z\"", None]})
    data = csv_bytes(frame)
    assert data.count(b"\n") == 2
    back = pd.read_csv(io.BytesIO(data), dtype=str)
    assert back.loc[0, "name"] == "x\ry, \"z\""


def test_readable_adds_names_and_rounds(tmp_path):
    model = gm.load(DATA)
    actors = readable(model, gm.metrics_table(model, "actors"))
    assert "home_council_name" in actors.columns
    i = actors.columns.get_loc("home_council")
    assert actors.columns[i + 1] == "home_council_name"
    names = model.names()
    row = actors[actors["home_council"].fillna("") != ""].iloc[0]
    assert row["home_council_name"] == names[row["home_council"]]
    frag = actors["fragmentation"].dropna()
    assert (frag.round(6) == frag).all()
    assert "id_name" not in actors.columns  # the id has its name already


# --------------------------------------------------------------------------- text is text

UNSAFE = [re.compile(r"!\["), re.compile(r"\]\("), re.compile(r"<img", re.IGNORECASE),
          re.compile(r"<a\s", re.IGNORECASE)]


def shown_text(at: AppTest) -> list[str]:
    texts = []
    for kind in ("markdown", "caption", "success", "info", "warning", "error", "title",
                 "subheader", "header"):
        texts += [str(e.value) for e in getattr(at, kind)]
    for table in at.table:
        texts += [str(v) for v in table.value.to_numpy().ravel()]
        texts += [str(c) for c in table.value.columns]
    return texts


def assert_no_markup_from_data(at: AppTest) -> None:
    for text in shown_text(at):
        bare = re.sub(r"\\.", "", text)  # what Markdown reads as syntax once escapes are gone
        for pattern in UNSAFE:
            assert not pattern.search(bare), text


def test_hostile_dataset_uploaded_through_the_data_page_stays_text(ws_folder):
    files = hostile_files()
    model = gm.load(files)  # a valid dataset, names and all
    assert set(model.actors["name"]) == set(HOSTILE)
    at = data_page()
    uploader(at).set_value(("evil.zip", zipped(files), "application/zip"))
    at.run()
    no_exception(at)
    assert at.success, [e.value for e in at.error]
    assert_no_markup_from_data(at)
    for page, focus in (("network", "h-0"), ("network", "s-1"), ("share", "h-1")):
        at.query_params["focus"] = focus
        at.session_state["focus"] = focus
        at.switch_page(f"graphmodel/explorer/pages/{page}.py").run()
        no_exception(at)
        assert_no_markup_from_data(at)
    at.switch_page("graphmodel/explorer/pages/network.py").run()
    assert "h-0" in at.get("iframe")[0].proto.srcdoc or at.info or at.warning
