"""A workspace as plain text, for ``graphmodel workspace add | list | show``.

The command line is a thin front on these: :func:`add_data` loads DATA (anything
:func:`graphmodel.data.load` reads: a folder, a zip, an ``.xlsx`` workbook) and stores it,
:func:`format_list` lists the datasets and :func:`format_show` one dataset (its versions,
views and scenarios) or one version. Names and notes come from users: they are shown on
one line each and cut to a width, so no name can fake a line of the listing.

Examples
--------
>>> import tempfile, graphmodel as gm
>>> from graphmodel.workspace import Workspace
>>> files = {"actors.csv": "id,name,kind\\na,A,municipality\\nb,B,municipality",
...          "collaborations.csv": "id,name,kind\\nc,C,service",
...          "memberships.csv": "actor,collaboration\\na,c\\nb,c"}
>>> with tempfile.TemporaryDirectory() as tmp:
...     ws = Workspace(tmp)
...     v = add_data(ws, files, "Demo\\nfake line", note="first")
...     listing = format_list(ws)
...     shown = format_show(ws, v.dataset_id)
>>> "Demo fake line" in listing, v.id in listing, f"  1  {v.id}" in shown
(True, True, True)
"""

from __future__ import annotations

from ..data.load import load
from ..errors import NotFoundError
from .rules import is_id
from .store import Saved, Version, Workspace

__all__ = ["add_data", "format_list", "format_show"]


def add_data(ws: Workspace, source, name: str | None = None, note: str = "") -> Version:
    """Load ``source`` and add it as a dataset called ``name`` (default: the data's name).

    ``graphmodel workspace add DATA --name NAME``. Adding content a dataset of that name
    already holds returns its version (nothing is added).

    Raises
    ------
    ValidationError
        When ``source`` does not load (every problem listed); nothing is stored.
    WorkspaceError
        When the name is empty or too long, or the data too large.
    """
    model = load(source) if name is None else load(source, name=name)
    return ws.add_dataset(model, name if name is not None else model.name, note)


def _cut(text: str, width: int) -> str:
    """``text`` on one line, at most ``width`` characters.

    >>> _cut("a\\nb", 10), _cut("abcdef", 4)
    ('a b', 'abc…')
    """
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def format_list(ws: Workspace) -> str:
    """The datasets of a workspace as plain text (``graphmodel workspace list``).

    One row per dataset: its id, name, number of versions, newest version and its counts,
    when it was saved and by whom.
    """
    datasets = ws.datasets()
    head = f"Workspace {ws.folder}"
    if ws.read_only:
        head = f"Workspace {ws.folder} (read-only: {ws.read_only_reason})"
    if not datasets:
        return (f"{head}: no datasets yet.\n"
                "Add one with: graphmodel workspace add DATA --name NAME\n")
    lines = [f"{head}: {_plural(len(datasets), 'dataset')}", "",
             (f"{'DATASET':<16}  {'NAME':<30}  {'VERSIONS':>8}  {'LATEST':<16}  "
             f"{'ACTORS':>7}  {'COLLABS':>7}  {'MEMBERS':>7}  {'SAVED':<16}  SAVED BY")]
    for d in datasets:
        latest = ws.version(d.latest) if d.latest else None
        counts = ((latest.n_actors, latest.n_collaborations, latest.n_memberships)
                  if latest else ("", "", ""))
        name = _cut(d.name + (" (bundled)" if d.origin == "bundled" else ""), 30)
        saved = latest.created[:16] if latest else d.created[:16]
        lines.append(f"{d.id:<16}  {name:<30}  {d.n_versions:>8}  {d.latest or '':<16}  "
                     f"{counts[0]:>7}  {counts[1]:>7}  {counts[2]:>7}  {saved:<16}  "
                     f"{_author(latest.author if latest else '')}")
    return "\n".join(lines) + "\n"


def _author(author: str) -> str:
    """Who saved something, on one line (``-`` when the file predates authors)."""
    return _cut(author, 40) or "-"


def _saved_lines(title: str, saved: list[tuple[Saved, str]]) -> list[str]:
    """``title`` and one line per saved view or scenario (``where`` names its version)."""
    lines = [f"  {title:<13} {len(saved) or '-'}"]
    lines += [f"    {s.id}  {s.created[:16]}  {where}{_cut(s.name, 60)}  "
              f"(saved by {_author(s.author)})" for s, where in saved]
    return lines


def _show_dataset(ws: Workspace, dataset_id: str) -> str:
    d = ws.dataset(dataset_id)
    versions = ws.versions(d.id)
    lines = [f"Dataset {d.id}: {_cut(d.name, 200)}",
             f"  created {d.created}, {_plural(d.n_versions, 'version')}"
             + (" (bundled example)" if d.origin == "bundled" else ""),
             f"  link          ?data={d.latest}" if d.latest else "  link          -", "",
             (f"  {'#':>3}  {'VERSION':<16}  {'SAVED':<16}  {'SAVED BY':<24}  {'ACTORS':>7}  "
             f"{'COLLABS':>7}  {'MEMBERS':>7}  NOTE")]
    views: list[tuple[Saved, str]] = []
    scenarios: list[tuple[Saved, str]] = []
    for v in versions:
        lines.append(f"  {v.number:>3}  {v.id:<16}  {v.created[:16]:<16}  "
                     f"{_cut(_author(v.author), 24):<24}  {v.n_actors:>7}  "
                     f"{v.n_collaborations:>7}  {v.n_memberships:>7}  {_cut(v.note, 50)}".rstrip())
        views += [(s, f"version {v.number}: ") for s in ws.views(v.id)]
        scenarios += [(s, f"version {v.number}: ") for s in ws.scenarios(v.id)]
    lines.append("")
    lines += _saved_lines("views", views) + _saved_lines("scenarios", scenarios)
    return "\n".join(lines) + "\n"


def _show_version(ws: Workspace, version_id: str) -> str:
    v = ws.version(version_id)
    lines = [
        (f"Version {v.id}: number {v.number} of dataset {v.dataset_id} "
         f"({_cut(v.dataset_name, 200)})"),
        f"  created       {v.created}",
        f"  saved by      {_author(v.author)}",
        f"  made from     {v.parent_version or '-'}",
        f"  content hash  {v.content_hash}",
        f"  size          {v.size:,} bytes of CSV",
        f"  contents      {v.summary}",
        f"  note          {_cut(v.note, 200) or '-'}",
        f"  link          ?data={v.id}",
    ]
    lines += _saved_lines("views", [(s, "") for s in ws.views(v.id)])
    lines += _saved_lines("scenarios", [(s, "") for s in ws.scenarios(v.id)])
    return "\n".join(lines) + "\n"


def format_show(ws: Workspace, any_id: str) -> str:
    """A dataset (its versions with their counts, views and scenarios) or a version (its
    details, views and scenarios) as plain text (``graphmodel workspace show ID``).

    Raises
    ------
    NotFoundError
        When no dataset or version has this id (or it is not an id at all).
    """
    if not is_id(any_id):
        ws.resolve(any_id)  # raises the NotFoundError that explains what an id looks like
    try:
        return _show_dataset(ws, any_id)
    except NotFoundError:
        pass
    try:
        return _show_version(ws, any_id)
    except NotFoundError:
        raise NotFoundError(
            f"no dataset or version has the id {any_id!r} in the workspace {str(ws.folder)!r}; "
            "`graphmodel workspace list` shows the ids it holds") from None
