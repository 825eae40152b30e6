"""The data in use: a workspace version per browser session, and the server's workspace.

The explorer keeps what a team works on in a workspace (DESIGN.md "Workspace",
:mod:`graphmodel.workspace`): the folder ``$GRAPHMODEL_WORKSPACE`` (``graphmodel app
--workspace DIR`` sets it), else the per-user default. It is opened once per server
(:func:`workspace_in_use`); the bundled example is added to it (once, by content), and so is
``$GRAPHMODEL_DATA`` (``graphmodel app DATA``). The data a session works on is always one
version of a dataset in it (:func:`version_in_use`), which every link names (``?data=ID``):
a link opens the same data for anyone using that server, after a restart too. What a
session saves is written as the team actor given (:func:`graphmodel.explorer.sign_in.actor`),
whose role the workspace checks.

Each session lists only the bundled example, the start data and the datasets it opened or
uploaded itself (:func:`graphmodel.workspace.session.session_datasets`). Models are loaded
once per version and language (their warnings are written in the language of the load)
and shared between sessions: a :class:`~graphmodel.Model` is never mutated.

When the workspace cannot be used (a folder that cannot be written, a file from a newer
graphmodel), the app still works on the start data and uploads, kept in the session only,
and says so in the sidebar.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

import graphmodel as gm
from graphmodel.i18n import current_language, tr
from graphmodel.team import Actor, local_actor
from graphmodel.workspace import (
    LINK_PARAMETER,
    Version,
    Workspace,
    default_folder,
    open_dataset,
    session_datasets,
)

from . import params

__all__ = [
    "BUNDLED_NAME",
    "DATA_ENV",
    "EXAMPLE_DATA",
    "WORKSPACE_ENV",
    "bundled_model",
    "model_in_use",
    "open_link_data",
    "opened_datasets",
    "start_data",
    "start_problem",
    "use_model",
    "use_new_version",
    "use_version",
    "version_in_use",
    "workspace_in_use",
    "workspace_problem",
]

log = logging.getLogger(__name__)

#: The bundled example (in a checkout of the repository; an installed copy has none).
EXAMPLE_DATA = Path(__file__).resolve().parents[2] / "data" / "nordic"
#: The data ``graphmodel app DATA`` asks the explorer to open (a folder or a zip).
DATA_ENV = "GRAPHMODEL_DATA"
#: The workspace folder ``graphmodel app --workspace DIR`` asks for.
WORKSPACE_ENV = "GRAPHMODEL_WORKSPACE"
#: The name the bundled example has in the workspace.
BUNDLED_NAME = "Nordic example"

MODEL_KEY = "data_in_use"  # the model in use (kept in the session itself without workspace)
VERSION_KEY = "_data_version"  # the id of the version in use
OPENED_KEY = "_data_opened"  # ids this session opened, uploaded or saved
LINK_DONE_KEY = "_data_link_done"
BUNDLED_ERROR_KEY = "bundled_error"


def start_data() -> Path | None:
    """The data a new session opens: ``$GRAPHMODEL_DATA``, else the bundled example where
    there is one, else ``None`` (the app then asks for an upload)."""
    given = os.environ.get(DATA_ENV, "").strip()
    if given:
        return Path(given)
    return EXAMPLE_DATA if EXAMPLE_DATA.exists() else None


# --------------------------------------------------------------------------- the workspace

@dataclass(frozen=True)
class _Opened:
    """The workspace of this server and the versions sessions start with."""

    workspace: Workspace | None
    bundled: str | None  # version id of the bundled example
    start: str | None  # version id a new session opens ($GRAPHMODEL_DATA, else bundled)
    problem: str | None  # why the workspace or the start data cannot be used


def _workspace_folder() -> str:
    given = os.environ.get(WORKSPACE_ENV, "").strip()
    return str(Path(given).expanduser() if given else default_folder())


def _stamp(path: Path) -> tuple:
    """File names, sizes and times: a new stamp when the files change on disk."""
    if not path.exists():
        return ()
    files = [path] if path.is_file() else sorted(path.glob("*.csv"))
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files)


@st.cache_resource(show_spinner=False)
def _open(folder: str, example: str, example_stamp: tuple, data: str, data_stamp: tuple
          ) -> _Opened:
    # Once per server (and per change of the files on disk): open the store, add the
    # bundled example and the start data. A Workspace opens a connection per call, so one
    # object serves every session.
    try:
        ws = Workspace(folder)
    except gm.GraphModelError as exc:
        return _Opened(None, None, None, str(exc))
    bundled = start = problem = None
    if example:
        try:
            bundled = ws.ensure_bundled(example, name=BUNDLED_NAME).id
        except (gm.GraphModelError, OSError) as exc:
            problem = str(exc)
    start = bundled
    if data:
        where = Path(data)
        try:
            if not where.exists():
                raise gm.GraphModelError(f"{data}: no such folder or file")
            name = where.stem if where.is_file() else where.name
            # the operator who starts the server with DATA adds it (whatever the roles)
            start = ws.add_dataset(gm.load(where, name=name), name or "data",
                                   actor=local_actor()).id
        except (gm.GraphModelError, OSError) as exc:
            problem = str(exc)
    return _Opened(ws, bundled, start, problem)


def _opened() -> _Opened:
    example = str(EXAMPLE_DATA) if EXAMPLE_DATA.exists() else ""
    data = os.environ.get(DATA_ENV, "").strip()
    return _open(_workspace_folder(), example, _stamp(EXAMPLE_DATA) if example else (),
                 data, _stamp(Path(data)) if data else ())


def workspace_in_use() -> Workspace | None:
    """The server's workspace (opened once per server); ``None`` when it cannot be used."""
    return _opened().workspace


