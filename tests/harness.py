"""The harness of the browser tests: an app server to talk to, a headless Chromium to drive.

Every browser test uses these pieces rather than its own copy:

- :func:`free_port`, :func:`app_env`, :func:`serve` (start a command that serves the
  explorer, wait for ``/_stcore/health`` within a bounded time, stop it and its children)
  and :func:`streamlit_app` (``streamlit run app.py`` on a free loopback port, in a
  workspace of the test's own, on the given data and language);
- :func:`need_chromium` (skip, with the reason, where ``/usr/bin/chromium`` or Playwright's
  Python package is missing) and :func:`launch_chromium` (the system Chromium with
  :data:`ARGS`; a browser is never downloaded); the ``chromium`` fixture of
  ``tests/conftest.py`` is one such browser for a whole test module;
- :class:`FilePage` (a local file opened with every other request aborted and recorded,
  with its console messages, page errors and dialogs);
- :func:`collect_errors`, :func:`open_app`, :func:`settle` (wait until Streamlit has
  finished its run, by its own run state, never a fixed time), :func:`frames_loaded` and
  :func:`assert_no_exception` for pages of the running explorer.

Import with ``from harness import ...`` (``tests/`` is on the path, as for ``conftest``).
Nothing here imports Playwright until a browser is asked for.

Examples
--------
>>> port = free_port()
>>> 1024 <= port <= 65535
True
>>> env = app_env(workspace=Path("/tmp/ws"), data=None, lang="nb")
>>> env["GRAPHMODEL_WORKSPACE"], env["GRAPHMODEL_LANG"], "GRAPHMODEL_DATA" in env
('/tmp/ws', 'nb', False)
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

__all__ = [
    "ARGS",
    "CHROMIUM",
    "CLEAN",
    "NO_CHROMIUM",
    "NO_PLAYWRIGHT",
    "PAINTED",
    "ROOT",
    "RUN_STATE",
    "SHOTS",
    "FilePage",
    "app_env",
    "assert_no_exception",
    "charts_drawn",
    "choose_option",
    "collect_errors",
    "frames_loaded",
    "free_port",
    "launch_chromium",
    "need_chromium",
    "open_app",
    "serve",
    "settle",
    "stop",
    "streamlit_app",
    "wait_healthy",
    "watch_runs",
]

ROOT = Path(__file__).resolve().parents[1]
#: Screenshots for a person to look at (git-ignored).
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
#: The command-line switches every test launches Chromium with.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
NO_CHROMIUM = (f"{CHROMIUM} is not installed (apt-get install chromium; "
               "no browser is downloaded)")
NO_PLAYWRIGHT = "playwright (Python) is not installed"

#: How many canvas pixels are painted (alpha > 0), for ``locator.evaluate``: vis-network
#: draws on a transparent canvas.
PAINTED = """c => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 16) { if (d[i] > 0) n++; }
  return n;
}"""

#: :meth:`FilePage.problems` of a page where all held.
CLEAN = {"requests": [], "console": [], "errors": [], "dialogs": []}

_KEEP = object()  # app_env: leave the variable as the environment has it


# --------------------------------------------------------------------------- the server

def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_env(*, workspace: Path | None = None, data: Path | None = None,
            lang: str | None = None, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for an explorer process: ``base`` (``os.environ``) with unbuffered
    output, ``GRAPHMODEL_WORKSPACE`` set to ``workspace`` (``None`` keeps the inherited one:
    the test session's, see ``conftest``), and ``GRAPHMODEL_DATA``/``GRAPHMODEL_LANG`` set
    to ``data``/``lang``, or taken away where ``None`` (the bundled data, in English)."""
    env = dict(os.environ if base is None else base, PYTHONUNBUFFERED="1")
    for key, value in (("GRAPHMODEL_WORKSPACE", workspace if workspace is not None else _KEEP),
                       ("GRAPHMODEL_DATA", data), ("GRAPHMODEL_LANG", lang)):
        if value is None:
            env.pop(key, None)
        elif value is not _KEEP:
            env[key] = str(value)
    return env


