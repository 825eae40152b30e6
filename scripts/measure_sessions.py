"""Measure what one explorer server holds: N browser sessions at once, and its memory.

Starts ``graphmodel app DATA`` on a free loopback port in a fresh workspace, opens N
headless Chromium sessions (each a browser context of its own: another person) on PAGE at
the same time, waits until every one has drawn it, and reports the server's resident
memory (RSS, from /proc) idle, after one session and after N, with the time the N took::

    python scripts/measure_sessions.py data/nordic --sessions 1 5 10 20
    python scripts/measure_sessions.py /path/to/france_banatic --sessions 1 5 10 --page map

Linux only (/proc); needs Playwright's Python package and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import ARGS, CHROMIUM, app_env, free_port, serve

__all__ = ["main", "rss_mib"]


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and its children, in MiB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def _server_pid(port: int) -> int:
    """The process listening on ``port`` (the Streamlit server)."""
    inode = None
    hexport = f"{port:04X}"
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            parts = line.split()
            if parts[1].endswith(":" + hexport) and parts[3] == "0A":
                inode = parts[9]
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                if os.readlink(f"/proc/{pid}/fd/{fd}") == f"socket:[{inode}]":
                    return int(pid)
        except OSError:
            continue
    raise RuntimeError(f"no process listens on port {port}")


def _open_sessions(browser, url: str, n: int, ready: str) -> float:
    """Open ``n`` sessions at once; seconds until every one shows ``ready``."""
    contexts = [browser.new_context(viewport={"width": 1366, "height": 900}) for _ in range(n)]
    pages = [c.new_page() for c in contexts]
    start = time.monotonic()
    for page in pages:  # all requests leave before any page is waited for
        page.goto(url, wait_until="commit")
    for page in pages:
        page.locator(ready).first.wait_for(timeout=600_000)
        page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden",
                                                                timeout=600_000)
    return time.monotonic() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="a folder of the three CSV files")
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10])
    parser.add_argument("--page", default="", help="the page path (default: Network)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    ready = {"": "iframe", "map": '[data-testid="stMain"] svg, iframe',
             "data": '[data-testid="stDataFrame"]'}.get(args.page, '[data-testid="stMain"]')
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = app_env(workspace=Path(tmp) / "ws", lang="en")
        env["PYTHONPATH"] = str(ROOT)
        command = [sys.executable, "-m", "graphmodel.cli", "app", str(Path(args.data).resolve()),
                   "--port", port]
        with serve(command, port=port, env=env, log=Path(tmp) / "server.log",
                   timeout=300) as url, sync_playwright() as p:
            pid = _server_pid(port)
            print(f"server pid {pid}; idle RSS {rss_mib(pid):.0f} MiB", flush=True)
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS,
                                        headless=True)
            peak = [0.0]
            stop = threading.Event()

            def watch():
                while not stop.is_set():
                    peak[0] = max(peak[0], rss_mib(pid))
                    stop.wait(0.2)

            threading.Thread(target=watch, daemon=True).start()
            target = f"{url}/{args.page}" if args.page else url
            for n in args.sessions:
                seconds = _open_sessions(browser, target, n, ready)
                print(f"{n:>3} sessions at once: all drawn in {seconds:5.1f} s; RSS now "
                      f"{rss_mib(pid):.0f} MiB, peak so far {peak[0]:.0f} MiB", flush=True)
                for context in list(browser.contexts):
                    context.close()
            stop.set()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
