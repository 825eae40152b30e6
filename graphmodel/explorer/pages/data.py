"""Data page: the data in use and its versions; upload (CSV, zip, xlsx), edit, check, download.

Nothing reaches the data in use (or the workspace) unless the loader's checks pass: a bad
upload or edit lists every problem and changes nothing. Saving always makes a new version
(:func:`graphmodel.explorer.state.use_new_version`), never an overwrite.
"""

from __future__ import annotations

import os
from pathlib import PurePath

import pandas as pd
import streamlit as st

import graphmodel as gm
from graphmodel.explorer import sidebar, sign_in, state as app_state, ui
from graphmodel.explorer.language import pinned
from graphmodel.explorer.page_tables import (
    EDIT_FILES,
    check_files,
    digest,
    edited_files,
    metrics_workbook,
    show_problems,
    text_tables,
)
from graphmodel.explorer.view_state import app_root
from graphmodel.i18n import date, integer, ntr, tr
from graphmodel.registers import (
    API_URL,
    JsonClient,
    cannot_say,
    change_label,
    progress_text,
    run_import,
)

state = st.session_state
esc = ui.md_escape

RESULT_KEY = "_upload_result"
SIGNATURE_KEY = "_upload_signature"
GENERATION_KEY = "_upload_generation"
SEEN_KEY = "_upload_seen"
EDIT_CHECK_KEY = "_edit_check"
#: The largest upload the page reads (all files together); Streamlit's own limit
#: (``server.maxUploadSize`` in .streamlit/config.toml) is set to the same.
MAX_UPLOAD_MB = 50
ARCHIVES = (".zip", ".xlsx")
REGISTER_KEY = "_register_result"
#: set by whoever runs the server: the register's address (a mirror) and the cache folder
API_URL_ENV, CACHE_ENV = "GRAPHMODEL_BRREG_URL", "GRAPHMODEL_BRREG_CACHE"


def _template_files() -> dict[str, bytes]:
    return {
        f"{table}.csv": (",".join(c.name for c in columns) + "\n").encode("utf-8")
        for table, columns in gm.TABLES.items()
    }


def _dataset_name(files) -> str:
    archives = [f.name for f in files if f.name.lower().endswith(ARCHIVES)]
    return PurePath(archives[0]).stem if archives else "upload"


def _file_id(f) -> str:
    return str(getattr(f, "file_id", "") or f"{f.name}:{f.size}")


def _current_files(uploads) -> list:
    """The files of the current upload: a zip or workbook dropped last is read alone; CSV
    files dropped after a refused upload replace those of the same name (so a corrected
    ``actors.csv`` is never "given twice")."""
    seen = state.setdefault(SEEN_KEY, {})
    batch = max(seen.values(), default=0) + 1
    for f in uploads:
        seen.setdefault(_file_id(f), batch)
    order = sorted(uploads, key=lambda f: seen[_file_id(f)])
    latest = seen[_file_id(order[-1])]
    newest = [f for f in order if seen[_file_id(f)] == latest]
    if any(f.name.lower().endswith(ARCHIVES) for f in newest):
        return newest
    by_name = {}
    for f in order:
        if not f.name.lower().endswith(ARCHIVES):
            by_name[f.name.casefold()] = f
    return list(by_name.values())


def _keep(model: gm.Model, note: str, as_new_dataset: bool, name: str) -> str:
    """Make ``model`` the data in use: a new version in the workspace. Returns a sentence
    saying where it went; ``GraphModelError`` (no workspace, refused) for the caller to show,
    escaped, with the data in use unchanged."""
    version = app_state.use_new_version(model, note, as_new_dataset, name, actor=sign_in.actor())
    return tr("Saved as version {number} of **{dataset}**; it is now the data in use.",
              number=integer(version.number), dataset=esc(version.dataset_name))


