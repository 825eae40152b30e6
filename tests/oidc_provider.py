"""A small OpenID Connect provider for the tests, served on 127.0.0.1 in a thread.

It does what an identity provider such as Microsoft Entra ID does in the authorisation-code
flow, no more: a discovery document (``/.well-known/openid-configuration``), a sign-in page
(``/authorize``: a form asking for a login name, then a redirect back with a one-time
code), a token endpoint (``/token``: the code, the client's secret and the PKCE verifier are
checked; it answers with an RS256-signed ID token) and the public key (``/jwks``). The
claims of each user are given to :class:`Provider`; :attr:`Provider.mode` makes the next
tokens ``"forged"`` (signed with a key the provider does not publish) or ``"expired"``.

Examples
--------
>>> with Provider({"kari": {"email": "kari@kommune.no"}}) as idp:
...     import json, urllib.request
...     meta = json.load(urllib.request.urlopen(idp.metadata_url))
>>> meta["issuer"] == idp.issuer, meta["id_token_signing_alg_values_supported"]
(True, ['RS256'])
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey

__all__ = ["CLIENT_ID", "CLIENT_SECRET", "Provider"]

CLIENT_ID = "graphmodel-test"
CLIENT_SECRET = "test-client-secret-not-for-use-anywhere"


class Provider:
    """The provider: ``users`` maps a login name to its ID-token claims."""

    def __init__(self, users: dict[str, dict]):
        self.users = users
        self.mode = "good"  # "good", "forged" or "expired": how the next ID tokens are made
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"}, private=True)
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "test-key"}, private=True)
        self.codes: dict[str, dict] = {}
        self.issued: list[dict] = []  # the claims of every ID token given out
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.metadata_url = f"{self.issuer}/.well-known/openid-configuration"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    # ---- what the endpoints give
    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic",
                                                      "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
        }

    def id_token(self, login: str, nonce: str | None) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": f"sub-{login}", "aud": CLIENT_ID,
                  "iat": now, "exp": now + 600, **self.users[login]}
        if nonce:
            claims["nonce"] = nonce
        if self.mode == "expired":
            claims["iat"], claims["exp"] = now - 7200, now - 3600
        key = self.other_key if self.mode == "forged" else self.key
        self.issued.append(claims)
        return jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, key)

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _send(self, status: int, body: bytes, kind: str = "application/json",
                      headers: dict | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def _json(self, data: dict, status: int = 200) -> None:
                self._send(status, json.dumps(data).encode())

            def _form(self) -> dict[str, str]:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                return {k: v[-1] for k, v in parse_qs(body).items()}

            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = {k: v[-1] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._json(provider.metadata())
                elif url.path == "/jwks":
                    self._json({"keys": [provider.key.as_dict(private=False)]})
                elif url.path == "/authorize":
                    if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                        self._send(400, b"unknown client or response type", "text/plain")
                        return
                    hidden = "".join(
                        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                        for k, v in query.items())
                    page = (f"<!doctype html><title>Test identity provider</title><h1>Test "
                            f"identity provider</h1><form method=post action=/authorize>"
                            f"{hidden}<label>Login <input name=login id=login></label>"
                            f"<button type=submit id=signin>Sign in</button></form>")
                    self._send(200, page.encode(), "text/html; charset=utf-8")
                else:
                    self._send(404, b"not found", "text/plain")

            def do_POST(self) -> None:
                url = urlparse(self.path)
                form = self._form()
                if url.path == "/authorize":
                    login = form.get("login", "")
                    if login not in provider.users:
                        self._send(403, b"unknown user", "text/plain")
                        return
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = {
                        "login": login, "nonce": form.get("nonce"),
                        "redirect_uri": form.get("redirect_uri"),
                        "challenge": form.get("code_challenge")}
                    target = form["redirect_uri"] + "?" + urlencode(
                        {"code": code, "state": form.get("state", "")})
                    self._send(302, b"", "text/plain", {"Location": target})
                elif url.path == "/token":
                    self._token(form)
                else:
                    self._send(404, b"not found", "text/plain")

            def _token(self, form: dict[str, str]) -> None:
                client_id, secret = form.get("client_id"), form.get("client_secret")
                auth = self.headers.get("Authorization", "")
                if auth.startswith("Basic "):
                    client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
                if client_id != CLIENT_ID or secret != CLIENT_SECRET:
                    self._json({"error": "invalid_client"}, 401)
                    return
                grant = provider.codes.pop(form.get("code", ""), None)  # one use only
                if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
                    self._json({"error": "invalid_grant"}, 400)
                    return
                if grant["challenge"]:
                    digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
                    if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
                        self._json({"error": "invalid_grant"}, 400)
                        return
                self._json({"access_token": secrets.token_urlsafe(24), "token_type": "Bearer",
                            "expires_in": 600,
                            "id_token": provider.id_token(grant["login"], grant["nonce"])})

        return Handler
