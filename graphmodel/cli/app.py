"""``graphmodel app [DATA]``: start the explorer (Streamlit) on DATA, from any installed copy."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import graphmodel as gm

from .options import EXIT_OK, add_command, add_data

__all__ = ["APP_EXTRA", "ENV_DATA", "ENV_LANG", "ENV_WORKSPACE", "register", "run",
           "streamlit_command"]

#: Where the explorer finds its data, workspace and language (set by this command).
ENV_DATA, ENV_WORKSPACE, ENV_LANG = "GRAPHMODEL_DATA", "GRAPHMODEL_WORKSPACE", "GRAPHMODEL_LANG"
#: The libraries of the extra ``graphmodel[app]``.
APP_EXTRA = ("streamlit", "altair")
#: The script Streamlit runs, shipped inside the package.
SCRIPT = Path(__file__).resolve().parents[1] / "explorer" / "serve" / "app.py"


def streamlit_command(args) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that start the explorer for ``args``."""
    missing = [name for name in APP_EXTRA if importlib.util.find_spec(name) is None]
    if missing:
        raise gm.GraphModelError(
            f"the explorer needs {', '.join(missing)}: install it with "
            'pip install "graphmodel[app]"')
    env = dict(os.environ)
    if args.data:
        data = Path(args.data)
        if not data.exists():
            raise gm.GraphModelError(
                f"{args.data}: no such folder or file. Give a folder holding actors.csv, "
                "collaborations.csv and memberships.csv, or a .zip of them.")
        env[ENV_DATA] = str(data.resolve())
    else:
        env.pop(ENV_DATA, None)
    if args.workspace:
        env[ENV_WORKSPACE] = str(Path(args.workspace).resolve())
    env[ENV_LANG] = args.lang
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(SCRIPT),
        "--server.port", str(args.port), "--server.address", args.address,
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]
    return cmd, env


def run(args) -> int:
    cmd, env = streamlit_command(args)
    print(f"graphmodel: the explorer opens at http://{args.address}:{args.port} "
          "(Ctrl+C stops it)", file=sys.stderr)
    if os.name == "posix":
        sys.stderr.flush()
        os.execve(sys.executable, cmd, env)  # one process: stopping it stops the server
        return EXIT_OK  # reached only where execve is replaced (tests)
    return subprocess.call(cmd, env=env)  # pragma: no cover - Windows


def _port(text: str) -> int:
    import argparse

    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return port


def register(subparsers) -> None:
    p = add_command(
        subparsers, "app", run, reads_data=False,
        help="start the explorer in the browser",
        description="Start the explorer (needs the extra: pip install \"graphmodel[app]\"). "
                    "It opens on DATA; without DATA on the bundled example where there is "
                    "one, else on an empty page where you can upload your files.",
        example="""
            graphmodel app data/nordic --port 8501
        """,
    )
    add_data(p, optional=True)
    p.add_argument("--port", type=_port, default=8501, help="port to serve on (default: 8501)")
    p.add_argument("--address", default="127.0.0.1",
                   help="address to serve on (default: 127.0.0.1, this computer only; "
                        "0.0.0.0 serves the local network)")
    p.add_argument("--workspace", metavar="DIR",
                   help=f"the workspace folder (also ${ENV_WORKSPACE})")