def _read_upload(files, *, note: str, as_new_dataset: bool, name: str) -> dict:
    """Load the uploaded files; a result to show. The data in use changes only on success."""
    unchanged = tr("The data in use has not changed.")
    size = sum(int(getattr(f, "size", 0) or 0) for f in files)
    if size > MAX_UPLOAD_MB * 1024 * 1024:
        return {"ok": False, "problems": None,
                "summary": tr("The upload is {size} MB; this app reads at most {limit} MB. "
                              "Leave out columns you do not need, or send a zip.",
                              size=integer(round(size / 1024 / 1024)),
                              limit=integer(MAX_UPLOAD_MB)) + " " + unchanged}
    checked = check_files({f.name: f.getvalue() for f in files},
                          name=name or _dataset_name(files))
    if "model" not in checked:
        return {"ok": False, "problems": checked["problems"],
                "summary": esc(checked["message"]) + " " + unchanged}
    model = checked["model"]
    try:
        where = _keep(model, note, as_new_dataset, name or model.name)
    except gm.GraphModelError as err:
        return {"ok": False, "problems": None,
                "summary": tr("The files are fine but could not be saved: {problem}",
                              problem=esc(err)) + " " + unchanged}
    warnings = gm.problems_frame(model.warnings) if model.warnings else None
    return {"ok": True, "problems": warnings,
            "summary": tr("Loaded **{name}**: {actors}, {collaborations}, {memberships}.",
                          name=esc(sidebar.dataset_label(model.name)), **_counts(model))
            + " " + where}


def _register_import(source: str, into: gm.Model | None, offline: bool) -> dict:
    """Run an import from the register and keep it as a new version; a result to show.

    The register's address and cache folder are the server's (``GRAPHMODEL_BRREG_URL``,
    ``GRAPHMODEL_BRREG_CACHE``), never typed in the page.
    """
    bar = st.progress(0.0, text=tr("Starting…"))

    def progress(done: int, total: int, what: str) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=progress_text(done, total, what))

    try:
        client = None
        if source == "brreg":
            client = JsonClient(os.environ.get(API_URL_ENV) or API_URL,
                                cache=os.environ.get(CACHE_ENV) or None, offline=offline)
        result = run_import(source, into, client=client, progress=progress)
        name = "Enhetsregisteret" if source == "brreg" else f"Municipalities {source}"
        where = _keep(result.model, result.note, into is None, name)
    except gm.GraphModelError as err:
        return {"ok": False, "lines": [], "changes": None,
                "summary": tr("The import did not work: {problem}", problem=esc(err)) + " "
                + tr("The data in use has not changed.")}
    finally:
        bar.empty()
    return {"ok": True, "lines": result.lines, "changes": result.changes, "summary": where}


def _version_summary(v) -> str:
    return ", ".join((ntr("{n} actor", "{n} actors", v.n_actors),
                      ntr("{n} collaboration", "{n} collaborations", v.n_collaborations),
                      ntr("{n} membership", "{n} memberships", v.n_memberships)))


def _counts(model: gm.Model) -> dict[str, str]:
    return {
        "actors": ntr("{n} actor", "{n} actors", len(model.actors)),
        "collaborations": ntr("{n} collaboration", "{n} collaborations",
                              len(model.collaborations)),
        "memberships": ntr("{n} membership", "{n} memberships", len(model.memberships)),
    }


@st.cache_data(show_spinner=False, max_entries=8)
def _export(kind: str, data_hash: str, _model: gm.Model) -> bytes:
    """The data in use in one download format, made once per content."""
    if kind == "zip":
        return ui.zip_bytes(gm.to_csv_bytes(_model))
    if kind == "xlsx":
        from graphmodel.data import to_xlsx

        return to_xlsx(_model)
    if kind == "metrics":
        return metrics_workbook(_model)
    from graphmodel.data import gexf_bytes, graphml_bytes

    return {"gexf": gexf_bytes, "graphml": graphml_bytes}[kind](_model)


def _download(column, label: str, kind: str, suffix: str, mime: str, help_text: str,
              model: gm.Model) -> None:
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in model.name)[:60]
    column.download_button(
        label, data=lambda: _export(kind, model.content_hash(), model),
        file_name=f"{stem or 'data'}{suffix}", mime=mime, key=f"dl_data_{kind}",
        icon=":material/download:", help=help_text,
    )


# ------------------------------------------------------------------ upload

