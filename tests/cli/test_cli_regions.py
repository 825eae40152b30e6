"""The command line of the functional regions and the dyad model (graphmodel metrics)."""

import io
from pathlib import Path

import pandas as pd
import pytest

from graphmodel import cli
from graphmodel.analysis.dyads import VARIABLES

ROOT = Path(__file__).resolve().parents[2]
NORDIC = ROOT / "data" / "nordic"


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def frame(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype={"a": str, "b": str}, keep_default_na=False)


def test_collaborations_table(capsys):
    code, out, err = run(capsys, "metrics", NORDIC, "--table", "collaborations")
    assert code == 0, err
    t = frame(out).set_index("id")
    # Værnesregionen's child welfare: Malvik, Selbu, Stjørdal (Trondheim BA) and Meråker
    # (its own BA-region), all in Trøndelag and in Værnesregionen
    row = t.loc["vr-barnevern"]
    assert (row["n_members"], row["n_ba_regions"], row["n_counties"]) == (4, 2, 1)
    flags = row[["inside_ba", "inside_council", "inside_county"]].astype(str).tolist()
    assert flags == ["False", "True", "True"]
    assert row["host"] == "no-5035"


def test_actors_and_councils_carry_the_new_columns(capsys):
    _, out, _ = run(capsys, "metrics", NORDIC, "--table", "actors")
    header = out.splitlines()[0].split(",")
    assert header[-4:] == ["stated_strategy", "ba_region", "ba_share", "cross_county_share"]
    t = frame(out).set_index("id")
    assert t.loc["no-5035", "ba_region"] == "Trondheim"  # Stjørdal
    assert t.loc["se-0163", "ba_region"] == ""  # Sollentuna: no Swedish table
    _, out, _ = run(capsys, "metrics", NORDIC, "--table", "councils")
    assert out.splitlines()[0].endswith(
        "n_dual_members,n_ba_regions,ba_fit,crosses_county,host_concentration")


def test_drivers_prints_what_it_left_out(capsys):
    code, out, err = run(capsys, "metrics", NORDIC, "--table", "drivers",
                         "--permutations", "19", "--seed", "3")
    assert code == 0, err
    t = frame(out)
    assert t["variable"].tolist() == list(VARIABLES)
    assert t.columns[:7].tolist() == ["variable", "odds_ratio", "ci_low", "ci_high", "p_value",
                                      "n_pairs", "n_ties"]
    # the 27 Swedish municipalities have no BA-region: their pairs are left out, and said so
    assert "note: 1,188 pairs left out: 27 actors lack what the model needs" in err
    assert (t["n_pairs"] == 465).all()  # 31 Norwegian municipalities
    p = pd.to_numeric(t["p_value"]).dropna()
    assert ((p >= 1 / 20) & (p <= 1)).all() and len(p) >= 2
    _, again, _ = run(capsys, "metrics", NORDIC, "--table", "drivers",
                      "--permutations", "19", "--seed", "3")
    assert again == out


def test_drivers_for_sweden_alone_leave_the_ba_region_out(capsys):
    code, out, err = run(capsys, "metrics", NORDIC, "--table", "drivers", "--country", "SE",
                         "--permutations", "9")
    assert code == 0, err
    t = frame(out).set_index("variable")
    assert "no actor has a BA-region" in t.loc["same_ba_region", "note"]
    assert t.loc["log_km", "n_pairs"] == 27 * 26 // 2


def test_expected_pairs_top(capsys):
    code, out, err = run(capsys, "metrics", NORDIC, "--table", "expected-pairs", "--top", "4")
    assert code == 0, err
    t = frame(out)
    assert len(t) == 4 and t["probability"].is_monotonic_decreasing
    assert (t["a"] < t["b"]).all() and t["a_name"].ne("").all()


@pytest.mark.parametrize("argv, message", [
    (["--table", "actors", "--permutations", "9"], "--permutations applies to --table drivers"),
    (["--table", "pairs", "--top", "3"], "--top applies to --table expected-pairs"),
    (["--table", "drivers", "--permutations", "-1"], "permutations must be"),
])
def test_options_of_one_table(capsys, argv, message):
    code, _, err = run(capsys, "metrics", NORDIC, *argv)
    assert code != 0 and message in err
