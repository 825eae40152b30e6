"""The team server without a browser: the AUTH.toml reader, roles, who saved what, refusals,
the schema migration, the backup, and ``graphmodel app`` / ``graphmodel workspace`` on it."""

from __future__ import annotations

import getpass
import os
import sqlite3
import stat
from pathlib import Path

import pytest

import graphmodel as gm
from graphmodel import cli
from graphmodel.errors import PermissionDenied
from graphmodel.team import (
    Actor,
    AuthConfigError,
    local_actor,
    login_actor,
    parse_auth,
    read_auth,
    require,
    role_for,
    secrets_text,
    write_secrets,
)
from graphmodel.workspace import Workspace
from graphmodel.workspace.store import _schema_1

ROOT = Path(__file__).resolve().parents[2]
NORDIC = ROOT / "data" / "nordic"

GOOD = """
[auth]
client_id = "app-id"
client_secret = "very-secret-value"
server_metadata_url = "https://login.example.org/tenant/v2.0/.well-known/openid-configuration"
cookie_secret = "0123456789abcdef0123456789abcdef"
redirect_uri = "https://graph.example.no/oauth2callback"
groups_claim = "roles"

[roles]
admin = ["kari@kommune.no"]
editor = ["group:planners", "*@kommune.no"]
viewer = ["vera@fylke.no", "kari@kommune.no"]
"""

FILES = {"actors.csv": "id,name,kind\na,A,municipality\nb,B,municipality\n",
         "collaborations.csv": "id,name,kind\nc,C,service\n",
         "memberships.csv": "actor,collaboration\na,c\nb,c\n"}
FILES2 = {**FILES, "memberships.csv": "actor,collaboration\na,c\n"}

VIEWER = Actor("Vera", "viewer", email="vera@fylke.no")
EDITOR = Actor("Eli", "editor", email="eli@kommune.no")
ADMIN = Actor("Kari", "admin", email="kari@kommune.no")
NOBODY = Actor("Nora", None, email="nora@elsewhere.se")


def tiny(files=FILES):
    return gm.load(files, name="tiny")


def everything(ws: Workspace) -> list:
    """What a write could change, to compare before and after a refusal."""
    with sqlite3.connect(ws.path) as conn:
        return [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("datasets", "versions", "files", "views", "scenarios", "roles")]


# ---------------------------------------------------------------- the configuration file

def test_a_good_file_is_read_with_the_highest_role_of_each_principal():
    config = parse_auth(GOOD)
    assert config.roles == {"kari@kommune.no": "admin", "group:planners": "editor",
                            "*@kommune.no": "editor", "vera@fylke.no": "viewer"}
    assert config.groups_claim == "roles"
    assert config.redirect_uri == "https://graph.example.no/oauth2callback"
    assert "very-secret-value" not in repr(config)
    assert "0123456789abcdef" not in repr(config)


@pytest.mark.parametrize(("change", "message"), [
    (("client_secret = \"very-secret-value\"\n", ""), r"\[auth\] client_secret: missing"),
    (("https://login.example.org", "http://login.example.org"),
     r"server_metadata_url: .* must use https"),
    (("/oauth2callback", "/callback"), r"redirect_uri: must end with /oauth2callback"),
    (("0123456789abcdef0123456789abcdef", "short"), r"cookie_secret: at least 32 characters"),
    (("viewer = [", "reader = ["), r"\[roles\] reader: unknown role"),
    (("\"group:planners\"", "\"planners\""), r"'planners' is not a principal"),
    (("groups_claim", "group_claim"), r"\[auth\] group_claim: unknown key"),
    (("[roles]", "[rolls]"), r"\[rolls\]: unknown section"),
])
def test_each_problem_is_named_with_the_file_and_the_key(change, message):
    with pytest.raises(AuthConfigError, match=message) as err:
        parse_auth(GOOD.replace(*change), "team.toml")
    assert str(err.value).startswith("team.toml: ")


def test_every_problem_is_listed_at_once():
    text = GOOD.replace("https://graph", "ftp://graph").replace("\"short\"", "x").replace(
        "0123456789abcdef0123456789abcdef", "short")
    with pytest.raises(AuthConfigError) as err:
        parse_auth(text)
    lines = str(err.value).splitlines()
    assert len(lines) == 2
    assert "redirect_uri: 'ftp://graph.example.no/oauth2callback' is not an http(s) address" \
        in lines[0]
    assert "cookie_secret" in lines[1]