def workspace_problem() -> str | None:
    """Why the workspace cannot be used (plain text), or ``None``."""
    opened = _opened()
    return opened.problem if opened.workspace is None else None


def start_problem() -> str | None:
    """Why the start data (``$GRAPHMODEL_DATA`` or the example) could not be opened."""
    opened = _opened()
    return opened.problem if opened.workspace is not None else None


@st.cache_resource(show_spinner=False, max_entries=24)
def _load_version(folder: str, version_id: str, lang: str) -> gm.Model:
    # A version's files never change, so (version, language) names the model for good;
    # the language is part of the key because a model's warnings are written at load.
    return Workspace(folder).load_version(version_id)


def _model_of(version_id: str) -> gm.Model:
    ws = workspace_in_use()
    return _load_version(str(ws.folder), version_id, current_language())


# --------------------------------------------------------------------------- the session

def version_in_use() -> str | None:
    """The id of the dataset version this session works on (``None`` without a workspace
    or before any data is there)."""
    if workspace_in_use() is None:
        return None
    state = st.session_state
    if state.get(VERSION_KEY) is None:
        start = _opened().start
        if start is not None:
            _remember(start)
            state[VERSION_KEY] = start
    return state.get(VERSION_KEY)


def opened_datasets() -> list:
    """The datasets this session lists (:func:`~graphmodel.workspace.session.session_datasets`):
    the bundled example, the start data, and what this session opened or uploaded."""
    ws = workspace_in_use()
    if ws is None:
        return []
    ids = list(st.session_state.get(OPENED_KEY, []))
    start = _opened().start
    if start is not None:
        ids.insert(0, start)
    return session_datasets(ws, ids)


def _remember(version_id: str) -> None:
    opened = st.session_state.setdefault(OPENED_KEY, [])
    if version_id not in opened:
        opened.append(version_id)


def use_version(version_id: str) -> None:
    """Make this workspace version the data in use (the link follows)."""
    _remember(version_id)
    st.session_state[VERSION_KEY] = version_id
    st.session_state.pop(MODEL_KEY, None)
    params.publish(LINK_PARAMETER, version_id)  # the address bar names it at once


def open_link_data() -> None:
    """Open the dataset the session's opening link names (``?data=ID``), once per session.

    An id this server lacks becomes a friendly note (the start data stays in use); it is
    never an exception. Call it after :func:`params.begin_run`, before the data is used.
    """
    state = st.session_state
    if state.get(LINK_DONE_KEY):
        return
    state[LINK_DONE_KEY] = True
    values = params.link_values(LINK_PARAMETER)
    if not values or not values[-1]:
        return
    ws = workspace_in_use()
    if ws is None:
        params.note(tr("This link names a dataset, but this server keeps no workspace, so "
                       "it cannot be opened here. Showing the data this server starts with."))
        return
    try:
        model_version = open_dataset(ws, values[-1])
    except gm.GraphModelError as exc:
        params.note(str(exc))
        return
    except Exception as exc:
        log.exception("opening the dataset of a link")
        params.note(tr("The dataset this link names cannot be opened ({what}).",
                       what=type(exc).__name__))
        return
    use_version(model_version[1].id)