def show_upload_intro(who, may_upload: bool) -> None:
    """The upload's heading and what to upload, or what the role allows when it may not."""
    st.subheader(tr("Load your own data") if may_upload else tr("Your role"))
    if may_upload:
        st.markdown(tr("Three files — **actors.csv**, **collaborations.csv**, **memberships.csv** "
                       "— one zip holding them, or one Excel workbook (.xlsx) with the sheets "
                       "**actors**, **collaborations** and **memberships**. Comma or semicolon, "
                       "any capitalisation of the column names, Excel's own CSV works. Start "
                       "from the template below."))
    else:
        st.info(tr("You are a {role} in this workspace: you can look at, download and share "
                   "the data. An editor can upload and edit it.", role=sign_in.role_label(who.role)),
                icon=":material/visibility:")


def upload_options(model: gm.Model | None, workspace, version_id: str | None,
                   may_upload: bool) -> tuple[bool, str, str]:
    """Where the next upload goes: ``(as a new dataset?, its name, its note)``."""
    as_new = True
    if may_upload and workspace is not None and version_id is not None and model is not None:
        choice = st.radio(
            tr("Save the upload as"), ["new_dataset", "new_version"], key="upload_as",
            horizontal=True,
            format_func=pinned(lambda c: (tr("A new dataset") if c == "new_dataset"
                                          else tr("A new version of {name}",
                                                  name=sidebar.dataset_label(model.name)))),
            help=tr("A new version keeps the earlier ones: links to them still open them."),
        )
        as_new = choice == "new_dataset"
    name = note = ""
    if may_upload:
        c_name, c_note = st.columns(2)
        if as_new and workspace is not None:
            name = c_name.text_input(tr("Name of the new dataset"), key="upload_name",
                                     max_chars=120, placeholder=tr("e.g. Trøndelag 2025 "
                                                                   "(default: the file's name)"))
        note = c_note.text_input(tr("Note (optional)"), key="upload_note", max_chars=500,
                                 placeholder=tr("e.g. register from the county, March"))
    return as_new, name, note


def upload_box(may_upload: bool, *, as_new: bool, name: str, note: str) -> None:
    """The upload box: new files are read and checked once; loaded, they are the data in use."""
    generation = state.get(GENERATION_KEY, 0)
    uploads = None if not may_upload else st.file_uploader(
        tr("Upload three CSV files, one zip or one .xlsx workbook"),
        type=["csv", "zip", "xlsx"], accept_multiple_files=True,
        key="upload" if generation == 0 else f"upload_{generation}",
        max_upload_size=MAX_UPLOAD_MB,
        help=tr("Nothing changes until the files load without errors. At most {limit} MB.",
                limit=MAX_UPLOAD_MB),
    )
    if uploads:
        files = _current_files(uploads)
        signature = tuple(_file_id(f) for f in files)
        if state.get(SIGNATURE_KEY) != signature:
            with st.spinner(tr("Reading and checking the files…")):
                state[RESULT_KEY] = _read_upload(files, note=note.strip(),
                                                 as_new_dataset=as_new, name=name.strip())
            state[SIGNATURE_KEY] = signature
            if state[RESULT_KEY]["ok"]:
                # A fresh upload box: the next upload starts empty instead of adding to it.
                state[GENERATION_KEY] = generation + 1
                state.pop(SEEN_KEY, None)
                state.pop(SIGNATURE_KEY, None)
                st.rerun()  # redraw the sidebar filters for the new data
    elif state.get(SIGNATURE_KEY):
        state.pop(SIGNATURE_KEY, None)
        state.pop(RESULT_KEY, None)
        state.pop(SEEN_KEY, None)


def show_upload_result() -> None:
    """What the last upload or saved edit gave: what loaded and its warnings, or why not."""
    result = state.get(RESULT_KEY)
    if result is None:
        return
    if result["ok"]:
        st.success(result["summary"])
        if result["problems"] is not None:
            st.warning(ntr("{n} warning: the data loaded, but have a look.",
                           "{n} warnings: the data loaded, but have a look.",
                           len(result["problems"])))
            show_problems(result["problems"], key="dl_upload_warnings")
    else:
        st.error(result["summary"])
        if result["problems"] is not None:
            show_problems(result["problems"], key="dl_problems")


