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
from graphmodel.analysis.metrics import LEADING_COLUMNS, METRIC_TABLES
from graphmodel.data.model import to_csv_bytes

ROOT = Path(__file__).resolve().parents[2]
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
    assert code == 1  # a GraphModelError: exit 1 (2 is kept for a wrong command line)
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


def test_cli_table_names_come_from_the_library():
    metrics = next(a for a in cli.build_parser()._subparsers._group_actions[0].choices.items()
                   if a[0] == "metrics")[1]
    table = next(a for a in metrics._actions if a.dest == "table")
    assert tuple(table.choices) == tuple(METRIC_TABLES)


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
    assert code == 1 and "no-9999" in err and "Traceback" not in err


def test_console_script_runs_as_a_process():
    result = subprocess.run(
        [sys.executable, "-m", "graphmodel.cli", "validate", str(NORDIC)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- the shared options

DATA_COMMANDS = ("validate", "summary", "metrics", "snapshot")
FLAGS = ("--as-of", "--sector", "--kind", "--actor-kind", "--status", "--country", "--region",
         "--members-of", "--lang")


def _subparsers():
    parser = cli.build_parser()
    action = next(a for a in parser._actions if isinstance(a, __import__("argparse")._SubParsersAction))
    return action.choices


@pytest.mark.parametrize("command", cli.COMMANDS)
def test_every_command_has_an_example_in_its_help(capsys, command):
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    assert "Example:\n\n    graphmodel " + command in out


@pytest.mark.parametrize("command", DATA_COMMANDS)
def test_every_data_command_takes_the_eight_filters_and_lang(command):
    from graphmodel.data.select import FILTER_NAMES

    flags = {s for a in _subparsers()[command]._actions for s in a.option_strings}
    assert set(FLAGS) <= flags
    assert len(FILTER_NAMES) == 8


@pytest.fixture
def tiny(tmp_path):
    """a, b in Norway (regions R1, R2), c in Sweden, county f; s1 = {a, b, c, f}, s2 = {a, b}."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "actors.csv").write_text(
        "id,name,kind,country,region\na,A,municipality,NO,R1\nb,B,municipality,NO,R2\n"
        "c,C,municipality,SE,S1\nf,F,county,NO,R1\n", encoding="utf-8")
    (folder / "collaborations.csv").write_text(
        "id,name,kind,sector,status,start,end\ns1,S1,service,ict,active,2001,\n"
        "s2,S2,service,ppt,ended,2005,2012\n", encoding="utf-8")
    (folder / "memberships.csv").write_text(
        "actor,collaboration\na,s1\nb,s1\nc,s1\nf,s1\na,s2\nb,s2\n", encoding="utf-8")
    return folder


def _pairs(capsys, folder, *options):
    code, out, err = run(capsys, "metrics", folder, "--table", "pairs", *options)
    assert code == 0, err
    rows = [line.split(",") for line in out.strip().splitlines()[1:]]
    return {(r[0], r[1]): int(r[2]) for r in rows}


def test_filters_reach_the_tables_hand_checked(capsys, tiny):
    # default: active service agreements among municipalities: s1 only (s2 ended)
    assert _pairs(capsys, tiny) == {("a", "b"): 1, ("a", "c"): 1, ("b", "c"): 1}
    # on 2010-01-01 s2 (2005-2012, status ended) was in force: a and b share two
    assert _pairs(capsys, tiny, "--as-of", "2010") == {("a", "b"): 2, ("a", "c"): 1,
                                                     ("b", "c"): 1}
    assert _pairs(capsys, tiny, "--country", "NO") == {("a", "b"): 1}
    assert _pairs(capsys, tiny, "--region", "R1,S1") == {("a", "c"): 1}
    assert _pairs(capsys, tiny, "--region", "R1", "--region", "S1") == {("a", "c"): 1}
    assert _pairs(capsys, tiny, "--status", "ended") == {("a", "b"): 1}
    assert _pairs(capsys, tiny, "--status", "all", "--sector", "ppt") == {("a", "b"): 1}
    assert _pairs(capsys, tiny, "--actor-kind", "all", "--country", "NO") == {
        ("a", "b"): 1, ("a", "f"): 1, ("b", "f"): 1}
    assert _pairs(capsys, tiny, "--kind", "network") == {}


def test_summary_takes_a_bare_year(capsys):
    code, out, err = run(capsys, "summary", NORDIC, "--as-of", "2010")
    assert code == 0, err
    assert "2010-01-01" in out


@pytest.mark.parametrize("argv, words", [
    (["metrics", "DATA", "--table", "nope"], "invalid choice"),
    (["metrics", "DATA", "--table", "pairs", "--kind", "servce"], "unknown value 'servce'"),
    (["summary", "DATA", "--lang", "de"], "invalid choice"),
    (["summary"], "the following arguments are required"),
    (["app", "--port", "99999"], "not a port number"),
    (["frobnicate"], "invalid choice"),
])
def test_usage_errors_exit_2_without_traceback(capsys, argv, words):
    code, _, err = run(capsys, *[str(NORDIC) if a == "DATA" else a for a in argv])
    assert code == 2
    assert words in err and "Traceback" not in err


def test_library_errors_are_one_line_and_exit_1(capsys, tmp_path):
    code, _, err = run(capsys, "summary", tmp_path / "missing")
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and err.startswith("graphmodel summary: ")


def test_an_unapplicable_filter_is_refused():
    from graphmodel.cli.options import supported_filters

    def only_date(model, as_of=None):
        return None

    assert supported_filters(only_date, {"as_of": "2020-01-01"}, "x") == {"as_of": "2020-01-01"}
    import graphmodel as gm

    with pytest.raises(gm.SpecError, match="x does not apply --sector"):
        supported_filters(only_date, {"sectors": ("ict",)}, "x")


def test_non_utf8_argument_is_a_clean_usage_error(capsys):
    code = cli.main([b"summary", b"caf\xe9"])
    err = capsys.readouterr().err
    assert code == 2 and "not valid UTF-8" in err and "caf\\xe9" in err


def test_non_utf8_argument_from_the_shell_gives_no_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "graphmodel.cli", "snapshot", str(NORDIC), "--title", b"\xff\xfe",
         "-o", "/nonexistent/x.html"],
        capture_output=True, timeout=120, check=False,
    )
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr and b"not valid UTF-8" in result.stderr


def test_unwritable_output_is_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "metrics", NORDIC, "--table", "pairs",
                       "-o", tmp_path / "no" / "such" / "dir.csv")
    assert code == 1 and "Traceback" not in err and len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------- graphmodel app

def test_app_starts_streamlit_headless_on_the_data(capsys, monkeypatch, tmp_path):
    pytest.importorskip("streamlit")
    import os

    from graphmodel.cli import app

    calls = []
    monkeypatch.setattr(os, "execve", lambda exe, cmd, env: calls.append((exe, cmd, env)))
    monkeypatch.setattr(os, "name", "posix")
    code, _, err = run(capsys, "app", NORDIC, "--port", "8765", "--workspace", tmp_path)
    assert code == 0  # a real execve would not return
    (_exe, cmd, env), = calls
    assert cmd[:4] == [sys.executable, "-m", "streamlit", "run"]
    script = Path(cmd[4])
    assert script.is_file() and script == app.SCRIPT
    assert cmd[cmd.index("--server.port") + 1] == "8765"
    assert cmd[cmd.index("--server.headless") + 1] == "true"
    assert cmd[cmd.index("--browser.gatherUsageStats") + 1] == "false"
    assert env["GRAPHMODEL_DATA"] == str(NORDIC.resolve())
    assert env["GRAPHMODEL_WORKSPACE"] == str(tmp_path.resolve())
    assert "8765" in err


def test_app_without_data_uses_no_data_variable(monkeypatch):
    pytest.importorskip("streamlit")
    from graphmodel.cli import app

    monkeypatch.setenv("GRAPHMODEL_DATA", "/somewhere/else")
    args = cli.build_parser().parse_args(["app"])
    _, env = app.streamlit_command(args)
    assert "GRAPHMODEL_DATA" not in env


def test_app_without_the_extra_says_how_to_install_it(capsys, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "streamlit" else real(name, *a))
    code, _, err = run(capsys, "app", NORDIC)
    assert code == 1
    assert 'pip install "graphmodel[app]"' in err and len(err.strip().splitlines()) == 1


def test_app_with_missing_data_is_a_clear_error(capsys, tmp_path):
    pytest.importorskip("streamlit")
    code, _, err = run(capsys, "app", tmp_path / "nope")
    assert code == 1 and "no such folder" in err


def _column(out: str, name: str) -> list[str]:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(out)))
    return [r[name] for r in rows]


def test_metrics_strategy_thresholds_move_actors_between_quadrants(capsys):
    """A low breadth threshold makes (almost) everyone broad; a high one nobody of the
    regional partners: the option reaches strategy_profile."""
    _, low, _ = run(capsys, "metrics", NORDIC, "--table", "actors", "--breadth-threshold", "0.1")
    _, high, _ = run(capsys, "metrics", NORDIC, "--table", "actors",
                     "--breadth-threshold", "0.99", "--alignment-threshold", "0.99")
    low_s, high_s = _column(low, "strategy"), _column(high, "strategy")
    assert low_s.count("regional partner") > high_s.count("regional partner")
    assert high_s.count("self-sufficiency") > low_s.count("self-sufficiency")


def test_metrics_max_km_narrows_the_suggestions(capsys):
    _, near, _ = run(capsys, "metrics", NORDIC, "--table", "suggestions", "--max-km", "30")
    _, default, _ = run(capsys, "metrics", NORDIC, "--table", "suggestions")
    assert 0 < len(near.splitlines()) < len(default.splitlines())
    for km, shared in zip(_column(near, "distance_km"), _column(near, "shared")):
        assert int(shared) > 0 or (km and float(km) <= 30)


@pytest.mark.parametrize("args, message", [
    (["--table", "pairs", "--max-km", "3"], "--max-km applies to --table suggestions"),
    (["--table", "actors", "--breadth-threshold", "2"], "breadth_threshold"),
])
def test_metrics_table_options_are_checked(capsys, args, message):
    code, out, err = run(capsys, "metrics", NORDIC, *args)
    assert code == 1 and out == "" and message in err and "Traceback" not in err


def test_members_of_keeps_a_councils_members_and_refuses_an_unknown_id(tmp_path, capsys):
    """--members-of R keeps a, b, c (d is no member, f an observer); a typo names the id."""
    from graphmodel.data.example import EXAMPLE_FILES

    folder = tmp_path / "example"
    folder.mkdir()
    for name, text in EXAMPLE_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "metrics", folder, "--table", "actors", "--members-of", "R")
    ids = [line.split(",")[0] for line in out.splitlines()[1:]]
    assert code == 0 and ids == ["a", "b", "c"]
    code, _, err = run(capsys, "metrics", folder, "--table", "actors", "--members-of",
                       "Region East")
    assert code != 0 and "'Region East' is the name of id 'R'" in err
