"""The team server's configuration file (``AUTH.toml``): the identity provider and the roles.

``graphmodel app --auth AUTH.toml`` reads it with :func:`read_auth` (every problem named
with the file and the key, or the line and column of a TOML syntax error) and hands the
provider part to Streamlit as the ``[auth]`` section of a ``secrets.toml`` of its own
(:func:`write_secrets`: a private folder, the file readable by its owner only). The file::

    [auth]
    client_id = "00000000-0000-0000-0000-000000000000"
    client_secret = "…"
    server_metadata_url = "https://login.microsoftonline.com/TENANT/v2.0/.well-known/openid-configuration"
    cookie_secret = "a long random text (at least 32 characters)"
    redirect_uri = "https://graph.example.no/oauth2callback"
    groups_claim = "groups"        # optional: the ID-token claim that lists the user's groups
    email_claim = "email"          # optional: the claim that holds the user's e-mail address

    [roles]                        # the roles in the workspace this server opens
    admin = ["kari@kommune.no"]
    editor = ["group:6f1c…", "ola@kommune.no"]
    viewer = ["*@kommune.no"]

Examples
--------
>>> text = '''
... [auth]
... client_id = "app"
... client_secret = "s3cret"
... server_metadata_url = "https://idp.example/.well-known/openid-configuration"
... cookie_secret = "0123456789abcdef0123456789abcdef"
... redirect_uri = "https://graph.example.no/oauth2callback"
... [roles]
... editor = ["kari@kommune.no"]
... viewer = ["*@kommune.no", "kari@kommune.no"]
... '''
>>> config = parse_auth(text)
>>> config.roles, config.groups_claim
({'kari@kommune.no': 'editor', '*@kommune.no': 'viewer'}, 'groups')
>>> "s3cret" in repr(config)
False
"""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from graphmodel.errors import GraphModelError

from .roles import ROLES, check_principal

__all__ = [
    "PROVIDER_KEYS",
    "SECRETS_FILE",
    "AuthConfigError",
    "TeamConfig",
    "parse_auth",
    "read_auth",
    "secrets_text",
    "write_secrets",
]

#: The keys of ``[auth]`` every file must give (Streamlit's names for them).
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url", "cookie_secret",
                 "redirect_uri")
#: Keys of ``[auth]`` that may be given as well.
OPTIONAL_KEYS = ("groups_claim", "email_claim")
#: The file Streamlit is pointed at (``--secrets.files``).
SECRETS_FILE = "secrets.toml"
#: The shortest cookie secret accepted (characters).
MIN_COOKIE_SECRET = 32
_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


class AuthConfigError(GraphModelError, ValueError):
    """The configuration file cannot be used (each problem names the file and the key)."""


@dataclass(frozen=True)
class TeamConfig:
    """A checked configuration: the provider settings, the group claim and the roles.

    ``roles`` maps each principal to its highest role. The secrets are kept out of
    ``repr`` so that a log line or traceback never shows them.
    """

    provider: dict[str, str] = field(repr=False)
    roles: dict[str, str]
    groups_claim: str = "groups"
    source: str = ""
    email_claim: str = "email"

    @property
    def redirect_uri(self) -> str:
        """Where the identity provider sends the browser back (``…/oauth2callback``)."""
        return self.provider["redirect_uri"]


def _url(value: str, key: str, where: str, problems: list[str]) -> None:
    parsed = urlparse(value)
    local = parsed.hostname in _LOCAL_HOSTS
    if parsed.scheme not in ("https", "http") or not parsed.hostname:
        problems.append(f"{where}: [auth] {key}: {value!r} is not an http(s) address")
    elif parsed.scheme == "http" and not local:
        problems.append(f"{where}: [auth] {key}: {value!r} must use https (plain http is "
                        "accepted only for 127.0.0.1 or localhost, for trying it out)")


