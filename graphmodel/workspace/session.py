"""What one explorer session sees of a workspace: the dataset a link names, the datasets listed.

The app's side of DESIGN.md "Workspace", as a pure library (no Streamlit): a link carries
``?data=ID`` and :func:`open_dataset` turns that id (a version's, or a dataset's for its
newest version) into the model, or into a :class:`~graphmodel.errors.NotFoundError` whose
message can be shown to the person as it is. :func:`session_datasets` is the dataset
picker's list: the bundled example(s) and the datasets *this* session opened (by upload or
link), so one user's upload never appears in another user's session unless they open
its link. The session keeps the ids it opened (e.g. in ``st.session_state``).

Examples
--------
>>> import tempfile, graphmodel as gm
>>> from graphmodel.workspace import Workspace
>>> files = {"actors.csv": "id,name,kind\\na,A,municipality\\nb,B,municipality",
...          "collaborations.csv": "id,name,kind\\nc,C,service",
...          "memberships.csv": "actor,collaboration\\na,c\\nb,c"}
>>> with tempfile.TemporaryDirectory() as tmp:
...     ws = Workspace(tmp)
...     mine = ws.add_dataset(gm.load(files), "Mine")
...     theirs = ws.add_dataset(gm.load(files), "Theirs")
...     model, version = open_dataset(ws, mine.id)
...     names = [d.name for d in session_datasets(ws, [version.id])]
>>> len(model.actors), version.dataset_name, names
(2, 'Mine', ['Mine'])
"""

from __future__ import annotations

from collections.abc import Iterable

from ..data.model import Model
from ..errors import NotFoundError
from ..i18n import tr
from .rules import is_id
from .store import Dataset, Version, Workspace

__all__ = ["LINK_PARAMETER", "open_dataset", "session_datasets"]

#: the query parameter of a link that names a dataset version (``?data=ID``)
LINK_PARAMETER = "data"


def _not_here(shown: str) -> NotFoundError:
    return NotFoundError(tr(
        "This link names a dataset ({shown}) that this server's workspace does not hold. "
        "It may have been made on another server, or removed; pick a dataset from the "
        "list or upload your files.", shown=shown))


def open_dataset(ws: Workspace, any_id) -> tuple[Model, Version]:
    """The model and version a link's ``?data=ID`` names.

    Parameters
    ----------
    ws : Workspace
    any_id : str
        A version id (that version), or a dataset id (its newest version). Anything else,
        of any type or length, is "not found" without a lookup.

    Returns
    -------
    (Model, Version)
        A freshly loaded model (the caller may cache it; changing it changes nothing
        stored), named after its dataset, and its version record.

    Raises
    ------
    NotFoundError
        With a sentence for the person who opened the link (never echoing more than a
        short, well-formed id).
    WorkspaceError
        When the stored files are damaged or the workspace cannot be read.
    """
    if not is_id(any_id):
        raise _not_here(tr("its id is not one this app makes"))
    try:
        version = ws.resolve(any_id)
    except NotFoundError:
        raise _not_here(tr("id {id}", id=any_id)) from None
    return ws.load_version(version.id), version


def session_datasets(ws: Workspace, opened_ids: Iterable[str] = ()) -> list[Dataset]:
    """The datasets one session lists: every bundled one, and those it opened.

    Parameters
    ----------
    ws : Workspace
    opened_ids : iterable of str
        Dataset or version ids this session uploaded, saved or opened by a link. Ids the
        workspace does not hold (any more) are skipped, so a stale session never fails.

    Returns
    -------
    list of Dataset
        Bundled datasets first, then the session's own, each in the order the workspace
        made them; each dataset once. Never a dataset that only another session opened.
    """
    wanted: set[str] = set()
    for any_id in opened_ids:
        if not is_id(any_id):
            continue
        try:
            wanted.add(ws.resolve(any_id).dataset_id)
        except NotFoundError:
            continue
    everything = ws.datasets()
    bundled = [d for d in everything if d.origin == "bundled"]
    own = [d for d in everything if d.origin != "bundled" and d.id in wanted]
    return bundled + own