def _tail(log: Path | None, lines: int = 30) -> str:
    if log is None or not log.exists():
        return ""
    text = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    return "\n" + "\n".join(text)


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 120,
                 log: Path | None = None) -> None:
    """Wait until ``{url}/_stcore/health`` answers ``ok``; at most ``timeout`` seconds.

    Raises ``RuntimeError`` when the process exits first, ``TimeoutError`` when time runs
    out (each with the end of ``log``).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the explorer exited early with code {proc.returncode}"
                               + _tail(log))
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200 and r.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"the explorer did not answer on {url} within {timeout} s" + _tail(log))


def stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Stop ``proc`` and its process group (``serve`` starts it in a session of its own):
    SIGTERM, then SIGKILL after ``timeout`` seconds."""
    if proc.poll() is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=timeout)
            return
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def serve(command: Sequence, *, port: int, env: Mapping[str, str], cwd: Path = ROOT,
          log: Path | None = None, timeout: float = 120) -> Iterator[str]:
    """Run ``command`` (a server of the explorer listening on ``port``), wait until it is
    healthy, yield its address ``http://127.0.0.1:PORT``, then stop it.

    Its output is appended to ``log`` (or dropped); it runs in a process group of its own,
    so that everything it starts is stopped with it.
    """
    url = f"http://127.0.0.1:{port}"
    out = log.open("a") if log is not None else subprocess.DEVNULL
    try:
        proc = subprocess.Popen([str(c) for c in command], cwd=cwd, env=dict(env),
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_healthy(url, proc, timeout, log)
            yield url
        finally:
            stop(proc)
    finally:
        if log is not None:
            out.close()


@contextmanager
def streamlit_app(workspace: Path, *, data: Path | None = None, lang: str | None = None,
                  timeout: float = 120) -> Iterator[str]:
    """``streamlit run app.py`` on a free loopback port, headless, no file watcher, in
    ``workspace`` (a folder of the test's own; the server's log is ``server.log`` there),
    on ``data`` (``None``: the bundled example) in ``lang`` (``None``: as the link says,
    English by default); yields the address."""
    workspace.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", ROOT / "app.py",
               "--server.headless", "true", "--server.port", port,
               "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    with serve(command, port=port, env=app_env(workspace=workspace, data=data, lang=lang),
               log=workspace / "server.log", timeout=timeout) as url:
        yield url


# --------------------------------------------------------------------------- the browser

def need_chromium():
    """Skip the test, with the reason, unless the system Chromium and Playwright's Python
    package are both there; returns ``playwright.sync_api``."""
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    return pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)


@contextmanager
def launch_chromium():
    """The system Chromium, headless, with :data:`ARGS` (skipped as :func:`need_chromium`);
    closed afterwards."""
    sync_api = need_chromium()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def collect_errors(page, *, console: bool = True, responses: bool = False) -> list[str]:
    """A list that fills with the page's uncaught errors, its console errors (``console``)
    and the address of every answer of status 400 or more (``responses``)."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    if console:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    if responses:
        page.on("response",
                lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return errors


class FilePage:
    """A local file opened in ``browser`` with every request but its own aborted and
    recorded (``files=True`` lets any ``file:`` address through); also records the console
    messages as ``(type, text)``, the page errors and the dialogs (each dismissed).

    The page has loaded when the object is made; ``page`` is Playwright's page.
    """

    def __init__(self, browser, path: Path, viewport: tuple[int, int] = (1366, 900), *,
                 files: bool = False):
        self.url = Path(path).resolve().as_uri()
        self.files = files
        self.requests: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        self.page.goto(self.url, wait_until="load")

    def _route(self, route) -> None:
        url = route.request.url
        if url == self.url or (self.files and url.startswith("file:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def console_errors(self, kinds: Sequence[str] = ("error", "warning")) -> list[str]:
        """The console messages of those ``kinds``, as ``"type: text"``."""
        return [f"{kind}: {text}" for kind, text in self.console if kind in kinds]

    def problems(self) -> dict[str, list[str]]:
        """What went wrong so far: requests, console errors and warnings, page errors,
        dialogs (each list empty when all held)."""
        return {"requests": list(self.requests), "console": self.console_errors(),
                "errors": list(self.errors), "dialogs": list(self.dialogs)}

    def screenshot(self, name: str, *, full_page: bool = True) -> Path:
        """A screenshot ``tests/screenshots/<name>`` (of the whole page, or the window)."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / name), full_page=full_page)
        return SHOTS / name


# --------------------------------------------------------------------------- the explorer

#: Streamlit's own state of the script run, on its root element: "initial" before the first
#: run, "running" (or "rerunRequested", ...) during one, "notRunning" when it is over.
RUN_STATE = ("document.querySelector('[data-testid=\"stApp\"]')"
             "?.getAttribute('data-test-script-state')")

