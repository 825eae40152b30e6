"""Data page: upload your own CSV files (or a zip), see every problem, download a template."""

from __future__ import annotations

from pathlib import PurePath

import pandas as pd
import streamlit as st

import graphmodel as gm
from graphmodel.explorer import ui
from graphmodel.explorer.state import bundled_model, model_in_use, start_data, use_model

ui.header("Data", "Which data is in use? Load your own list of who takes part in what.")
state = st.session_state
RESULT_KEY = "_upload_result"
SIGNATURE_KEY = "_upload_signature"

PROBLEM_COLUMNS = {
    "severity": "Kind", "file": "File", "line": "Line", "column": "Column", "value": "Value",
    "message": "What to do",
}


def _template_files() -> dict[str, bytes]:
    return {
        f"{table}.csv": (",".join(c.name for c in columns) + "\n").encode("utf-8")
        for table, columns in gm.TABLES.items()
    }


def _dataset_name(files) -> str:
    zips = [f.name for f in files if f.name.lower().endswith(".zip")]
    return PurePath(zips[0]).stem if zips else "upload"


def _read_upload(files) -> dict:
    """Load the uploaded files; a result to show. The data in use changes only on success."""
    try:
        model = gm.load(list(files), name=_dataset_name(files))
    except gm.ValidationError as err:
        return {"ok": False, "problems": err.to_frame(),
                "summary": f"{len(err.errors)} problem{'s' if len(err.errors) != 1 else ''} "
                           "found. The data in use has not changed."}
    except gm.GraphModelError as err:
        return {"ok": False, "problems": None, "summary": f"{err} The data in use has not changed."}
    except Exception as err:  # noqa: BLE001 - an upload must never crash the page
        return {"ok": False, "problems": None,
                "summary": "These files could not be read as CSV or zip "
                           f"({type(err).__name__}: {err}). The data in use has not changed."}
    use_model(model)
    warnings = gm.problems_frame(model.warnings) if model.warnings else None
    return {"ok": True, "problems": warnings,
            "summary": f"Loaded **{model.name}**: {len(model.actors)} actors, "
                       f"{len(model.collaborations)} collaborations, "
                       f"{len(model.memberships)} memberships. It is now the data in use."}


def _problem_table(frame: pd.DataFrame, key: str) -> None:
    show = frame.rename(columns=PROBLEM_COLUMNS)
    st.dataframe(show, hide_index=True, key=key,
                 column_config={"What to do": st.column_config.TextColumn(width="large")})


# ---------------------------------------------------------------- upload
st.subheader("Load your own data")
st.write("Three files — **actors.csv**, **collaborations.csv**, **memberships.csv** — or one "
         "zip holding them. Comma or semicolon, any capitalisation of the column names, "
         "Excel's own CSV works. Start from the template below.")
uploads = st.file_uploader(
    "Upload three CSV files or one zip", type=["csv", "zip"], accept_multiple_files=True,
    key="upload", help="Nothing changes until the files load without errors.",
)
if uploads:
    signature = tuple((f.name, f.size, getattr(f, "file_id", "")) for f in uploads)
    if state.get(SIGNATURE_KEY) != signature:
        with st.spinner("Reading and checking the files…"):
            state[RESULT_KEY] = _read_upload(uploads)
        state[SIGNATURE_KEY] = signature
        if state[RESULT_KEY]["ok"]:
            st.rerun()  # redraw the sidebar filters for the new data
else:
    state.pop(SIGNATURE_KEY, None)
    state.pop(RESULT_KEY, None)

result = state.get(RESULT_KEY)
if result is not None:
    if result["ok"]:
        st.success(result["summary"])
        if result["problems"] is not None:
            st.warning(f"{len(result['problems'])} warning(s): the data loaded, but have a look.")
            _problem_table(result["problems"], "tbl_upload_warnings")
    else:
        st.error(result["summary"])
        if result["problems"] is not None:
            _problem_table(result["problems"], "tbl_upload_problems")
            ui.table_download(result["problems"], "problems.csv", key="dl_problems",
                              label="Download the problem list (CSV)")

c1, c2 = st.columns(2)
with c1:
    st.download_button("Download an empty template (zip)", ui.zip_bytes(_template_files()),
                       file_name="graphmodel-template.zip", mime="application/zip",
                       key="dl_template", icon=":material/download:",
                       help="The three CSV files with their column headers, ready to fill in.")

# ---------------------------------------------------------------- data in use
model = model_in_use()
st.subheader("Data in use")
if model is None:
    st.info("No data in use yet: upload your files above.")
    st.stop()
st.write(f"**{model.name}** — {len(model.actors)} actors, {len(model.collaborations)} "
         f"collaborations, {len(model.memberships)} memberships.")
with c2:
    st.download_button("Download the data in use (zip)", ui.zip_bytes(gm.to_csv_bytes(model)),
                       file_name=f"{model.name}.zip", mime="application/zip",
                       key="dl_data", icon=":material/download:",
                       help="The three CSV files exactly as loaded (extra columns kept).")
if start_data() is not None:
    try:
        example = bundled_model()
    except (gm.GraphModelError, OSError):
        example = None
    differs = example is not None and example.content_hash() != model.content_hash()
    if differs and st.button("Go back to the example data", key="btn_example"):
        use_model(example)
        state.pop(RESULT_KEY, None)
        st.rerun()

if model.warnings:
    with st.expander(f"{len(model.warnings)} warning(s) in the data in use"):
        _problem_table(gm.problems_frame(model.warnings), "tbl_model_warnings")

tabs = st.tabs(["Actors", "Collaborations", "Memberships"])
for tab, table in zip(tabs, ("actors", "collaborations", "memberships")):
    with tab:
        st.dataframe(getattr(model, table), hide_index=True, key=f"tbl_data_{table}")
