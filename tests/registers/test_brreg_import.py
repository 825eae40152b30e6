"""``graphmodel import brreg`` against a real HTTP server on 127.0.0.1 (never the internet).

The server (tests/brreg_server.py) replays answers in the shapes of
../shared/reference/brreg/: three pages of search results, units with missing fields, a
deleted unit, a withdrawn owner, person roles, hostile names, a 429, a 500 and a timeout.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import graphmodel as gm
from graphmodel.cli import main
from graphmodel.registers import (
    JsonClient,
    RegisterError,
    client as client_module,
    import_iks,
    merge_register,
)
from graphmodel.registers.brreg import (
    iks_model,
    keep_roles,
    keep_search_page,
    keep_unit,
)

sys.path.insert(0, str(Path(__file__).parent))
from brreg_server import RegisterServer, register_state, role, roles, unit

#: the bad answers of the first run: a 500, a 429 (Retry-After: 1 s) and a timeout
SCRIPT = {"/enheter/900000004/roller": [("status", 500)],
          "/enheter/900000005/roller": [("status", 429, {"Retry-After": "1"})],
          "/enheter/800000003": [("delay", 1.5)]}


def _run(*argv) -> int:
    return main(["import", "brreg", *argv])


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """One import against the test server (with its bad answers), then the server stopped."""
    tmp = tmp_path_factory.mktemp("brreg")
    with RegisterServer(register_state(), SCRIPT) as server:
        code = _run("--api-url", server.url, "--cache", str(tmp / "cache"),
                    "-o", str(tmp / "data"), "--timeout", "0.5")
    return {"code": code, "tmp": tmp, "server": server, "url": server.url,
            "model": gm.load(tmp / "data")}


def test_import_writes_exactly_the_iks_and_their_owners(first_run):
    assert first_run["code"] == 0
    m = first_run["model"]
    assert m.collaborations["id"].tolist() == [f"brreg-90000000{i}" for i in range(1, 6)]
    assert set(m.collaborations["legal_form"]) == {"IKS"}
    assert set(m.collaborations["kind"]) == {"service"}
    pairs = sorted(zip(m.memberships["collaboration"].str[-1], m.memberships["actor"]))
    assert pairs == [("1", "no-3905"), ("1", "no-3907"), ("2", "no-3905"), ("2", "no-3907"),
                     ("2", "no-fylke-39"), ("4", "no-5035"), ("5", "no-5035")]
    assert set(m.memberships["role"]) == {"owner"}
    shares = dict(zip(zip(m.memberships["collaboration"], m.memberships["actor"]),
                      m.memberships["share"]))
    assert shares[("brreg-900000001", "no-3905")] == 0.5
    assert shares[("brreg-900000002", "no-3905")] == pytest.approx(1 / 3, abs=1e-6)
    assert shares[("brreg-900000002", "no-fylke-39")] == pytest.approx(0.333)
    assert pd.isna(shares[("brreg-900000004", "no-5035")])  # no ansvarsandel given


def test_municipalities_resolved_through_the_register_and_the_table(first_run):
    actors = first_run["model"].actors.set_index("id")
    assert actors.loc["no-5035", "name"] == "Stjørdal"  # the shipped table's name
    assert actors.loc["no-5035", "ba_region"] == "Trondheim"
    assert actors.loc["no-5035", "orgnr"] == "800000003"
    assert actors.loc["no-fylke-39", ["kind", "code", "region"]].tolist() == \
        ["county", "39", "Vestfold"]
    assert actors.loc["no-fylke-39", "name"] == "Vestfold fylkeskommune"


def test_deleted_ended_withdrawn_left_and_notes(first_run):
    colls = first_run["model"].collaborations.set_index("id")
    assert colls.loc["brreg-900000003", "status"] == "ended"
    assert colls.loc["brreg-900000003", "end"] == pd.Timestamp("2020-12-31")
    assert (colls.drop("brreg-900000003")["status"] == "active").all()
    assert "liquidation" in colls.loc["brreg-900000004", "notes"]
    assert "bankrupt" in colls.loc["brreg-900000005", "notes"]
    assert colls.loc["brreg-900000001", "start"] == pd.Timestamp("2001-05-01")
    assert pd.isna(colls.loc["brreg-900000005", "start"])  # "not a date" is left out
    members = first_run["model"].memberships.set_index(["collaboration", "actor"])
    assert members.loc[("brreg-900000002", "no-3907"), "end"] == pd.Timestamp("2021-02-01")
    assert pd.isna(members.loc[("brreg-900000002", "no-3905"), "end"])


def test_names_readable_sectors_and_sources(first_run):
    colls = first_run["model"].collaborations.set_index("id")
    assert colls.loc["brreg-900000001", "name"] == "Vestfold Vann IKS"
    assert colls.loc["brreg-900000005", "name"] == "Interkommunalt Arkiv i Trøndelag IKS"
    assert colls.loc["brreg-900000004", "name"] == "IKS 900000004"  # no name in the register
    assert colls["sector"].tolist() == ["water", "fire", "", "", "archive"]
    assert colls.loc["brreg-900000001", "orgnr"] == "900000001"
    assert colls["source"].str.fullmatch(
        r"Enhetsregisteret, orgnr \d{9}, fetched \d{4}-\d{2}-\d{2}").all()


def test_hostile_names_stay_text(first_run):
    text = (first_run["tmp"] / "data" / "collaborations.csv").read_text(encoding="utf-8")
    assert "<script>alert(1)</script> Brannvesen IKS" in text
    names = first_run["model"].collaborations.set_index("id")["name"]
    assert names["brreg-900000003"] == '=HYPERLINK("http://evil.example","klikk") SKI IKS'
    assert not any(ch in text for ch in "\u202e\u202c")  # bidi overrides removed


def test_no_person_reaches_the_disk(first_run):
    for path in first_run["tmp"].rglob("*"):
        if path.is_file():
            data = path.read_text(encoding="utf-8")
            assert "Persondata" not in data and "1970-01-31" not in data, path
            assert "fodselsdato" not in data and '"person"' not in data, path
    cached = list((first_run["tmp"] / "cache").rglob("*.json"))
    assert len(cached) == 14  # 3 pages, 5 role answers, 6 participants


def test_polite_one_request_at_a_time_with_retries(first_run):
    server = first_run["server"]
    assert server.max_open <= 2  # the timed-out request may still be open when the next comes
    paths = [p for _, p in server.log]
    assert not any("evil" in p or "page=999" in p for p in paths)  # never a link from data
    times = [t for t, p in server.log if p.startswith("/enhetsregisteret/api/enheter/900000005/roller")]
    assert len(times) == 2 and times[1] - times[0] >= 0.95  # Retry-After: 1 honoured
    assert sum(p.endswith("/900000004/roller") for p in paths) == 2  # the 500 was retried
    assert sum(p.endswith("/enheter/800000003") for p in paths) == 2  # the timeout too
    assert len(paths) == 17


def test_report_says_what_was_not_resolved_and_what_the_register_cannot_say(
        tmp_path, capsys):
    with RegisterServer(register_state()) as server:
        assert _run("--api-url", server.url, "--cache", str(tmp_path / "c"),
                    "-o", str(tmp_path / "d")) == 0
    err = capsys.readouterr().err
    assert "3 participants could not be resolved, in 2 collaborations:" in err
    for reason in ("participant neither a municipality nor a county",
                   "organisation number unknown to the register",
                   "municipality without a municipality number in the register"):
        assert f"  1 {reason}\n" in err
    assert "vertskommune" in err and "AS ownership" in err
    assert "fetched 5/5 units' owners" in err and "fetched 3/3 pages of the list of IKS" in err
    assert "5 IKS as collaborations (1 ended, 2 with a note" in err
    assert "7 memberships of municipalities and counties (1 withdrawn owner, as a left" in err


def test_offline_second_run_gives_the_same_files(first_run, tmp_path):
    # the server is stopped: any request would fail
    code = _run("--offline", "--api-url", first_run["url"], "--cache",
                str(first_run["tmp"] / "cache"), "-o", str(tmp_path / "again"))
    assert code == 0
    assert _files(tmp_path / "again") == _files(first_run["tmp"] / "data")
    # a second run without --offline uses the cache too: still no network
    code = _run("--api-url", first_run["url"], "--cache", str(first_run["tmp"] / "cache"),
                "-o", str(tmp_path / "third"))
    assert code == 0 and _files(tmp_path / "third") == _files(first_run["tmp"] / "data")


def test_offline_without_cache_is_a_clear_error(tmp_path, capsys):
    assert _run("--offline", "--cache", str(tmp_path / "empty"), "-o", str(tmp_path / "d")) == 1
    assert "is not in the cache" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


def test_the_import_validates_with_no_error(first_run, capsys):
    assert main(["validate", str(first_run["tmp"] / "data")]) == 0
    out = capsys.readouterr()
    assert "OK, 4 actors, 5 collaborations, 7 memberships; 3 warnings" in out.err
    assert out.out.count("warning:") == 3  # IKS with fewer than two resolved owners


# ------------------------------------------------------------------ the client's bounds
def test_a_redirect_is_never_followed(tmp_path):
    script = {"/enheter": [("redirect", "https://evil.example/enhetsregisteret/api/enheter")]}
    with RegisterServer(register_state(), script) as server:
        client = JsonClient(server.url, cache=tmp_path, backoff=0)
        with pytest.raises(RegisterError, match="redirect .*not followed"):
            import_iks(client)
    assert len(server.log) == 1


def test_a_server_that_keeps_failing_gives_up(tmp_path):
    script = {"/enheter": [("status", 503)] * 3}
    waits = []
    with RegisterServer(register_state(), script) as server:
        client = JsonClient(server.url, cache=tmp_path, backoff=0.5, attempts=3,
                            sleep=waits.append)
        with pytest.raises(RegisterError, match="HTTP 503 after 3 tries"):
            import_iks(client)
    assert waits == [0.5, 1.0]  # exponential back-off


def test_retry_after_is_bounded():
    client = JsonClient("http://127.0.0.1:9/api", backoff=1)
    assert client._wait(0, "3") == 3
    assert client._wait(0, "99999") == client_module.MAX_WAIT_SECONDS
    assert client._wait(2, "garbage") == 4
    assert client._wait(0, "Wed, 21 Oct 2015 07:28:00 GMT") == 1  # a date in the past


def test_a_too_large_answer_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(client_module, "MAX_RESPONSE_BYTES", 200)
    with RegisterServer(register_state()) as server:
        client = JsonClient(server.url, cache=tmp_path, backoff=0)
        with pytest.raises(RegisterError, match="larger than 200 bytes"):
            import_iks(client)


def test_too_many_units_are_refused(tmp_path):
    state = register_state()
    body = {"_embedded": {"enheter": []}, "page": {"totalElements": 10**7, "totalPages": 10**5}}
    with RegisterServer(state, {"/enheter": [("body", body)]}) as server, \
            pytest.raises(RegisterError, match="more than the 5000"):
        import_iks(JsonClient(server.url, cache=tmp_path))


def test_too_many_pages_are_refused(tmp_path, monkeypatch):
    from graphmodel.registers import brreg

    monkeypatch.setattr(brreg, "MAX_PAGES", 2)  # the test register has 3 pages of 2
    with RegisterServer(register_state()) as server, \
            pytest.raises(RegisterError, match="more than 2 pages"):
        import_iks(JsonClient(server.url, cache=tmp_path))
    assert len(server.log) == 2


@pytest.mark.parametrize("url, match", [
    ("ftp://example.org/api", "not an http"),
    ("https:///api", "not an http"),
    ("https://example.org/api?x=1", "may not hold a query"),
])
def test_a_bad_api_url_is_refused(url, match):
    with pytest.raises(RegisterError, match=match):
        JsonClient(url)


def test_paths_stay_under_the_base():
    client = JsonClient("https://data.brreg.no/enhetsregisteret/api")
    assert client.url("/enheter/123456789/roller") == \
        "https://data.brreg.no/enhetsregisteret/api/enheter/123456789/roller"
    with pytest.raises(RegisterError, match="not a path under the API"):
        client.url("//evil.example/x")


def test_a_deleted_unit_of_an_earlier_import_is_seen_as_ended(tmp_path):
    with RegisterServer(register_state()) as server:
        model, report = import_iks(JsonClient(server.url, cache=tmp_path),
                                   known=["900000009", "900000001", "bad"])
    row = model.collaborations.set_index("id").loc["brreg-900000009"]
    assert (row["status"], row["end"]) == ("ended", pd.Timestamp("2022-06-30"))
    assert report.ended == 2


# ------------------------------------------------------------------ merging, workspace
def _hand_kept() -> gm.Model:
    """A planner's dataset: Tønsberg and Sandefjord by their own ids, a vertskommune
    arrangement, and the Vestfold Vann IKS typed by hand with its orgnr and a parent."""
    return gm.load({
        "actors.csv": "id,name,kind,code,population\n"
                      "tonsberg,Tønsberg,municipality,3905,1\n"
                      "sandefjord,Sandefjord,municipality,3907,\n"
                      "larvik,Larvik,municipality,3909,\n",
        "collaborations.csv": "id,name,kind,legal_form,parent,orgnr,source\n"
                              "vest,Vestfoldrådet,council,,,,hand\n"
                              "bv,Barnevern Vestfold,service,vertskommune,vest,,hand\n"
                              "vv,Vestfold Vann (typed),service,IKS,vest,900000001,hand\n",
        "memberships.csv": "actor,collaboration,role,source\n"
                           "tonsberg,vest,member,hand\nsandefjord,vest,member,hand\n"
                           "larvik,vest,member,hand\ntonsberg,bv,host,hand\n"
                           "sandefjord,bv,member,hand\nlarvik,vv,member,hand\n"
                           "tonsberg,vv,member,hand\n",
    }, name="team")


def test_merge_keeps_the_planners_rows_and_ids(tmp_path):
    with RegisterServer(register_state()) as server:
        imported, _ = import_iks(JsonClient(server.url, cache=tmp_path))
    merged, table = merge_register(_hand_kept(), imported)
    colls = merged.collaborations.set_index("id")
    assert {"vest", "bv", "vv"} <= set(colls.index)
    assert "brreg-900000001" not in colls.index  # matched by orgnr: the planner's id stays
    assert colls.loc["vv", "name"] == "Vestfold Vann IKS"  # the register's name
    assert colls.loc["vv", "parent"] == "vest"  # a column the register does not give
    actors = merged.actors.set_index("id")
    assert "no-3905" not in actors.index and actors.loc["tonsberg", "population"] == 1
    assert actors.loc["sandefjord", "population"] == 66231  # filled where it was empty
    pairs = set(zip(merged.memberships["actor"], merged.memberships["collaboration"]))
    assert {("tonsberg", "bv"), ("larvik", "vv"), ("tonsberg", "vv"), ("sandefjord", "vv"),
            ("tonsberg", "brreg-900000002")} <= pairs
    assert table.loc[table["change"] == "changed", "collaboration"].tolist() == ["vv"]
    assert set(table.loc[table["change"] == "joined", "actor"]) == {"sandefjord"}
    gm.load(dict(gm.to_csv_bytes(merged)))  # loads with no error


def test_a_second_import_into_a_workspace_shows_what_changed(tmp_path, capsys):
    ws = tmp_path / "ws"
    version = gm.open_workspace(ws).add_dataset(_hand_kept(), "Team", "typed by hand")
    with RegisterServer(register_state()) as server:
        assert _run("--api-url", server.url, "--cache", str(tmp_path / "c"), "--workspace",
                    str(ws), "--dataset", version.dataset_id) == 0
    capsys.readouterr()
    later = register_state()
    later["iks"][0] = unit("900000001", "VESTFOLD VANN IKS", stiftelsesdato="2001-05-01",
                           naeringskode1={"kode": "36.000"}, slettedato="2025-01-01")
    later["iks"].append(unit("900000006", "NYTT REVISJON IKS", stiftelsesdato="2025-02-01"))
    later["roles"]["900000006"] = roles(role("800000001", "KOMM", "TØNSBERG KOMMUNE"),
                                        role("800000003", "KOMM", "STJØRDAL KOMMUNE"))
    later["roles"]["900000002"]["rollegrupper"][0]["roller"].append(
        role("800000003", "KOMM", "STJØRDAL KOMMUNE"))
    with RegisterServer(later) as server:
        assert _run("--api-url", server.url, "--cache", str(tmp_path / "c"), "--refresh",
                    "--workspace", str(ws), "--dataset", version.dataset_id,
                    "--changes", str(tmp_path / "changes.csv")) == 0
    out = capsys.readouterr()
    store = gm.open_workspace(ws)
    versions = store.versions(version.dataset_id)
    assert len(versions) == 3
    assert versions[-1].note == ("Enhetsregisteret import: 1 added, 1 ended, 1 changed; "
                                 "memberships: 1 joined, 0 left")
    table = pd.read_csv(tmp_path / "changes.csv", dtype=str, keep_default_na=False)
    assert sorted(zip(table["change"], table["collaboration"], table["actor"])) == [
        ("changed", "vv", ""), ("ended", "vv", ""), ("formed", "brreg-900000006", ""),
        ("joined", "brreg-900000002", "no-5035")]
    assert "status: active → ended" in table.loc[table["change"] == "changed", "detail"].iloc[0]
    latest = store.load_version(versions[-1].id)
    assert {"vest", "bv"} <= set(latest.collaborations["id"])  # hand-kept rows kept
    assert ("tonsberg", "bv") in set(zip(latest.memberships["actor"],
                                         latest.memberships["collaboration"]))
    assert "formed: Nytt Revisjon IKS" in out.err
    assert "Since the previous version: 1 added, 1 ended, 1 changed; owners 1 joined, " \
        "0 left." in out.err
    assert out.out.strip() == versions[-1].id


# ------------------------------------------------------------------ odd answers
_json = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**12) | st.floats(allow_nan=True)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["organisasjonsnummer", "navn", "kode", "person", "enhet", "type",
                         "roller", "rollegrupper", "_embedded", "enheter", "page",
                         "ansvarsandel", "fratraadt", "slettedato", "stiftelsesdato",
                         "forretningsadresse", "kommunenummer", "organisasjonsform"]),
        inner, max_size=5),
    max_leaves=25)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_json, st.sampled_from([200, 404, 410]))
def test_odd_answers_never_break_the_reducers(data, status):
    page = keep_search_page(status, data)
    assert isinstance(page["units"], list)
    assert isinstance(keep_roles(status, data), list)
    got = keep_unit(status, data)
    assert got is None or isinstance(got["organisasjonsnummer"], str)
    assert "person" not in json.dumps([page, keep_roles(status, data), got])


_orgnr = st.sampled_from(["900000001", "800000001", "800000010", "12", ""])
_odd_role = st.fixed_dictionaries({
    "type": st.fixed_dictionaries({"kode": st.sampled_from(["DTPR", "DTSO", "DAGL", 7])}),
    "enhet": st.fixed_dictionaries({
        "organisasjonsnummer": _orgnr,
        "organisasjonsform": st.fixed_dictionaries({"kode": st.sampled_from(["KOMM", "FYLK",
                                                                             "AS"])}),
        "navn": st.lists(st.text(max_size=30), max_size=2)}),
    "ansvarsandel": st.one_of(st.text(max_size=8), st.floats(), st.integers(), st.none()),
    "fratraadt": st.one_of(st.booleans(), st.none(), st.text(max_size=3)),
}, optional={"person": st.just({"navn": "Ola Persondata"})})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_odd_role, max_size=6), st.text(max_size=40),
       st.sampled_from(["2001-01-01", "", "31.12.2020", "0000-00-00", "2020-13-45"]))
def test_odd_register_values_give_a_dataset_that_loads(role_list, name, date):
    from graphmodel.registers.brreg import Register

    base = unit("900000001", name, stiftelsesdato=date, slettedato=date if date else None)
    units = {"900000001": {**keep_unit(200, base), "fetched": "2026-01-01"}}
    kept = keep_roles(200, {"rollegrupper": [{"type": {"kode": "DELT"}, "sistEndret": date,
                                              "roller": copy.deepcopy(role_list)}]})
    assert all("Persondata" not in json.dumps(r) for r in kept)
    participants = {
        "800000001": {**keep_unit(200, {"organisasjonsnummer": "800000001", "navn": name,
                                        "organisasjonsform": {"kode": "KOMM"},
                                        "forretningsadresse": {"kommunenummer": "3905"}}),
                      "fetched": "2026-01-01"},
        "800000010": None}
    register = Register(units=units, roles={"900000001": (kept, "2026-01-02")},
                        participants=participants)
    try:
        model, report = iks_model(register)
    except ValueError as err:  # an invalid date in the frame would be a bug
        pytest.fail(str(err))
    again = gm.load(dict(gm.to_csv_bytes(model)))
    assert len(again.collaborations) == 1
    # one unit is one actor, whatever form a role says it has
    assert report.memberships == len(again.memberships) <= 1
