"""The command line: exit codes, the FILE:LINE: COLUMN: message lines, and byte-identical output."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import excel_dialect

from graphmodel import cli
from graphmodel.metrics import LEADING_COLUMNS, METRIC_TABLES
from graphmodel.model import to_csv_bytes

ROOT = Path(__file__).resolve().parents[1]
NORDIC = ROOT / "data" / "nordic"
EIGHT = ROOT / "tests" / "fixtures" / "eight_mistakes"


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def nordic_excel(tmp_path_factory):
    """data/nordic as a Nordic Excel saves it: ';', Windows-1252, DD.MM.YYYY, decimal comma, CRLF."""
    import graphmodel as gm

    folder = tmp_path_factory.mktemp("excel") / "nordic"  # same name: same summary heading
    folder.mkdir()
    for file, data in excel_dialect(to_csv_bytes(gm.load(NORDIC))).items():
        (folder / file).write_bytes(data)
    return folder


def test_validate_bundled_data_exits_0(capsys):
    code, _, err = run(capsys, "validate", NORDIC)
    assert code == 0
    assert "OK" in err and "actors" in err


def test_validate_reports_all_eight_mistakes_with_file_line_column(capsys):
    code, out, err = run(capsys, "validate", EIGHT)
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 8
    pattern = re.compile(r"^(actors|collaborations|memberships)\.csv:\d+: \w+: .+")
    assert all(pattern.match(line) for line in lines), lines
    where = {tuple(line.split(":")[:3]) for line in lines}
    assert where == {
        ("actors.csv", "3", " kind"), ("actors.csv", "4", " name"),
        ("actors.csv", "5", " population"), ("actors.csv", "6", " lat"),
        ("collaborations.csv", "3", " parent"), ("collaborations.csv", "4", " status"),
        ("collaborations.csv", "5", " start"), ("memberships.csv", "4", " actor"),
    }
    assert "refused, 8 problems" in err


def test_validate_missing_folder_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(capsys, "validate", tmp_path / "nope")
    assert code == 2
    assert "no such folder" in err and "Traceback" not in err


def test_summary_is_the_same_in_another_dialect(capsys, nordic_excel):
    code1, clean, _ = run(capsys, "summary", NORDIC)
    code2, excel, _ = run(capsys, "summary", nordic_excel)
    assert code1 == code2 == 0
    assert clean == excel
    assert "municipality" in clean


@pytest.mark.parametrize("table", METRIC_TABLES)
def test_metrics_tables_lead_with_the_designed_columns(capsys, table):
    code, out, _ = run(capsys, "metrics", NORDIC, "--table", table)
    assert code == 0
    header = out.splitlines()[0].split(",")
    assert header[: len(LEADING_COLUMNS[table])] == LEADING_COLUMNS[table]


@pytest.mark.parametrize("table", ["actors", "pairs", "collaboration-pairs", "councils"])
def test_metrics_are_byte_identical_across_dialects(capsys, nordic_excel, table):
    _, clean, _ = run(capsys, "metrics", NORDIC, "--table", table)
    _, excel, _ = run(capsys, "metrics", nordic_excel, "--table", table)
    assert clean == excel and len(clean.splitlines()) > 2


def test_metrics_actor_rows_sorted_and_filters_apply(capsys, tmp_path):
    out_file = tmp_path / "cw.csv"
    code, _, err = run(capsys, "metrics", NORDIC, "--table", "actors",
                       "--sector", "child_welfare", "-o", out_file)
    assert code == 0 and "wrote" in err
    t = pd.read_csv(out_file, dtype={"id": str})
    assert t["id"].tolist() == sorted(t["id"])
    selbu = t.set_index("id").loc["no-5032"]
    assert selbu["n_collaborations"] == 1  # Værnes barnevern only
    _, everything, _ = run(capsys, "metrics", NORDIC, "--table", "actors")
    assert everything != out_file.read_text(encoding="utf-8")


def test_metrics_as_of_before_everything_started(capsys):
    code, out, _ = run(capsys, "metrics", NORDIC, "--table", "pairs", "--as-of", "1900-01-01")
    assert code == 0
    # agreements with a recorded start are not yet in force in 1900; fewer pairs remain
    _, now, _ = run(capsys, "metrics", NORDIC, "--table", "pairs")
    assert len(out.splitlines()) < len(now.splitlines())


def test_metrics_bad_date_is_a_clear_error(capsys):
    code, _, err = run(capsys, "metrics", NORDIC, "--table", "pairs", "--as-of", "31.02.2020")
    assert code == 2 and "cannot read the date" in err


def test_metrics_export_neutralises_formulas(capsys, tmp_path):
    import graphmodel as gm

    m = gm.load(NORDIC)
    actors = m.actors.copy()
    actors.loc[actors["id"] == "no-5032", "name"] = '=HYPERLINK("http://x","y")'
    hostile = gm.Model(actors, m.collaborations, m.memberships, name="hostile")
    gm.save(hostile, tmp_path / "hostile")
    code, out, _ = run(capsys, "metrics", tmp_path / "hostile", "--table", "actors")
    assert code == 0
    assert "'=HYPERLINK" in out and "\n=HYPERLINK" not in out and ",=HYPERLINK" not in out


def test_cli_table_names_match_the_library():
    assert cli.METRIC_TABLES == METRIC_TABLES


def test_synth_writes_a_dataset_that_validates(capsys, tmp_path):
    out = tmp_path / "synth"
    code, _, _ = run(capsys, "synth", "--municipalities", 40, "--collaborations", 60,
                     "--seed", 3, "-o", out)
    assert code == 0
    code, _, err = run(capsys, "validate", out)
    assert code == 0, err


def test_snapshot_writes_html_and_json(capsys, tmp_path):
    html = tmp_path / "vr.html"
    code, _, err = run(capsys, "snapshot", NORDIC, "--focus", "no-5035", "--title",
                       "Værnesregionen <i>2024</i>", "--note", "Til formannskapet", "-o", html)
    assert code == 0, err
    text = html.read_text(encoding="utf-8")
    assert "Værnesregionen &lt;i&gt;2024&lt;/i&gt;" in text and "Til formannskapet" in text
    spec = tmp_path / "vr.json"
    assert run(capsys, "snapshot", NORDIC, "--focus", "no-5035", "-o", spec)[0] == 0
    code, _, err = run(capsys, "snapshot", NORDIC, "--spec", spec, "-o", tmp_path / "again.html")
    assert code == 0, err


def test_snapshot_unknown_focus_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(capsys, "snapshot", NORDIC, "--focus", "no-9999", "-o", tmp_path / "x.html")
    assert code == 2 and "no-9999" in err and "Traceback" not in err


def test_console_script_runs_as_a_process():
    result = subprocess.run(
        [sys.executable, "-m", "graphmodel.cli", "validate", str(NORDIC)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