def template_download() -> None:
    """The empty template: the three CSV files with their headers, in a zip."""
    st.download_button(tr("Download an empty template (zip)"), ui.zip_bytes(_template_files()),
                       file_name="graphmodel-template.zip", mime="application/zip",
                       key="dl_template", icon=":material/download:",
                       help=tr("The three CSV files with their column headers, ready to fill "
                               "in."))


# ------------------------------------------------------------------ start from the register

def register_sources() -> dict[str, str]:
    """What the register import offers, by its code, in words."""
    return {"NO": tr("Every municipality of Norway"),
            "SE": tr("Every municipality of Sweden"),
            "brreg": tr("Every IKS in Enhetsregisteret (Norway)")}


def register_import_section(model: gm.Model | None) -> None:
    """"Start from the register": what to import, into ``model`` or not, and its button."""
    st.subheader(tr("Start from the register"))
    st.caption(tr("Every municipality of Norway or Sweden, or every IKS in Enhetsregisteret "
                  "with its municipal and county owners. Merged into the data in use, it "
                  "replaces only what came from the register and keeps what you typed; the "
                  "result is a new version.") + " " + esc(cannot_say()))
    source_labels = register_sources()
    c_src, c_opts = st.columns(2)
    register_source = c_src.selectbox(tr("What to import"), list(source_labels),
                                      format_func=source_labels.get, key="register_source")
    merge_into = model is not None and c_opts.checkbox(
        tr("Merge into the data in use"), value=True, key="register_into",
        help=tr("Off: the import becomes a dataset of its own."))
    offline = register_source == "brreg" and c_opts.checkbox(
        tr("Offline: use only what was fetched before"), key="register_offline")
    if st.button(tr("Import"), key="btn_register", icon=":material/cloud_download:"):
        state[REGISTER_KEY] = _register_import(register_source, model if merge_into else None,
                                               offline)
        if state[REGISTER_KEY]["ok"]:
            st.rerun()


def register_lines_markdown(lines: list[str]) -> str:
    """The import's report lines as an escaped Markdown list (a leading space: a sub-item)."""
    return "\n".join(("    - " if line.startswith(" ") else "- ") + esc(line.strip())
                     for line in lines)


def show_register_result() -> None:
    """What the last register import gave: where it went and what changed, or why not."""
    register_result = state.get(REGISTER_KEY)
    if register_result is None:
        return
    (st.success if register_result["ok"] else st.error)(register_result["summary"])
    if register_result["lines"]:
        st.markdown(register_lines_markdown(register_result["lines"]))
    changes_table = register_result.get("changes")
    if changes_table is not None and len(changes_table):
        changes_table = changes_table.assign(change=changes_table["change"].map(change_label))
        st.dataframe(changes_table, hide_index=True, key="tbl_register_changes",
                     column_config={"change": tr("Change"),
                                    "collaboration_name": tr("Collaboration"),
                                    "actor_name": tr("Actor"), "detail": tr("What changed"),
                                    "collaboration": None, "actor": None})
        ui.table_download(changes_table, "register-changes.csv", key="dl_register_changes")


# ------------------------------------------------------------------ data in use

def show_data_in_use(workspace) -> gm.Model | None:
    """"Data in use": name, counts, the way back to the example, warnings; ``None`` if none."""
    model = app_state.model_in_use()
    st.subheader(tr("Data in use"))
    if model is None:
        st.info(tr("No data in use yet: upload your files above."))
        return None
    st.markdown(tr("**{name}** — {actors}, {collaborations}, {memberships}.",
                   name=esc(sidebar.dataset_label(model.name)), **_counts(model)))

    if app_state.start_data() is not None:
        try:
            example = app_state.bundled_model()
        except (gm.GraphModelError, OSError):
            example = None
        differs = example is not None and example.content_hash() != model.content_hash()
        if differs and workspace is None and st.button(tr("Go back to the example data"),
                                                       key="btn_example"):
            app_state.use_model(example)
            state.pop(RESULT_KEY, None)
            st.rerun()

    if model.warnings:
        with st.expander(ntr("{n} warning in the data in use", "{n} warnings in the data in use",
                             len(model.warnings))):
            show_problems(gm.problems_frame(model.warnings), key="dl_model_warnings")
    return model


# ------------------------------------------------------------------ versions