#: Counts the runs that end on this page (``window.__gmRuns.done``) from now on, and marks
#: them all seen: :func:`settle` ends at once when a run has ended since it last looked.
_WATCH_RUNS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return;
  const w = window.__gmRuns;
  if (!w || w.app !== app) {
    const runs = {app, done: 0, seen: 0, last: app.getAttribute('data-test-script-state')};
    new MutationObserver(() => {
      const now = app.getAttribute('data-test-script-state');
      if (now === 'notRunning' && runs.last !== 'notRunning') runs.done++;
      runs.last = now;
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    window.__gmRuns = runs;
  }
  window.__gmRuns.seen = window.__gmRuns.done;
}"""

_RUN_ENDED = (f"(() => {{ const w = window.__gmRuns; "
              f"return !!w && w.done > w.seen && {RUN_STATE} === 'notRunning'; }})()")


#: True while a run is going or asked for (no app on the page counts as not running).
_BUSY = (f"(() => {{ const s = {RUN_STATE}; "
         f"return s === 'running' || s === 'rerunRequested' || s === 'stopRequested'; }})()")


def settle(page, *, before: int = 400, after: int = 0, timeout: int = 60_000,
           rerun: bool = False) -> None:
    """Wait until Streamlit has finished the current run.

    A run that has ended since the last ``settle`` on this page (Streamlit's run state on
    its root element, watched by the page) ends the first wait at once; otherwise it waits
    up to ``before`` ms for a rerun to start — or, with ``rerun`` (the action before is
    known to rerun the page), until one has ended (at most ``timeout`` ms). Then until no
    run is going and Streamlit's status widget is gone, then ``after`` ms more.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    watched = page.evaluate("!!window.__gmRuns")
    if rerun and watched:
        page.wait_for_function(_RUN_ENDED, timeout=timeout, polling=20)
    elif before > 0:
        try:
            page.wait_for_function(_RUN_ENDED if watched else "false", timeout=before,
                                   polling=20)
        except PlaywrightTimeout:
            pass  # no run ended within ``before``: none started, or one is still going
    page.wait_for_function(f"!{_BUSY}", timeout=timeout, polling=20)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=timeout)
    if after:
        page.wait_for_timeout(after)
    watch_runs(page)


def watch_runs(page) -> None:
    """Mark every run that has ended on ``page`` as seen (see :func:`settle`)."""
    with contextlib.suppress(Exception):  # a page navigating away has nothing to watch
        page.evaluate(_WATCH_RUNS)


def frames_loaded(page, timeout: int = 60_000) -> None:
    """Wait until the page and every frame in it (components, drawings) have loaded."""
    for frame in page.frames:
        try:
            frame.wait_for_load_state("load", timeout=timeout)
        except Exception as exc:
            if "detached" not in str(exc).lower():
                raise


def choose_option(page, label: str, option: str, *, tries: int = 4) -> None:
    """Pick ``option`` in the selectbox labelled ``label``: open it, wait until the option is
    listed, click it, and wait for the rerun. A click that lands while Streamlit is still
    drawing opens nothing; then the list is closed and opened again (a state, not a time)."""
    settle(page)
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    wanted = page.get_by_role("option", name=option).first
    for attempt in range(tries):
        box.locator('[role="combobox"], input').first.click()
        try:
            wanted.wait_for(state="visible", timeout=10_000)
            break
        except Exception:  # not listed yet: close it and open it again
            if attempt == tries - 1:
                raise
            page.keyboard.press("Escape")
            settle(page)
    wanted.click()
    settle(page)


def charts_drawn(page, timeout: int = 60_000) -> None:
    """Wait until every frame has loaded and every chart on view has drawn its canvas or
    SVG (a screenshot then shows them)."""
    frames_loaded(page, timeout)
    page.wait_for_function("""() => [...document.querySelectorAll(
        '[data-testid="stVegaLiteChart"]')].filter(c => c.offsetParent !== null)
        .every(c => c.querySelector('canvas, svg'))""", timeout=timeout, polling=50)


def open_app(page, url: str, *, ready: str = '[data-testid="stMain"]',
             again: bool = False) -> None:
    """Go to ``url`` (a page of the running explorer), wait for ``ready`` (at most 60 s),
    until Streamlit's first run is over (its run state, never a fixed time) and every frame
    has loaded; with ``again``, settle once more after that (a drawing or a map mounts, and
    may fetch, after the run)."""
    page.goto(url, wait_until="domcontentloaded")
    page.locator(ready).wait_for(timeout=60_000)
    page.wait_for_function(f"{RUN_STATE} === 'notRunning'", timeout=60_000, polling=20)
    settle(page, before=0)
    frames_loaded(page)
    if again:
        settle(page)
        frames_loaded(page)


def assert_no_exception(page) -> None:
    """No Streamlit exception box, traceback or "This app has encountered an error"."""
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.locator("body").inner_text()
    assert "Traceback" not in body
    assert "This app has encountered an error" not in body
