"""Sign-in, the signed-in user and their role in the explorer (DESIGN.md "Team server").

``graphmodel app --auth AUTH.toml`` sets ``$GRAPHMODEL_AUTH`` and hands the provider to
Streamlit (``st.login``); :func:`gate` then shows only a sign-in page until the user is
signed in, and a refusal to a signed-in user with no role. :func:`actor` is who acts in
this run, for the workspace's write calls, which refuse what the role does not allow;
:func:`may` is what the pages ask before they offer an upload, an edit or a save. The role
comes from the login and the configuration only, never from the link: a shared link never
grants more than the role of whoever opens it. ``graphmodel app --address … --no-login``
sets ``$GRAPHMODEL_OPEN``: :func:`open_banner` then says on every page that it is open.
"""

from __future__ import annotations

import logging
import os

import streamlit as st

from graphmodel.i18n import tr
from graphmodel.team import Actor, TeamConfig, local_actor, login_actor, read_auth

from . import data_in_use, ui

__all__ = ["AUTH_ENV", "OPEN_ENV", "actor", "auth_config", "draw_user", "gate", "may",
           "open_banner", "role_label"]

log = logging.getLogger(__name__)

#: The configuration file ``graphmodel app --auth`` names; the open-server flag.
AUTH_ENV, OPEN_ENV = "GRAPHMODEL_AUTH", "GRAPHMODEL_OPEN"


@st.cache_resource(show_spinner=False)
def _config(path: str) -> TeamConfig:
    return read_auth(path)


def auth_config() -> TeamConfig | None:
    """The checked configuration of this server, or ``None`` when it signs nobody in."""
    path = os.environ.get(AUTH_ENV, "").strip()
    return _config(path) if path else None


def _claims() -> dict:
    try:
        return dict(st.user.to_dict())
    except Exception:  # noqa: BLE001 - no login context (tests without a browser)
        return {}


def actor() -> Actor:
    """Who acts in this run: the signed-in user with their role (configuration and
    workspace roles together), else the operating-system user of the server."""
    ws = data_in_use.workspace_in_use()
    granted = list(ws.roles().items()) if ws is not None else []
    config = auth_config()
    if config is None:
        return local_actor(granted)
    return login_actor(_claims(), list(config.roles.items()) + granted,
                       groups_claim=config.groups_claim, email_claim=config.email_claim)


def may(action: str) -> bool:
    """Whether the user of this run may do ``action`` (see :data:`graphmodel.team.ACTIONS`)."""
    return actor().may(action)


def role_label(role: str | None) -> str:
    """A role's name in the language in use."""
    return {"viewer": tr("viewer"), "editor": tr("editor"), "admin": tr("admin")}.get(
        role or "", tr("no role"))


def gate() -> None:
    """Stop the run with a sign-in page until the user is signed in and has a role."""
    if auth_config() is None:
        return
    if not _claims().get("is_logged_in"):
        ui.header(tr("graphmodel – inter-municipal collaboration"),
                  tr("This server keeps a team's data. Sign in with your organisation's "
                     "account to see it."))
        st.button(tr("Sign in"), key="btn_login", type="primary", icon=":material/login:",
                  on_click=st.login)
        st.caption(tr("You sign in at your organisation's identity provider; this server never "
                      "sees your password. Back on this page after signing in? Then the "
                      "sign-in was not accepted (an invalid or expired answer from the identity "
                      "provider) and nothing was opened: try again, and if it happens again, "
                      "tell whoever runs this server."))
        st.stop()
    who = actor()
    if who.role is None:
        st.title(tr("No access"))
        st.error(ui.md_escape(tr("You are signed in as {who}, but you have no role in this "
                                 "workspace, so nothing is shown. Ask an admin of the "
                                 "workspace to give you one.", who=who.author)))
        st.button(tr("Sign out"), key="btn_logout_norole", icon=":material/logout:",
                  on_click=st.logout)
        st.stop()


def draw_user(bar) -> None:
    """Who is signed in, their role and a way out (only on a server that signs in)."""
    if auth_config() is None:
        return
    who = actor()
    box = bar.container(key="signed_in")
    box.markdown(tr("Signed in as **{name}** ({role})", name=ui.md_escape(who.name),
                    role=role_label(who.role)))
    if who.email and who.email != who.name:
        box.caption(ui.md_escape(who.email))
    box.button(tr("Sign out"), key="btn_logout", icon=":material/logout:", on_click=st.logout)


def open_banner() -> None:
    """On a server served without sign-in beyond this computer: say so, on every page."""
    if os.environ.get(OPEN_ENV):
        st.warning(tr("This server is open: anyone who can reach its address can see, upload "
                      "and change the data (it was started with --no-login)."),
                   icon=":material/lock_open:")
