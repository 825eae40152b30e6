"""How long every explorer page takes in a real browser, on the bundled and the French data.

For each dataset (the bundled ``data/nordic``, and the French register where
``../shared/reference/france_banatic`` exists) this starts the explorer as a user does,
``graphmodel app DATA --workspace <a throw-away folder> --port <a free port> --lang en``,
loads the data once (a visit to the Data page, timed as "server start"), then for each page
(network, overlap, fragmentation, profile, map, change, data, share):

* **cold** — the first visit: a new browser session opens the page's address;
* **warm** — after a filter change: a date typed into the sidebar's "On this date" box and
  Enter, three times (each a date not used before, so nothing comes from the cache); the
  minimum of the three is reported (and the maximum beside it).

A visit is *done* when all of these hold at once, polled every 20 ms (no fixed wait):

1. the run that the visit started is over: the address bar carries the link Streamlit
   writes at the very end of a run (``data=`` on a first visit; ``date=<the new date>``
   after a filter change) — this cannot be true before the new run has finished;
2. Streamlit's status widget shows no "Running" (no run queued after it);
3. no element is left stale (``data-stale="true"``: drawn by the previous run and not yet
   replaced);
4. the page's title (``h1``) and its main element (:data:`PAGES`: the chart, table, map,
   picture or link it exists for) are in the page.

The server's peak memory is the ``VmHWM`` of the streamlit process (``graphmodel app``
replaces itself with it), read at the end of each dataset. Headless Chromium
(``/usr/bin/chromium``) through Playwright. Not a test: run it by hand, when the machine
is quiet, from the repository root::

    .venv/bin/python benchmarks/explorer.py [--only nordic|france] [--pages map,overlap]

It waits (up to ``--wait`` seconds) for the 1-minute load average to fall below
``--max-load`` before each dataset, and prints the load beside the figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRAPHMODEL = Path(sys.executable).with_name("graphmodel")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
DATASETS = {
    "nordic": ROOT / "data" / "nordic",
    "france": ROOT.parent / "shared" / "reference" / "france_banatic",
}
#: page slug → (its title, the CSS of its main element). "" is the Network page ("/").
PAGES = {
    "network": ("Network", "iframe"),
    "overlap": ("Overlap", '[data-testid="stVegaLiteChart"], [data-testid="stDataFrame"]'),
    "fragmentation": ("Fragmentation",
                      '[data-testid="stVegaLiteChart"], [data-testid="stDataFrame"]'),
    "profile": ("Municipality profile",
                '[data-testid="stDataFrame"], [data-testid="stVegaLiteChart"]'),
    "map": ("Map", "div.gm-map-root svg.gm-map"),  # CSS pierces the component's shadow root
    "change": ("Change", "iframe"),
    "data": ("Data", '[data-testid="stDataFrame"]'),
    "share": ("Share", '[data-testid="stCode"]'),
}
#: Dates typed into "On this date": three per page, none used twice on one server.
DATES = [f"{year}-{month:02d}-01" for year in range(2023, 2009, -1) for month in (3, 6, 9)]
TIMEOUT = 300.0
STALE = '[data-stale="true"]'


@dataclass
class Row:
    data: str
    page: str
    cold: float
    warm: list[float]
    peak_mb: float = float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_quiet(max_load: float, wait: float) -> float:
    """Wait (at most ``wait`` s) until the 1-minute load average is below ``max_load``."""
    deadline = time.monotonic() + wait
    load = os.getloadavg()[0]
    while load > max_load and time.monotonic() < deadline:
        print(f"  load {load:.1f} > {max_load}: waiting…", file=sys.stderr)
        time.sleep(20)
        load = os.getloadavg()[0]
    return load


def start_server(port: int, data: Path, workspace: str, log) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("GRAPHMODEL_DATA", None)
    proc = subprocess.Popen(
        [str(GRAPHMODEL), "app", str(data), "--workspace", workspace, "--port", str(port),
         "--lang", "en"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"graphmodel app exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise TimeoutError("the explorer did not start")


def peak_mb(pid: int) -> float:
    """The peak resident memory (VmHWM) of the process, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _busy(page) -> bool:
    """Streamlit's status widget says "Running" (counts only: nothing here waits)."""
    return (page.locator('[data-testid="stStatusWidget"]', has_text="Running").count() > 0
            or page.locator('[data-testid="stStatusWidgetRunningIcon"], '
                            '[data-testid="stStatusWidgetRunningManIcon"]').count() > 0)


