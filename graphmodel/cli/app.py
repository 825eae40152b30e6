"""``graphmodel app [DATA]``: start the explorer (Streamlit) on DATA, from any installed copy.

Bound to this computer (127.0.0.1, the default) it needs no login. Bound beyond it
(``--address``) it serves a team and refuses to start without ``--auth AUTH.toml`` (sign-in
through the organisation's OpenID Connect provider, roles per workspace: DESIGN.md "Team
server", :mod:`graphmodel.team`) unless ``--no-login`` says, on purpose, that it is open.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import os
import subprocess
import sys
from pathlib import Path

import graphmodel as gm

from .options import EXIT_OK, add_command, add_data

__all__ = ["APP_EXTRA", "AUTH_EXTRA", "ENV_AUTH", "ENV_DATA", "ENV_LANG", "ENV_OPEN",
           "ENV_WORKSPACE", "is_local", "register", "run", "streamlit_command"]

#: Where the explorer finds its data, workspace and language (set by this command).
ENV_DATA, ENV_WORKSPACE, ENV_LANG = "GRAPHMODEL_DATA", "GRAPHMODEL_WORKSPACE", "GRAPHMODEL_LANG"
#: The team server's configuration (``--auth``) and the open server's flag (``--no-login``).
ENV_AUTH, ENV_OPEN = "GRAPHMODEL_AUTH", "GRAPHMODEL_OPEN"
#: The libraries of the extra ``graphmodel[app]``.
APP_EXTRA = ("streamlit", "altair")
#: What sign-in (``--auth``) needs besides: Streamlit's OpenID Connect client.
AUTH_EXTRA = ("authlib", "httpx")


def is_local(address: str) -> bool:
    """Whether ``address`` serves only this computer (a loopback address or localhost).

    >>> is_local("127.0.0.1"), is_local("localhost"), is_local("::1"), is_local("0.0.0.0")
    (True, True, True, False)
    """
    text = address.strip().strip("[]").lower()
    if text == "localhost":
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False
#: The script Streamlit runs, shipped inside the package.
SCRIPT = Path(__file__).resolve().parents[1] / "explorer" / "serve" / "app.py"


def streamlit_command(args) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that start the explorer for ``args``."""
    if not is_local(args.address) and not args.auth and not args.no_login:
        raise gm.GraphModelError(
            f"--address {args.address} serves other computers, and without --auth anyone who "
            "reaches it could change the team's data: give --auth AUTH.toml (see "
            "docs/team-server.md), or --no-login to serve it open on purpose")
    needed = APP_EXTRA + (AUTH_EXTRA if args.auth else ())
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
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
    env.pop(ENV_AUTH, None)
    env.pop(ENV_OPEN, None)
    secrets: list[str] = []
    if args.auth:
        from graphmodel.team import read_auth, write_secrets

        config = read_auth(args.auth)  # every problem named before anything starts
        env[ENV_AUTH] = str(Path(args.auth).resolve())
        secrets = ["--secrets.files", str(write_secrets(config))]
    elif args.no_login and not is_local(args.address):
        env[ENV_OPEN] = "1"
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(SCRIPT),
        "--server.port", str(args.port), "--server.address", args.address,
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", *secrets,
    ]
    return cmd, env


def run(args) -> int:
    cmd, env = streamlit_command(args)
    print(f"graphmodel: the explorer opens at http://{args.address}:{args.port} "
          "(Ctrl+C stops it)", file=sys.stderr)
    if args.auth:
        print(f"graphmodel: sign-in through the identity provider of {args.auth}",
              file=sys.stderr)
    elif env.get(ENV_OPEN):
        print("graphmodel: warning: no login (--no-login): anyone who can reach this address "
              "can upload and change the data", file=sys.stderr)
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
            graphmodel app --address 0.0.0.0 --auth /etc/graphmodel/auth.toml --workspace /srv/graphmodel
        """,
    )
    add_data(p, optional=True)
    p.add_argument("--port", type=_port, default=8501, help="port to serve on (default: 8501)")
    p.add_argument("--address", default="127.0.0.1",
                   help="address to serve on (default: 127.0.0.1, this computer only; "
                        "0.0.0.0 serves the network and needs --auth or --no-login)")
    login = p.add_mutually_exclusive_group()
    login.add_argument("--auth", metavar="AUTH.toml",
                       help="sign users in through the organisation's OpenID Connect "
                            "provider, with roles per workspace (see docs/team-server.md)")
    login.add_argument("--no-login", action="store_true",
                       help="serve a network address without sign-in, on purpose: anyone who "
                            "reaches it may change the data (every page says so)")
    p.add_argument("--workspace", metavar="DIR",
                   help=f"the workspace folder (also ${ENV_WORKSPACE})")
