"""One council up close: its agreements with host and member counts (Værnesregionen, slide 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

import graphmodel as gm
from graphmodel.analysis.councils import council_agreements
from graphmodel.data.example import example_model
from graphmodel.errors import UnknownIdError

NORDIC = Path(__file__).resolve().parents[2] / "data" / "nordic"


@pytest.fixture(scope="module")
def nordic():
    return gm.load(NORDIC)


def test_example_by_hand():
    # R = {a, b, c}; s2 = {a, b, c} (part of R), s1 = {a, b} (part of R), s3 = {c, d}
    t = council_agreements(example_model(), "R")
    assert t["id"].tolist() == ["s2", "s1", "s3"]
    assert t["fit"].tolist() == ["aligned", "within", "spanning"]
    assert t["host_name"].tolist() == ["Bes", "Aby", "Dal"]
    assert t["n_members"].tolist() == [3, 2, 2] and t["n_inside"].tolist() == [3, 2, 1]
    fire = council_agreements(example_model(), "R", sectors=["fire"])
    assert fire["id"].tolist() == ["s2"] and fire["sector"].tolist() == ["fire"]
    # the ended archive (a, b) only when ended ones are asked for
    ended = council_agreements(example_model(), "R", status=("ended",))
    assert ended["id"].tolist() == ["s4"] and ended["host"].tolist() == [""]


def test_unknown_council():
    with pytest.raises(UnknownIdError, match="no collaboration with id 'Q'"):
        council_agreements(example_model(), "Q")


def test_agrees_with_council_metrics_on_every_bundled_council(nordic):
    for _, row in gm.council_metrics(nordic).iterrows():
        t = council_agreements(nordic, row["id"])
        assert len(t) == row["n_collaborations"], row["id"]
        fits = t["fit"].value_counts()
        for fit in ("aligned", "within", "spanning"):
            assert int(fits.get(fit, 0)) == row[fit], (row["id"], fit)


def test_vaernesregionen_slide_5(nordic):
    # slide 5: IKT and sak/arkiv (6), lønn/regnskap, skatt, barnevern, legevakt (4 each)
    t = council_agreements(nordic, "vr-rad", status=None).set_index("id")
    slide = {"vr-ikt": 6, "vr-sak-arkiv": 6, "vr-lonn-regnskap": 4, "vr-skatt": 4,
             "vr-barnevern": 4, "vr-legevakt": 4}
    assert {k: int(t.loc[k, "n_members"]) for k in slide} == slide
    assert t.loc[list(slide), "part_of"].all()
    assert t.loc["vr-ikt", "host_name"] == "Stjørdal"
    assert not t.loc["trondheim-legevakt", "part_of"]
    assert t.loc["trondheim-legevakt", "fit"] == "spanning"
