"""Who may do what in a workspace: the roles, the actions they allow, and the acting user.

DESIGN.md "Team server". Three roles, each allowing what the one before allows:

- ``viewer`` sees and shares (opens data, views, links; downloads; snapshots);
- ``editor`` also uploads, edits, saves versions, views and what-ifs;
- ``admin`` also manages the roles of a workspace.

A role is given to a *principal*: an e-mail address (``kari@kommune.no``, any case), every
address of a domain (``*@kommune.no``), a group named by the identity provider's group
claim (``group:ID``, e.g. an Entra ID group's object id) or a local account of the
computer (``user:LOGIN``, for the command line). A user with several matching principals
has the highest of their roles.

The acting user is an :class:`Actor`; the workspace's write calls take one and refuse
with :class:`~graphmodel.errors.PermissionDenied` what its role does not allow. On the
command line the actor is the operating-system user (:func:`local_actor`), who has every
right in a workspace that has no roles set.

Examples
--------
>>> rules = {"kari@kommune.no": "admin", "group:planners": "editor", "*@kommune.no": "viewer"}
>>> role_for(rules, email="Kari@Kommune.no"), role_for(rules, email="ola@kommune.no")
('admin', 'viewer')
>>> role_for(rules, email="ola@kommune.no", groups=["planners"]), role_for(rules, email="x@y.se")
('editor', None)
>>> allows("viewer", "save_version"), allows("editor", "save_version"), allows(None, "view")
(False, True, False)
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graphmodel.errors import PermissionDenied
from graphmodel.i18n import tr

__all__ = [
    "ACTIONS",
    "ROLES",
    "Actor",
    "allows",
    "check_principal",
    "check_role",
    "local_actor",
    "login_actor",
    "require",
    "role_for",
]

#: The roles, least first: each allows what the ones before it allow.
ROLES = ("viewer", "editor", "admin")
#: Each action and the least role that may do it.
ACTIONS: dict[str, str] = {
    "view": "viewer",
    "upload": "editor",
    "edit": "editor",
    "save_version": "editor",
    "save_view": "editor",
    "save_scenario": "editor",
    "manage_roles": "admin",
}


def check_role(role: str) -> str:
    """``role`` when it is one of :data:`ROLES`; :class:`ValueError` naming them otherwise."""
    if role not in ROLES:
        raise ValueError(f"{role!r} is not a role; the roles are {', '.join(ROLES)}")
    return role


def check_principal(principal: str) -> str:
    """A principal in its stored form (lower-case e-mail or domain; group and user as given).

    >>> check_principal(" Kari@Kommune.NO "), check_principal("group:Ab-12")
    ('kari@kommune.no', 'group:Ab-12')
    >>> check_principal("kari")
    Traceback (most recent call last):
    ...
    ValueError: 'kari' is not a principal: give an e-mail address (kari@kommune.no), a domain (*@kommune.no), a group (group:ID) or a local user (user:LOGIN)
    """
    text = str(principal).strip()
    if text.startswith(("group:", "user:")) and len(text.split(":", 1)[1].strip()) > 0:
        kind, name = text.split(":", 1)
        return f"{kind}:{name.strip()}"
    if text.count("@") == 1 and not any(c.isspace() for c in text):
        local, domain = text.split("@")
        if domain and "." in domain and (local == "*" or (local and "*" not in local)):
            return text.lower()
    raise ValueError(f"{principal!r} is not a principal: give an e-mail address "
                     "(kari@kommune.no), a domain (*@kommune.no), a group (group:ID) or a "
                     "local user (user:LOGIN)")


def _rank(role: str | None) -> int:
    return ROLES.index(role) if role in ROLES else -1


def role_for(rules: Mapping[str, str] | Iterable[tuple[str, str]], *, email: str = "",
             groups: Iterable[str] = (), user: str = "") -> str | None:
    """The highest role ``rules`` (principal → role) give to this e-mail, groups or local user.

    ``None`` when no principal matches: such a user may do nothing in the workspace.
    """
    pairs = rules.items() if isinstance(rules, Mapping) else rules
    email = (email or "").strip().lower()
    domain = email.split("@", 1)[1] if email.count("@") == 1 else ""
    names = {f"group:{g}" for g in groups if str(g)}
    if email:
        names.add(email)
    if domain:
        names.add(f"*@{domain}")
    if user:
        names.add(f"user:{user}")
    best: str | None = None
    for principal, role in pairs:
        if principal in names and _rank(role) > _rank(best):
            best = role
    return best


def allows(role: str | None, action: str) -> bool:
    """Whether ``role`` may do ``action`` (one of :data:`ACTIONS`)."""
    return _rank(role) >= _rank(ACTIONS[action])


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user (``kind="login"``) or a local account (``"local"``).

    ``role`` is the role this user has in the workspace acted on (``None``: no role).
    :attr:`author` is what the workspace records as having saved something.
    """

    name: str
    role: str | None
    email: str = ""
    groups: tuple[str, ...] = ()
    kind: str = "login"

    @property
    def author(self) -> str:
        """The e-mail address of a signed-in user, else the name (a local login name)."""
        return self.email or self.name

    def may(self, action: str) -> bool:
        """Whether this actor's role allows ``action``."""
        return allows(self.role, action)


