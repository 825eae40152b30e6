"""How long the Overlap, Fragmentation and Profile pages take in a real browser.

For each dataset (the bundled data/nordic, and the French register where
``../shared/reference/france_banatic`` exists) this starts ``streamlit run app.py`` on a
free port with the data in use (``$GRAPHMODEL_DATA``, as ``graphmodel app DATA`` does, and
a throw-away ``$GRAPHMODEL_WORKSPACE``), opens the Network page once (the data is loaded
then, once per server), and for each page:

* **first visit**: a new browser session opens the page's address; timed until
  Streamlit's running indicator is gone and the page's title and content are there;
* **filter change**: a date typed into the sidebar's "On this date" box (each a date not
  used before, so nothing comes from the cache); timed the same way.

Prints a table, with the server's peak memory (VmHWM). Not a test; run by hand from the
repository root::

    .venv/bin/python benchmarks/explorer_pages.py [--only nordic|france]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
DATASETS = {
    "nordic": ROOT / "data" / "nordic",
    "france": ROOT.parent / "shared" / "reference" / "france_banatic",
}
PAGES = {"overlap": "Overlap", "fragmentation": "Fragmentation",
         "profile": "Municipality profile"}
DATES = ["2021-06-01", "2019-01-01", "2017-03-01"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, data: Path, workspace: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1", GRAPHMODEL_DATA=str(data),
               GRAPHMODEL_WORKSPACE=workspace, GRAPHMODEL_LANG="en")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise TimeoutError("streamlit did not start")


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_done(page, title: str, start: float, timeout: float = 120,
              settle: float = 0.5) -> float:
    """Seconds from ``start`` until the run is over and the page's content is there.

    Done only once the running indicator has come and gone, or (a run too short to show
    it) ``settle`` seconds have passed with the content there."""
    running = page.locator('[data-testid="stStatusWidget"]')
    seen_running = False
    while time.perf_counter() - start < timeout:
        busy = running.count() > 0 and running.first.is_visible()
        seen_running |= busy
        has_title = page.locator("h1", has_text=title).count() > 0
        content = page.locator('[data-testid="stVegaLiteChart"], [data-testid="stDataFrame"],'
                               ' [data-testid="stAlert"], iframe').count() > 0
        if not busy and has_title and content and (
                seen_running or time.perf_counter() - start > settle):
            return time.perf_counter() - start
        time.sleep(0.02)
    raise TimeoutError(f"{title}: no content after {timeout} s")


def measure(name: str, data: Path) -> list[tuple]:
    from playwright.sync_api import sync_playwright

    rows = []
    port = free_port()
    with tempfile.TemporaryDirectory() as workspace:
        server = start_server(port, data, workspace)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS,
                                            headless=True)
                warm = browser.new_page(viewport={"width": 1280, "height": 900})
                t = time.perf_counter()
                warm.goto(f"http://127.0.0.1:{port}/")
                wait_done(warm, "Network", t, timeout=300)
                warm.close()
                for i, (slug, title) in enumerate(PAGES.items()):
                    page = browser.new_page(viewport={"width": 1280, "height": 900})
                    t = time.perf_counter()
                    page.goto(f"http://127.0.0.1:{port}/{slug}")
                    first = wait_done(page, title, t)
                    box = page.locator('input[aria-label="On this date"]')
                    box.fill(DATES[i])
                    t = time.perf_counter()
                    box.press("Enter")
                    change = wait_done(page, title, t, settle=3.0)
                    rows.append((name, slug, first, change))
                    page.close()
                browser.close()
            rows = [r + (peak_mb(server.pid),) for r in rows]
        finally:
            server.terminate()
            server.wait(timeout=30)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=list(DATASETS))
    args = parser.parse_args()
    rows = []
    for name, folder in DATASETS.items():
        if args.only and name != args.only:
            continue
        if not (folder / "actors.csv").exists():
            print(f"{name}: {folder} is not there; skipped")
            continue
        rows += measure(name, folder)
    print(f"{'data':8} {'page':14} {'first visit (s)':>16} {'filter change (s)':>18} "
          f"{'server peak (MB)':>17}")
    for name, slug, first, change, mb in rows:
        print(f"{name:8} {slug:14} {first:16.2f} {change:18.2f} {mb:17.0f}")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