def test_a_toml_syntax_error_gives_its_line(tmp_path):
    path = tmp_path / "auth.toml"
    path.write_text("[auth]\nclient_id = \"x\nother = 1\n", encoding="utf-8")
    with pytest.raises(AuthConfigError, match=r"auth\.toml: not a TOML file: .*line 2"):
        read_auth(path)
    with pytest.raises(AuthConfigError, match="nope.toml: no such file"):
        read_auth(tmp_path / "nope.toml")


def test_plain_http_is_accepted_on_this_computer_only():
    local = GOOD.replace("https://login.example.org", "http://127.0.0.1:9000")
    assert parse_auth(local).provider["server_metadata_url"].startswith("http://127.0.0.1")


def test_the_secrets_file_is_private_and_holds_only_the_provider(tmp_path):
    config = parse_auth(GOOD)
    path = write_secrets(config, tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    import tomllib

    written = tomllib.loads(path.read_text(encoding="utf-8"))
    assert written == {"auth": config.provider}
    assert "roles" not in path.read_text() and secrets_text(config) == path.read_text()


# ---------------------------------------------------------------- roles

def test_roles_by_address_domain_group_and_local_user():
    rules = parse_auth(GOOD).roles
    assert role_for(rules, email="KARI@kommune.no") == "admin"
    assert role_for(rules, email="ola@kommune.no") == "editor"  # by domain
    assert role_for(rules, email="ola@fylke.no") is None
    assert role_for(rules, email="ola@fylke.no", groups=["planners"]) == "editor"
    assert role_for(rules, email="vera@fylke.no") == "viewer"
    assert role_for({"user:ole": "editor"}, user="ole") == "editor"
    assert role_for({"user:ole": "editor"}, email="ole@x.no") is None


def test_a_login_takes_its_groups_from_the_configured_claim_and_needs_a_verified_email():
    rules = {"group:g1": "editor", "vera@fylke.no": "viewer"}
    assert login_actor({"email": "vera@fylke.no", "roles": ["g1"]}, rules,
                       groups_claim="roles").role == "editor"
    assert login_actor({"email": "vera@fylke.no", "groups": ["g1"]}, rules,
                       groups_claim="roles").role == "viewer"
    unverified = login_actor({"email": "vera@fylke.no", "email_verified": False}, rules)
    assert (unverified.role, unverified.email) == (None, "")
    # the sign-in name counts as the address only where the configuration says so
    upn = {"preferred_username": "vera@fylke.no"}
    assert login_actor(upn, rules).role is None
    assert login_actor(upn, rules, email_claim="preferred_username").role == "viewer"
    assert parse_auth(GOOD).email_claim == "email"
    assert parse_auth(GOOD.replace('groups_claim = "roles"', 'email_claim = "upn"')
                      ).email_claim == "upn"


def test_the_local_user_has_every_right_until_roles_are_set():
    me = getpass.getuser()
    assert local_actor().role == "admin"
    assert local_actor({"kari@kommune.no": "admin"}).role is None
    assert local_actor({f"user:{me}": "viewer"}).role == "viewer"


@pytest.mark.parametrize(("actor", "action", "message"), [
    (VIEWER, "save_version", ("vera@fylke.no is a viewer in this workspace and may not save a "
                             "version (an editor may)")),
    (EDITOR, "manage_roles", ("eli@kommune.no is an editor in this workspace and may not manage "
                             "roles (an admin may)")),
    (NOBODY, "view", ("nora@elsewhere.se has no role in this workspace and may not open this "
                     "workspace")),
])
def test_a_refusal_says_who_what_and_which_role_may(actor, action, message):
    with pytest.raises(PermissionDenied) as err:
        require(actor, action)
    assert str(err.value).startswith(message)
    assert err.value.action == action and err.value.role == actor.role
    assert isinstance(err.value, gm.WorkspaceError)


def test_a_refusal_is_written_in_the_language_in_use():
    from graphmodel.i18n import use_language

    with use_language("nb"), pytest.raises(PermissionDenied, match="er leser i dette"):
        require(VIEWER, "upload")


# ---------------------------------------------------------------- who saved what

def test_every_write_records_its_author_and_time(tmp_path):
    ws = Workspace(tmp_path)
    first = ws.add_dataset(tiny(), "Tiny", actor=EDITOR)
    second = ws.add_version(first.dataset_id, tiny(FILES2), "fewer", actor=ADMIN)
    view = ws.view(ws.save_view(second.id, "A view", {"schema_version": 1}, actor=EDITOR))
    what_if = ws.scenario(ws.save_scenario(first.id, "A what-if", {"edits": []}, actor=ADMIN))
    assert (first.author, second.author) == ("eli@kommune.no", "kari@kommune.no")
    assert (view.author, what_if.author) == ("eli@kommune.no", "kari@kommune.no")
    assert first.created and view.created.startswith(first.created[:4])
    assert [v.author for v in ws.versions(first.dataset_id)] == ["eli@kommune.no",
                                                                "kari@kommune.no"]
    bundled = ws.ensure_bundled(NORDIC)
    assert bundled.author == "graphmodel"


def test_without_an_actor_the_operating_system_user_is_the_author(tmp_path):
    ws = Workspace(tmp_path)
    assert ws.add_dataset(tiny(), "Tiny").author == getpass.getuser()


@pytest.mark.parametrize("actor", [VIEWER, NOBODY])
def test_a_role_that_may_not_write_changes_nothing(tmp_path, actor):
    ws = Workspace(tmp_path)
    v = ws.add_dataset(tiny(), "Tiny", actor=EDITOR)
    before = everything(ws)
    attempts = [
        lambda: ws.add_dataset(tiny(FILES2), "Mine", actor=actor),
        lambda: ws.add_version(v.dataset_id, tiny(FILES2), actor=actor),
        lambda: ws.save_view(v.id, "v", {"x": 1}, actor=actor),
        lambda: ws.save_scenario(v.id, "s", {"edits": []}, actor=actor),
        lambda: ws.grant(actor.email, "admin", actor=actor),  # raising oneself
        lambda: ws.revoke("eli@kommune.no", actor=actor),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match=actor.email):
            attempt()
    assert everything(ws) == before


def test_an_editor_may_not_manage_roles_and_an_admin_may(tmp_path):
    ws = Workspace(tmp_path)
    with pytest.raises(PermissionDenied, match="may not manage roles"):
        ws.grant("ola@kommune.no", "admin", actor=EDITOR)
    ws.grant("Ola@Kommune.no", "editor", actor=ADMIN)
    assert ws.roles() == {"ola@kommune.no": "editor"}
    with sqlite3.connect(ws.path) as conn:
        assert conn.execute("SELECT granted_by FROM roles").fetchone()[0] == "kari@kommune.no"
    with pytest.raises(ValueError, match="'boss' is not a role"):
        ws.grant("ola@kommune.no", "boss", actor=ADMIN)
    assert ws.revoke("ola@kommune.no", actor=ADMIN) is True
    assert ws.revoke("ola@kommune.no", actor=ADMIN) is False
    assert ws.roles() == {}


def test_once_roles_are_set_the_local_user_needs_one(tmp_path):
    ws = Workspace(tmp_path)
    ws.grant("kari@kommune.no", "admin")  # the owner, before any role is set
    with pytest.raises(PermissionDenied, match="has no role in this workspace"):
        ws.add_dataset(tiny(), "Tiny")
    ws.grant(f"user:{getpass.getuser()}", "editor", actor=ADMIN)
    assert ws.add_dataset(tiny(), "Tiny").author == getpass.getuser()


# ---------------------------------------------------------------- the schema, the backup

def _old_workspace(folder: Path) -> None:
    """An empty file as graphmodel wrote it before authors (schema 1), by that schema's SQL."""
    folder.mkdir()
    conn = sqlite3.connect(folder / "workspace.sqlite", isolation_level=None)
    conn.execute("BEGIN")
    _schema_1(conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("COMMIT")
    conn.close()


def test_a_schema_1_file_is_migrated_and_keeps_every_version(tmp_path):
    import zlib

    from graphmodel.workspace.rules import files_hash

    folder = tmp_path / "old"
    _old_workspace(folder)
    conn = sqlite3.connect(folder / "workspace.sqlite")
    assert "author" not in [r[1] for r in conn.execute("PRAGMA table_info(versions)")]
    conn.execute("INSERT INTO datasets VALUES (1, 'DATASET000000001', 'Old', 'user', "
                 "'2025-01-01T10:00:00Z')")
    held = []
    for n, data in enumerate((FILES, FILES2)):
        files = gm.to_csv_bytes(tiny(data))
        vid = f"VERSION00000000{n}"
        held.append((vid, files_hash(files)))
        conn.execute("INSERT INTO versions VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                     (n + 1, vid, "DATASET000000001", None if n == 0 else "VERSION000000000",
                      files_hash(files), f"note {n}", f"2025-01-0{n + 1}T10:00:00Z",
                      2, 1, 2 - n, sum(len(b) for b in files.values())))
        for name, blob in files.items():
            conn.execute("INSERT INTO files VALUES (?,?,?,?,?)",
                         (vid, name, "zlib", len(blob), zlib.compress(blob)))
    conn.execute("INSERT INTO views VALUES (1, 'VIEW000000000001', 'VERSION000000001', 'v', "
                 "'{}', '2025-01-03T10:00:00Z')")
    conn.commit()
    conn.close()

    ws = Workspace(folder)  # the current code: migrates
    assert ws.schema_version == 2
    versions = ws.versions("DATASET000000001")
    assert [(v.id, v.content_hash) for v in versions] == held
    assert [(v.number, v.author, v.note) for v in versions] == [(1, "", "note 0"),
                                                                 (2, "", "note 1")]
    assert ws.load_version("VERSION000000001").content_hash() == tiny(FILES2).content_hash()
    assert [(s.id, s.author) for s in ws.views("VERSION000000001")] == [("VIEW000000000001", "")]
    assert ws.roles() == {}
    with sqlite3.connect(ws.path) as conn:  # each table got its column, nothing else moved
        for table in ("datasets", "versions", "views", "scenarios"):
            assert [r[1] for r in conn.execute(f"PRAGMA table_info({table})")][-1] == "author"
    newer = ws.add_version("DATASET000000001", tiny(), "again", actor=EDITOR)
    assert (newer.id, newer.author) == ("VERSION000000000", "")  # that content was held


def test_a_migrated_file_takes_authored_versions(tmp_path):
    folder = tmp_path / "old"
    _old_workspace(folder)
    ws = Workspace(folder)
    v = ws.add_dataset(tiny(), "Tiny", actor=EDITOR)
    assert (ws.schema_version, v.author) == (2, "eli@kommune.no")


def test_the_backup_is_a_workspace_with_the_same_versions(tmp_path):
    ws = Workspace(tmp_path / "ws")
    v = ws.add_dataset(tiny(), "Tiny", actor=EDITOR)
    (tmp_path / "restored").mkdir()
    copy = ws.backup(tmp_path / "restored" / "workspace.sqlite")
    assert copy == tmp_path / "restored" / "workspace.sqlite"
    back = Workspace(tmp_path / "restored")
    assert [(x.id, x.author) for x in back.versions(v.dataset_id)] == [(v.id, "eli@kommune.no")]
    with pytest.raises(gm.WorkspaceError, match="exists already"):
        ws.backup(copy)


# ---------------------------------------------------------------- the command line

def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("address", ["0.0.0.0", "192.168.1.20", "::"])
def test_the_app_on_a_network_address_without_auth_refuses_in_one_line(capsys, address):
    code, _, err = run(capsys, "app", "--address", address)
    assert code == 1
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert f"--address {address} serves other computers" in err and "--auth" in err


def _app_command(monkeypatch, capsys, *argv):
    calls = []
    monkeypatch.setattr(os, "execve", lambda exe, cmd, env: calls.append((cmd, env)))
    monkeypatch.setattr(os, "name", "posix")
    code, _, err = run(capsys, "app", *argv)
    assert code == 0, err
    (cmd, env), = calls
    return cmd, env, err


def test_the_app_with_no_login_starts_and_says_it_is_open(monkeypatch, capsys):
    pytest.importorskip("streamlit")
    cmd, env, err = _app_command(monkeypatch, capsys, "--address", "0.0.0.0", "--no-login")
    assert cmd[cmd.index("--server.address") + 1] == "0.0.0.0"
    assert env["GRAPHMODEL_OPEN"] == "1" and "GRAPHMODEL_AUTH" not in env
    assert "--secrets.files" not in cmd
    assert "anyone who can reach this address" in err


def test_the_app_on_this_computer_needs_no_login(monkeypatch, capsys):
    pytest.importorskip("streamlit")
    monkeypatch.setenv("GRAPHMODEL_OPEN", "1")  # inherited: taken away
    _cmd, env, _err = _app_command(monkeypatch, capsys, "--address", "localhost")
    assert "GRAPHMODEL_OPEN" not in env


def test_the_app_with_auth_hands_streamlit_a_private_secrets_file(monkeypatch, capsys, tmp_path):
    pytest.importorskip("streamlit")
    pytest.importorskip("authlib")
    auth = tmp_path / "auth.toml"
    auth.write_text(GOOD, encoding="utf-8")
    cmd, env, err = _app_command(monkeypatch, capsys, "--address", "0.0.0.0", "--auth", auth)
    secrets = Path(cmd[cmd.index("--secrets.files") + 1])
    try:
        assert env["GRAPHMODEL_AUTH"] == str(auth.resolve())
        assert "GRAPHMODEL_OPEN" not in env
        assert stat.S_IMODE(secrets.stat().st_mode) == 0o600
        assert "very-secret-value" in secrets.read_text()
        assert "very-secret-value" not in err and "0123456789abcdef" not in err
    finally:
        secrets.unlink()
        secrets.parent.rmdir()


def test_the_app_with_a_bad_auth_file_says_what_is_wrong(capsys, tmp_path):
    pytest.importorskip("streamlit")
    auth = tmp_path / "auth.toml"
    auth.write_text(GOOD.replace("client_id = \"app-id\"\n", ""), encoding="utf-8")
    code, _, err = run(capsys, "app", "--address", "0.0.0.0", "--auth", auth)
    assert code == 1 and "[auth] client_id: missing" in err and "Traceback" not in err


def test_auth_and_no_login_exclude_each_other(capsys, tmp_path):
    code, _, err = run(capsys, "app", "--auth", tmp_path / "a.toml", "--no-login")
    assert code == 2 and "not allowed with argument" in err


def test_workspace_list_and_show_name_who_saved_each_version(capsys, tmp_path):
    ws = Workspace(tmp_path)
    v = ws.add_dataset(tiny(), "Tiny", actor=EDITOR)
    ws.add_version(v.dataset_id, tiny(FILES2), actor=ADMIN)
    ws.save_view(v.id, "Kari's view", {"x": 1}, actor=ADMIN)
    code, out, _ = run(capsys, "workspace", "list", "--workspace", tmp_path)
    assert code == 0
    header, row = out.splitlines()[2:4]
    assert header.endswith("SAVED BY") and row.endswith("kari@kommune.no")
    code, out, _ = run(capsys, "workspace", "show", v.dataset_id, "--workspace", tmp_path)
    lines = out.splitlines()
    assert "SAVED BY" in lines[4]
    assert v.id in lines[5] and "eli@kommune.no" in lines[5]
    assert "kari@kommune.no" in lines[6]
    assert any("Kari's view" in line and "(saved by kari@kommune.no)" in line for line in lines)
    code, out, _ = run(capsys, "workspace", "show", v.id, "--workspace", tmp_path)
    assert "  saved by      eli@kommune.no" in out


def test_workspace_grant_roles_revoke_and_backup_on_the_command_line(capsys, tmp_path):
    ws = Workspace(tmp_path / "ws")
    ws.add_dataset(tiny(), "Tiny")
    me = getpass.getuser()
    code, _, err = run(capsys, "workspace", "grant", "kari@kommune.no", "admin", "--workspace",
                       tmp_path / "ws")
    assert code == 0 and f"grant user:{me} admin" in err  # a hint: the owner has no role now
    code, _, err = run(capsys, "workspace", "add", NORDIC, "--name", "N", "--workspace",
                       tmp_path / "ws")
    assert code == 1 and f"{me} has no role in this workspace" in err
    code, _, err = run(capsys, "workspace", "grant", "nobody", "admin", "--workspace",
                       tmp_path / "ws")
    assert code == 1 and "is not a principal" in err and "Traceback" not in err
    code, out, _ = run(capsys, "workspace", "roles", "--workspace", tmp_path / "ws")
    assert out == "admin    kari@kommune.no\n"
    code, _, err = run(capsys, "workspace", "backup", tmp_path / "b.sqlite", "--workspace",
                       tmp_path / "ws")
    assert code == 0 and (tmp_path / "b.sqlite").stat().st_size > 0
    with sqlite3.connect(tmp_path / "b.sqlite") as conn:
        assert conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == 1
        assert conn.execute("SELECT role FROM roles").fetchall() == [("admin",)]
    code, _, err = run(capsys, "workspace", "revoke", "kari@kommune.no", "--workspace",
                       tmp_path / "ws")
    assert code == 1 and "may not manage roles" in err