def use_new_version(model: gm.Model, note: str = "", as_new_dataset: bool = False,
                    name: str | None = None, actor: Actor | None = None) -> Version:
    """Save ``model`` in the workspace and make it the data in use (the link follows).

    Parameters
    ----------
    model : Model
        A model that loaded cleanly (an upload or an edit).
    note : str
        A short note for the version ("register from the county, March").
    as_new_dataset : bool
        A new dataset called ``name`` (default the model's name), else a new version of
        the dataset in use (a new dataset when none is in use).
    name : str, optional
        The new dataset's name.
    actor : Actor, optional
        Who saves it (the signed-in user, :func:`graphmodel.explorer.sign_in.actor`); the
        workspace refuses what their role does not allow and records them as the author.

    Returns
    -------
    Version
        The version saved (an existing one when the dataset already held this content).

    Raises
    ------
    GraphModelError
        ``WorkspaceError`` when there is no workspace or it refuses the data (too large, a
        bad name), ``PermissionDenied`` when the actor's role may not, ``ValidationError`` when the model's files do not pass the checks. The
        data in use is unchanged then.
    """
    ws = workspace_in_use()
    if ws is None:
        raise gm.WorkspaceError(tr("This server keeps no workspace, so the data cannot be "
                                   "saved: {why}", why=workspace_problem() or "?"))
    current = version_in_use()
    if as_new_dataset or current is None:
        version = ws.add_dataset(model, (name or model.name or "data").strip() or "data",
                                 note, actor=actor)
    else:
        dataset = ws.version(current).dataset_id
        version = ws.add_version(dataset, model, note, parent=current, actor=actor)
    use_version(version.id)
    return version


def bundled_model() -> gm.Model | None:
    """The data sessions open with (:func:`start_data`), loaded once per server and
    language; ``None`` when there is none."""
    opened = _opened()
    if opened.workspace is not None:
        if opened.start is None:
            if opened.problem:
                raise gm.GraphModelError(opened.problem)
            return None
        return _model_of(opened.start)
    path = start_data()
    return None if path is None else _load_bundled(str(path), _stamp(path),
                                                   current_language())


@st.cache_resource(show_spinner=False, max_entries=6)
def _load_bundled(path: str, stamp: tuple, lang: str) -> gm.Model:
    # Only without a workspace. A Model is never mutated: one object serves every session.
    where = Path(path)
    if not where.exists():
        raise gm.GraphModelError(f"{path}: no such folder or file")
    return gm.load(where, name=where.stem if where.is_file() else where.name)


def model_in_use() -> gm.Model | None:
    """The data this session works on: the workspace version in use (else, without a
    workspace, the last clean upload or the start data).

    ``None`` when there is no data, or it cannot be read (the reason is kept in
    ``st.session_state["bundled_error"]``).
    """
    state = st.session_state
    if workspace_in_use() is not None:
        version = version_in_use()
        if version is None:
            problem = start_problem()
            if problem:
                state[BUNDLED_ERROR_KEY] = problem
            return None
        try:
            model = _model_of(version)
        except gm.GraphModelError as exc:
            state[BUNDLED_ERROR_KEY] = exc
            start = _opened().start
            if start is None or start == version:
                return None
            state[VERSION_KEY] = start  # a damaged version: back to the start data
            model = _model_of(start)
        else:
            state.pop(BUNDLED_ERROR_KEY, None)
        state[MODEL_KEY] = model  # the same shared object, for pages and tests that look
        return model
    if MODEL_KEY not in state:
        try:
            model = bundled_model()
        except (gm.GraphModelError, OSError) as exc:
            state[BUNDLED_ERROR_KEY] = exc
            return None
        state.pop(BUNDLED_ERROR_KEY, None)
        if model is None:
            return None
        state[MODEL_KEY] = model
    return state[MODEL_KEY]


def use_model(model: gm.Model, actor: Actor | None = None) -> None:
    """Make ``model`` the data in use (only ever a model that loaded cleanly).

    With a workspace the model is saved there (the start data when it holds the same
    content, else a new dataset named after the model), so the link names it. Without
    one it is kept in the session only.
    """
    opened = _opened()
    if opened.workspace is None:
        st.session_state[MODEL_KEY] = model
        return
    for known in (opened.start, opened.bundled):
        if known and opened.workspace.version(known).content_hash == model.content_hash():
            use_version(known)
            return
    use_new_version(model, as_new_dataset=True, name=model.name, actor=actor)
