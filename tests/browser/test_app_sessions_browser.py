"""Six people at once: each opens their own dataset by link and uploads their own file, and
each sees only their own data; a control shows the check can fail.

One explorer server, six fresh browser contexts driven side by side (each step is started
in every session before any is waited for, so the server runs them concurrently). Every
dataset carries a marker name shown in the sidebar ("Data in use: …"): ``Link-k`` for the
dataset session k opens by ``?data=ID``, ``upload-k`` for the zip it uploads. Waits are for
states (a text appearing), never for a fixed time.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from harness import assert_no_exception, streamlit_app

import graphmodel as gm
from graphmodel.workspace import Workspace

pytestmark = pytest.mark.browser

N = 6
TIMEOUT = 180_000  # ms: six sessions on a small shared machine


def dataset(k: int, prefix: str) -> dict[str, str]:
    """A small dataset whose actors are unique to (prefix, k)."""
    a = [f"{prefix}{k}-a{i}" for i in range(k + 2)]
    return {
        "actors.csv": "id,name,kind\n" + "".join(f"{i},{i.upper()},municipality\n" for i in a),
        "collaborations.csv": "id,name,kind\nc1,Shared service,service\n",
        "memberships.csv": "actor,collaboration\n" + "".join(f"{i},c1\n" for i in a),
    }


def zipped(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return buf.getvalue()


def sidebar(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def foreign_markers(page, own: str, markers: list[str]) -> list[str]:
    """What is wrong with what ``page`` shows for the session owning ``own``: its marker
    missing, or another session's marker present (an empty list: only its own data)."""
    text = sidebar(page) + "\n" + page.locator('[data-testid="stMain"]').inner_text()
    wrong = [] if f"Data in use: {own}" in text else [f"{own} missing"]
    return wrong + [f"{m} present" for m in markers
                    if m != own and f"Data in use: {m} " in text + " "]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sessions-ws")
    ws = Workspace(folder)
    ids = [ws.add_dataset(gm.load(dataset(k, "link")), f"Link-{k}").id for k in range(N)]
    with streamlit_app(folder) as url:
        yield url, ids


def test_six_sessions_each_see_only_their_own_data(chromium, server, tmp_path):
    url, ids = server
    uploads = []
    for k in range(N):
        path = tmp_path / f"upload-{k}.zip"
        path.write_bytes(zipped(dataset(k, "up")))
        uploads.append(path)
    markers = [f"Link-{k}" for k in range(N)] + [f"upload-{k}" for k in range(N)]
    contexts = [chromium.new_context(viewport={"width": 1300, "height": 900}, locale="en-GB")
                for _ in range(N + 1)]
    try:
        pages = [c.new_page() for c in contexts]
        # 1. every session opens its own link at once
        for k in range(N):
            pages[k].goto(f"{url}/data?data={ids[k]}", wait_until="commit")
        # the control: a seventh session opens session 0's link
        pages[N].goto(f"{url}/data?data={ids[0]}", wait_until="commit")
        for k, page in enumerate(pages):
            own = f"Link-{k}" if k < N else "Link-0"
            page.get_by_text(f"Data in use: {own}").wait_for(timeout=TIMEOUT)
        assert [foreign_markers(pages[k], f"Link-{k}", markers) for k in range(N)] == [[]] * N
        # the check can fail: the control, checked as session 1, is caught
        assert foreign_markers(pages[N], "Link-1", markers) == ["Link-1 missing",
                                                                "Link-0 present"]
        # 2. every session uploads its own zip at once
        for k in range(N):
            pages[k].locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
                str(uploads[k]))
        for k in range(N):
            pages[k].get_by_text(f"Data in use: upload-{k}").wait_for(timeout=TIMEOUT)
        for k in range(N):
            assert_no_exception(pages[k])
            assert foreign_markers(pages[k], f"upload-{k}", markers) == [], k
            assert f"{k + 2} actors" in sidebar(pages[k])
        # the control still shows session 0's link data, untouched by the uploads
        assert foreign_markers(pages[N], "Link-0", markers) == []
    finally:
        for c in contexts:
            c.close()