def local_actor(rules: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> Actor:
    """The operating-system user as an actor: every right when ``rules`` is empty (their own
    workspace), else the role ``rules`` give to ``user:LOGIN`` (``None`` when none)."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        login = "unknown"
    rules = list(rules.items() if isinstance(rules, Mapping) else rules)
    role = role_for(rules, user=login) if rules else "admin"
    return Actor(name=login, role=role, kind="local")


def login_actor(claims: Mapping, rules: Mapping[str, str] | Iterable[tuple[str, str]], *,
                groups_claim: str = "groups", email_claim: str = "email") -> Actor:
    """The signed-in user of an ID token's ``claims`` (what ``st.user`` holds) as an actor.

    The address comes from ``email_claim`` only (``"email"``; a provider whose sign-in
    names are the addresses may be configured to use ``"preferred_username"``), and counts
    only when the provider does not say it is unverified (``email_verified`` false gives no
    e-mail role). The groups come from ``groups_claim`` (a list, or one text).

    >>> login_actor({"email": "Ola@Kommune.no", "name": "Ola", "groups": ["g1"]},
    ...             {"group:g1": "editor"})
    Actor(name='Ola', role='editor', email='ola@kommune.no', groups=('g1',), kind='login')
    """
    email = str(claims.get(email_claim) or "").strip().lower()
    if claims.get("email_verified") is False or "@" not in email:
        email = ""
    raw = claims.get(groups_claim) or ()
    groups = (raw,) if isinstance(raw, str) else tuple(str(g) for g in raw)
    name = str(claims.get("name") or email or claims.get("sub") or "?")
    return Actor(name=name, role=role_for(rules, email=email, groups=groups), email=email,
                 groups=groups, kind="login")


def _action_words(action: str) -> str:
    words = {
        "view": tr("open this workspace"),
        "upload": tr("upload data"),
        "edit": tr("edit the data"),
        "save_version": tr("save a version"),
        "save_view": tr("save a view"),
        "save_scenario": tr("save a what-if"),
        "manage_roles": tr("manage roles"),
    }
    return words[action]


def require(actor: Actor, action: str) -> None:
    """Raise :class:`~graphmodel.errors.PermissionDenied` unless ``actor`` may do ``action``.

    >>> require(Actor("ola@kommune.no", "viewer", email="ola@kommune.no"), "save_version")
    Traceback (most recent call last):
    ...
    graphmodel.errors.PermissionDenied: ola@kommune.no is a viewer in this workspace and may not save a version (an editor may).
    """
    if action not in ACTIONS:
        raise ValueError(f"{action!r} is not an action; the actions are {', '.join(ACTIONS)}")
    if actor.may(action):
        return
    needed = ACTIONS[action]
    role_words = {"viewer": tr("a viewer"), "editor": tr("an editor"), "admin": tr("an admin")}
    if actor.role is None:
        message = tr("{who} has no role in this workspace and may not {what}; ask an admin "
                     "of the workspace for one.", who=actor.author, what=_action_words(action))
    else:
        message = tr("{who} is {role} in this workspace and may not {what} ({needed} may).",
                     who=actor.author, role=role_words[actor.role],
                     what=_action_words(action), needed=role_words[needed])
    raise PermissionDenied(message, action=action, role=actor.role, needed=needed)
