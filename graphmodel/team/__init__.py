"""The team server: sign-in through the organisation's identity provider, and roles.

DESIGN.md "Team server". :mod:`graphmodel.team.config` reads and checks the configuration
file of ``graphmodel app --auth AUTH.toml`` (the OpenID Connect provider and the roles) and
turns it into the ``secrets.toml`` Streamlit reads; :mod:`graphmodel.team.roles` says what
``viewer``, ``editor`` and ``admin`` may do, who the acting user is (:class:`Actor`) and
refuses what a role does not allow (:class:`~graphmodel.errors.PermissionDenied`). The
workspace's write calls (:class:`graphmodel.workspace.Workspace`) take an ``actor`` and
record its :attr:`Actor.author` with what they save. Nothing here imports Streamlit.
"""

from __future__ import annotations

from graphmodel.errors import PermissionDenied

from .config import (
    PROVIDER_KEYS,
    AuthConfigError,
    TeamConfig,
    parse_auth,
    read_auth,
    secrets_text,
    write_secrets,
)
from .roles import (
    ACTIONS,
    ROLES,
    Actor,
    allows,
    check_principal,
    check_role,
    local_actor,
    login_actor,
    require,
    role_for,
)

__all__ = [
    "ACTIONS",
    "PROVIDER_KEYS",
    "ROLES",
    "Actor",
    "AuthConfigError",
    "PermissionDenied",
    "TeamConfig",
    "allows",
    "check_principal",
    "check_role",
    "local_actor",
    "login_actor",
    "parse_auth",
    "read_auth",
    "require",
    "role_for",
    "secrets_text",
    "write_secrets",
]