def wait_done(page, slug: str, start: float, url_has: str, timeout: float = TIMEOUT) -> float:
    """Seconds from ``start`` until the visit is done (see the module's docstring)."""
    title, main = PAGES[slug]
    while time.perf_counter() - start < timeout:
        if (url_has in page.url and not _busy(page)
                and not page.locator(STALE).count()
                and page.locator("h1", has_text=title).count()
                and page.locator(main).count()):
            return time.perf_counter() - start
        page.wait_for_timeout(20)  # not time.sleep: Playwright handles events (the URL) here
    shot = Path(tempfile.gettempdir()) / f"gm-bench-timeout-{slug}.png"
    page.screenshot(path=str(shot), full_page=True)
    stale = page.locator(STALE).count()
    raise TimeoutError(
        f"{slug}: not done after {timeout:.0f} s (url {page.url}; running {_busy(page)}, "
        f"stale {stale}, title {page.locator('h1', has_text=title).count()}, "
        f"main {page.locator(main).count()}; see {shot})")


def measure(name: str, data: Path, pages: list[str], repeats: int) -> tuple[list[Row], float]:
    from playwright.sync_api import sync_playwright

    rows: list[Row] = []
    dates = iter(DATES)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as workspace, \
            open(Path(workspace).parent / f"gm-bench-{port}.log", "w") as log:
        t0 = time.perf_counter()
        server = start_server(port, data, str(Path(workspace) / "ws"), log)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
                first = browser.new_page(viewport={"width": 1280, "height": 900})
                first.goto(f"{base}/data")
                wait_done(first, "data", t0, "data=")  # the data is loaded once per server
                start = time.perf_counter() - t0
                first.close()
                for slug in pages:
                    page = browser.new_page(viewport={"width": 1280, "height": 900})
                    t = time.perf_counter()
                    page.goto(f"{base}/" if slug == "network" else f"{base}/{slug}")
                    cold = wait_done(page, slug, t, "data=")
                    warm = []
                    box = page.locator('[data-testid="stSidebar"] input[aria-label="On this date"]')
                    for _ in range(repeats):
                        day = next(dates)
                        box.fill(day)
                        t = time.perf_counter()
                        box.press("Enter")
                        warm.append(wait_done(page, slug, t, f"date={day}"))
                    rows.append(Row(name, slug, cold, warm))
                    page.close()
                browser.close()
            mb = peak_mb(server.pid)
            for r in rows:
                r.peak_mb = mb
        finally:
            server.terminate()
            server.wait(timeout=30)
    return rows, start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=list(DATASETS))
    parser.add_argument("--pages", default=",".join(PAGES),
                        help="comma-separated pages (default: all)")
    parser.add_argument("--repeats", type=int, default=3, help="filter changes per page")
    parser.add_argument("--max-load", type=float, default=3.0)
    parser.add_argument("--wait", type=float, default=900.0,
                        help="longest wait for a quiet machine, seconds")
    args = parser.parse_args()
    pages = [p for p in args.pages.split(",") if p]
    unknown = set(pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    out = []
    for name, folder in DATASETS.items():
        if args.only and name != args.only:
            continue
        if not (folder / "actors.csv").exists():
            print(f"{name}: {folder} is not there; skipped")
            continue
        before = wait_quiet(args.max_load, args.wait)
        rows, start = measure(name, folder, pages, args.repeats)
        out.append((name, rows, start, before, os.getloadavg()[0]))
    print(f"Explorer pages in headless Chromium; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}")
    print()
    print("| data | page | cold: first visit (s) | warm: after a filter change, min of "
          f"{args.repeats} (max) (s) | server peak (MB) |")
    print("|---|---|---:|---:|---:|")
    for name, rows, start, before, after in out:
        for r in rows:
            print(f"| {name} | {r.page} | {r.cold:.2f} | {min(r.warm):.2f} "
                  f"({max(r.warm):.2f}) | {r.peak_mb:.0f} |")
    print()
    for name, rows, start, before, after in out:
        print(f"{name}: server start and data load {start:.1f} s; load average "
              f"{before:.1f} before, {after:.1f} after")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