def versions_table(versions, version_id: str, root: str) -> pd.DataFrame:
    """One row per version, newest first, with its link under ``root``."""
    return pd.DataFrame({
        "in_use": ["●" if v.id == version_id else "" for v in versions],
        "number": [v.number for v in versions],
        "created": [date(v.created[:10]) if v.created else "" for v in versions],
        "author": [v.author or "–" for v in versions],
        "note": [sidebar.note_label(v.note) for v in versions],
        "summary": [_version_summary(v) for v in versions],
        "link": [f"{root}?data={v.id}" for v in versions],
    }).iloc[::-1]


def version_choices(others) -> dict[str, str]:
    """The versions one may switch to, by id, in words ("Version 2 (1.3.2026)")."""
    return {v.id: tr("Version {number} ({made})", number=integer(v.number),
                     made=date(v.created[:10]) if v.created else "?")
            for v in others}


def versions_section(workspace) -> None:
    """"Versions of …": the dataset's versions with links, and the switch to another one."""
    version_id = app_state.version_in_use() if workspace is not None else None
    if version_id is None:
        return
    try:
        current = workspace.version(version_id)
        versions = workspace.versions(current.dataset_id)
    except gm.GraphModelError as err:
        st.warning(tr("The versions cannot be listed: {problem}", problem=esc(err)))
        versions = []
    if not versions:
        return
    st.subheader(tr("Versions of {name}",
                    name=esc(sidebar.dataset_label(current.dataset_name))))
    try:
        root = app_root(st.context.url or "")
    except Exception:  # noqa: BLE001 - no browser context (tests)
        root = "/"
    table = versions_table(versions, version_id, root)
    st.dataframe(table, hide_index=True, key="tbl_versions", column_config={
        "in_use": st.column_config.TextColumn(tr("In use"), width="small"),
        "number": st.column_config.NumberColumn(tr("Version"), width="small"),
        "created": tr("Made"),
        "author": st.column_config.TextColumn(tr("Saved by"), width="medium"),
        "note": st.column_config.TextColumn(tr("Note"), width="large"),
        "summary": st.column_config.TextColumn(tr("Contents"), width="medium"),
        "link": st.column_config.LinkColumn(tr("Link"), display_text=tr("Open")),
    })
    others = [v for v in versions if v.id != version_id]
    if others:
        c_pick, c_go = st.columns([3, 1], vertical_alignment="bottom")
        labels = version_choices(others)
        picked = c_pick.selectbox(tr("Switch to another version"), list(labels),
                                  format_func=labels.get, key="pick_version")
        if c_go.button(tr("Use this version"), key="btn_use_version"):
            app_state.use_version(picked)
            state.pop(EDIT_CHECK_KEY, None)
            st.rerun()


# ------------------------------------------------------------------ downloads

def downloads_section(model: gm.Model) -> None:
    """"Download": the data (zip of CSV, Excel), its metrics and the graph (GEXF, GraphML)."""
    st.subheader(tr("Download"))
    d = st.columns(5)
    _download(d[0], tr("Data (zip of CSV)"), "zip", ".zip", "application/zip",
              tr("The three CSV files exactly as loaded (extra columns kept); they load back "
                 "as the same data."), model)
    _download(d[1], tr("Data (Excel)"), "xlsx", ".xlsx",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              tr("The three tables as sheets of one workbook; it loads back as the same data."),
              model)
    _download(d[2], tr("Metrics (Excel)"), "metrics", "-metrics.xlsx",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              tr("Every metric table of the whole dataset (as the command line's graphmodel "
                 "metrics computes them), names beside ids, numbers as numbers."), model)
    _download(d[3], tr("Graph (GEXF)"), "gexf", ".gexf", "application/xml",
              tr("For Gephi: one node per actor and collaboration, with their attributes."),
              model)
    _download(d[4], tr("Graph (GraphML)"), "graphml", ".graphml", "application/xml",
              tr("For Gephi, yEd and other graph tools."), model)


# ------------------------------------------------------------------ look and edit