def parse_auth(text: str, where: str = "AUTH.toml") -> TeamConfig:
    """Check the text of a configuration file; :class:`AuthConfigError` lists every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AuthConfigError(f"{where}: not a TOML file: {exc}") from None
    problems: list[str] = []
    for section in data:
        if section not in ("auth", "roles"):
            problems.append(f"{where}: [{section}]: unknown section (the file has [auth] and "
                            "[roles])")
    auth = data.get("auth")
    if not isinstance(auth, dict):
        raise AuthConfigError(f"{where}: [auth] is missing: it names the identity provider "
                              f"({', '.join(PROVIDER_KEYS)})")
    provider: dict[str, str] = {}
    for key in PROVIDER_KEYS:
        value = auth.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where}: [auth] {key}: missing or empty")
        else:
            provider[key] = value.strip()
    for key in auth:
        if key not in PROVIDER_KEYS + OPTIONAL_KEYS:
            problems.append(f"{where}: [auth] {key}: unknown key (known: "
                            f"{', '.join(PROVIDER_KEYS + OPTIONAL_KEYS)})")
    if "server_metadata_url" in provider:
        _url(provider["server_metadata_url"], "server_metadata_url", where, problems)
    if "redirect_uri" in provider:
        _url(provider["redirect_uri"], "redirect_uri", where, problems)
        if not urlparse(provider["redirect_uri"]).path.endswith("/oauth2callback"):
            problems.append(f"{where}: [auth] redirect_uri: must end with /oauth2callback "
                            "(e.g. https://graph.example.no/oauth2callback)")
    if len(provider.get("cookie_secret", "x" * MIN_COOKIE_SECRET)) < MIN_COOKIE_SECRET:
        problems.append(f"{where}: [auth] cookie_secret: at least {MIN_COOKIE_SECRET} "
                        "characters (e.g. python -c \"import secrets; "
                        "print(secrets.token_urlsafe(48))\")")
    claims = {}
    for key, default in (("groups_claim", "groups"), ("email_claim", "email")):
        claims[key] = auth.get(key, default)
        if not isinstance(claims[key], str) or not claims[key].strip():
            problems.append(f"{where}: [auth] {key}: a claim name such as \"{default}\"")
            claims[key] = default
    roles: dict[str, str] = {}
    given = data.get("roles", {})
    if not isinstance(given, dict):
        problems.append(f"{where}: roles: a section [roles] with lists per role")
        given = {}
    for role, principals in given.items():
        if role not in ROLES:
            problems.append(f"{where}: [roles] {role}: unknown role (the roles are "
                            f"{', '.join(ROLES)})")
            continue
        if isinstance(principals, str):
            principals = [principals]
        if not isinstance(principals, list):
            problems.append(f"{where}: [roles] {role}: a list of e-mail addresses or groups")
            continue
        for principal in principals:
            try:
                name = check_principal(principal)
            except ValueError as exc:
                problems.append(f"{where}: [roles] {role}: {exc}")
                continue
            if ROLES.index(role) > ROLES.index(roles.get(name, "viewer")) or name not in roles:
                roles[name] = role
    if problems:
        raise AuthConfigError("\n".join(problems))
    return TeamConfig(provider=provider, roles=roles, groups_claim=claims["groups_claim"].strip(),
                      source=where, email_claim=claims["email_claim"].strip())


def read_auth(path) -> TeamConfig:
    """Read and check a configuration file (see the module's documentation for its form)."""
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AuthConfigError(f"{where}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AuthConfigError(f"{where}: cannot be read ({exc})") from None
    return parse_auth(text, where)


def secrets_text(config: TeamConfig) -> str:
    """The ``secrets.toml`` Streamlit reads: the provider as its ``[auth]`` section."""
    lines = ["# written by graphmodel app --auth; do not edit (it is made at every start)",
             "[auth]"]
    lines += [f"{key} = {json.dumps(config.provider[key])}" for key in PROVIDER_KEYS]
    return "\n".join(lines) + "\n"


def write_secrets(config: TeamConfig, folder=None) -> Path:
    """Write :func:`secrets_text` to a new private folder (mode 0700, the file 0600).

    ``folder`` is where that folder is made (default: the system's temporary folder).
    Returns the file's path, for Streamlit's ``--secrets.files``.
    """
    private = Path(tempfile.mkdtemp(prefix="graphmodel-auth-", dir=folder))
    path = private / SECRETS_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(secrets_text(config))
    return path
