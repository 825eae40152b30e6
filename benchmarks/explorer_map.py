"""How long the explorer's Map page takes to redraw after a filter change, in a real browser.

Starts ``streamlit run app.py`` on a free port (the bundled data, data/nordic), opens
``/map`` in the system Chromium (``/usr/bin/chromium``, headless, through Playwright), then
three times adds a sector in the sidebar's Sector filter (each a combination not drawn
before, so nothing comes from the cache) and times from the key press to the moment the new
map's SVG is in the page. Prints the three figures, their minimum and the load average.
Not a test: run it by hand, from the repository root::

    .venv/bin/python benchmarks/explorer_map.py
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
SECTORS = ("Child welfare", "PPT (pupil support)", "Fire and rescue")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise TimeoutError("streamlit did not start")


def map_key(page) -> str | None:
    """The digest of the map now in the page (``None`` before the first one)."""
    root = page.locator("div.gm-map-root")  # Playwright's CSS pierces the shadow root
    if not root.count() or not page.locator("div.gm-map-root svg.gm-map").count():
        return None
    return root.first.get_attribute("data-key")


def wait_new_map(page, old: str | None, start: float, timeout: float = 60) -> float:
    while time.perf_counter() - start < timeout:
        key = map_key(page)
        if key and key != old:
            return time.perf_counter() - start
        time.sleep(0.01)
    raise TimeoutError("the map was not redrawn")


def main() -> int:
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = start_server(port)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            start = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/map")
            first = wait_new_map(page, None, start, timeout=120)
            time.sleep(1.0)  # let the first run finish
            figures = []
            box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
                has_text="Sector")
            for sector in SECTORS:
                old = map_key(page)
                box.locator("input").click()
                page.keyboard.type(sector)
                t0 = time.perf_counter()
                page.keyboard.press("Enter")
                figures.append(wait_new_map(page, old, t0))
                page.keyboard.press("Escape")
                time.sleep(1.0)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"Map page, bundled data (data/nordic), Chromium headless; load average "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"  first draw (page open, cold cache): {first:.2f} s")
    for sector, s in zip(SECTORS, figures):
        print(f"  redraw after adding the sector {sector!r}: {s:.2f} s")
    print(f"  redraw after a filter change: min {min(figures):.2f} s, max {max(figures):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