def show_tables(model: gm.Model, may_edit: bool) -> tuple[dict, dict]:
    """"Look and edit": the three tables in tabs; ``(as loaded, as on screen)`` by file name."""
    st.subheader(tr("Look and edit") if may_edit else tr("Look"))
    st.caption(tr("Edit a cell, add rows at the bottom or delete rows. The edit is checked by "
                  "the same rules as an upload; saving makes a new version and keeps the old "
                  "one.")
               if may_edit else tr("Your role lets you look at the tables, not edit them."))
    originals = text_tables(model)
    labels = {"actors.csv": tr("Actors"), "collaborations.csv": tr("Collaborations"),
              "memberships.csv": tr("Memberships")}
    stamp = model.content_hash()[:16]
    edited = {}
    for tab, file in zip(st.tabs([labels[f] for f in EDIT_FILES]), EDIT_FILES):
        with tab:
            frame = originals[file]
            if not may_edit:
                st.dataframe(frame, key=f"look_{file.split('.')[0]}_{stamp}", hide_index=True,
                             width="stretch")
                edited[file] = frame
                continue
            edited[file] = st.data_editor(
                frame, key=f"edit_{file.split('.')[0]}_{stamp}", num_rows="dynamic",
                hide_index=True, width="stretch",
                column_config={c: st.column_config.TextColumn(c) for c in frame.columns},
            )
    # the files not edited here (the optional stated.csv) go with the edit as they are
    edited.update({f: frame for f, frame in originals.items() if f not in edited})
    return originals, edited


def is_edited(originals: dict, edited: dict) -> bool:
    """Whether any table on screen differs from the one loaded (empty cells as ``""``)."""
    return any(not edited[f].fillna("").astype(str).reset_index(drop=True).equals(originals[f])
               for f in EDIT_FILES)


def save_edit_section(model: gm.Model, edited: dict) -> None:
    """The edit checked as an upload: its problems, or the button saving it as a new version."""
    files = edited_files(edited)
    key = digest(files)
    cached = state.get(EDIT_CHECK_KEY)
    if not cached or cached[0] != key:
        with st.spinner(tr("Checking the edit…")):
            cached = (key, check_files(files, name=model.name))
        state[EDIT_CHECK_KEY] = cached
    checked = cached[1]
    if "model" not in checked:
        st.error(tr("The edit breaks a rule: {problem} Nothing is saved while a problem "
                    "remains.", problem=esc(checked["message"])))
        if checked["problems"] is not None:
            show_problems(checked["problems"], key="dl_edit_problems")
    elif checked["model"].content_hash() == model.content_hash():
        st.info(tr("The edit gives the same data as before: nothing to save."))
    else:
        st.success(tr("The edit passes every check."))
        c_note, c_save = st.columns([3, 1], vertical_alignment="bottom")
        edit_note = c_note.text_input(tr("Note for the new version (optional)"),
                                      key="edit_note", max_chars=500)
        if c_save.button(tr("Save as a new version"), key="btn_save_edit", type="primary"):
            try:
                where = _keep(checked["model"], edit_note.strip(), False, model.name)
            except gm.GraphModelError as err:
                st.error(tr("The edit could not be saved: {problem}", problem=esc(err)))
            else:
                state.pop(EDIT_CHECK_KEY, None)
                state[RESULT_KEY] = {"ok": True, "problems": None,
                                     "summary": tr("Saved the edit.") + " " + where}
                st.rerun()


# ------------------------------------------------------------------ the page

ui.header(tr("Data"), tr("Which data is in use? Load your own list of who takes part in what, "
                         "edit it, and download it."))
model = app_state.model_in_use()
workspace = app_state.workspace_in_use()
version_id = app_state.version_in_use() if workspace is not None else None
# What the role does not allow is not offered (and the workspace refuses it if forced).
who = sign_in.actor()
may_upload, may_edit = who.may("upload"), who.may("edit")

show_upload_intro(who, may_upload)
as_new, name, note = upload_options(model, workspace, version_id, may_upload)
upload_box(may_upload, as_new=as_new, name=name, note=note)
show_upload_result()
if may_upload:
    template_download()
register_import_section(model)
show_register_result()
model = show_data_in_use(workspace)
if model is None:
    st.stop()
versions_section(workspace)
downloads_section(model)
originals, edited = show_tables(model, may_edit)
if is_edited(originals, edited):
    save_edit_section(model, edited)
