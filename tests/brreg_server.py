"""A local stand-in for Enhetsregisteret's API: a real HTTP server on 127.0.0.1 that replays
answers in the documented shapes (../shared/reference/brreg/), for the import tests.

``RegisterServer(state)`` serves ``state`` (see :func:`register_state`) under
``/enhetsregisteret/api``; ``script`` lets a test make a path answer badly first (a 429 with
``Retry-After``, a 500, a delay longer than the client's timeout). Every request is logged
with its time, and the most requests ever open at once is kept (``max_open``).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BASE = "/enhetsregisteret/api"
PERSON = {"fodselsdato": "1970-01-31", "navn": {"fornavn": "Kari", "etternavn": "Persondata"},
          "erDoed": False}


def unit(orgnr, navn, form="IKS", **fields):
    """A unit as the register writes it (fields left out stay out)."""
    out = {"organisasjonsnummer": orgnr, "organisasjonsform": {
        "kode": form, "beskrivelse": form,
        "_links": {"self": {"href": f"http://localhost{BASE}/organisasjonsformer/{form}"}}},
        "_links": {"self": {"href": f"http://localhost{BASE}/enheter/{orgnr}"}}}
    if navn is not None:
        out["navn"] = navn
    if form is None:
        del out["organisasjonsform"]
    out.update(fields)
    return out


def komm(orgnr, navn, kommunenummer, form="KOMM", **fields):
    return unit(orgnr, navn, form, forretningsadresse={
        "land": "Norge", "landkode": "NO", "kommunenummer": kommunenummer,
        "adresse": ["Rådhuset"]}, **fields)


def role(orgnr, form, navn, share="50%", withdrawn=False, kode="DTPR", deleted=False):
    return {"type": {"kode": kode, "beskrivelse": "Deltaker"},
            "enhet": {"organisasjonsnummer": orgnr, "organisasjonsform": {"kode": form},
                      "navn": [navn], "erSlettet": deleted,
                      "_links": {"self": {"href": f"https://evil.example/enheter/{orgnr}"}}},
            "ansvarsandel": share, "fratraadt": withdrawn, "rekkefolge": 0}


def person_role(kode="DTPR"):
    return {"type": {"kode": kode, "beskrivelse": "Deltaker"}, "person": PERSON,
            "ansvarsandel": "10%", "fratraadt": False}


def roles(*delt, changed="2021-02-01", persons=True):
    groups = [{"type": {"kode": "DELT", "beskrivelse": "Deltakere"}, "sistEndret": changed,
               "roller": list(delt) + ([person_role()] if persons else [])}]
    if persons:
        groups.append({"type": {"kode": "DAGL", "beskrivelse": "Daglig leder"},
                       "sistEndret": "2020-01-01",
                       "roller": [{"type": {"kode": "DAGL"}, "person": PERSON}]})
    return {"rollegrupper": groups, "_links": {"self": {"href": "https://evil.example/x"}}}


def register_state() -> dict:
    """The first state of the test register: five IKS (one deleted), their owners."""
    iks = [
        unit("900000001", "VESTFOLD VANN IKS", naeringskode1={"kode": "36.000"},
             stiftelsesdato="2001-05-01", konkurs=False, underAvvikling=False),
        unit("900000002", "<script>alert(1)</script> Brannvesen IKS",
             stiftelsesdato="2010-01-01", naeringskode1={"kode": "84.250"}),
        unit("900000003", '=HYPERLINK("http://evil.example","klikk") \u202eSKI\u202c IKS',
             stiftelsesdato="1999-01-01", slettedato="2020-12-31"),
        unit("900000004", None, form=None, underAvvikling=True),
        unit("900000005", "INTERKOMMUNALT ARKIV I TRØNDELAG IKS", konkurs=True,
             stiftelsesdato="not a date"),
        unit("12AB", "A UNIT WITHOUT A READABLE NUMBER"),
    ]
    participants = {
        "800000001": komm("800000001", "TØNSBERG KOMMUNE", "3905"),
        "800000002": komm("800000002", "SANDEFJORD KOMMUNE", "3907"),
        "800000010": komm("800000010", "VESTFOLD FYLKESKOMMUNE", "3905", form="FYLK"),
        "800000003": komm("800000003", "STJØRDAL KOMMUNE", "5035"),
        "800000004": komm("800000004", "KOMMUNE UTEN NUMMER", None),
    }
    role_map = {
        "900000001": roles(role("800000001", "KOMM", "TØNSBERG KOMMUNE"),
                           role("800000002", "KOMM", "SANDEFJORD KOMMUNE", kode="DTSO")),
        "900000002": roles(role("800000010", "FYLK", "VESTFOLD FYLKESKOMMUNE", share="33,3 %"),
                           role("800000001", "KOMM", "TØNSBERG KOMMUNE", share="1/3"),
                           role("800000002", "KOMM", "SANDEFJORD KOMMUNE", withdrawn=True)),
        "900000003": roles(role("810006242", "AS", "ROLFSENS DELTAKERORGANISASJON AS"),
                           role("800000099", "KOMM", "UKJENT KOMMUNE")),
        "900000004": roles(role("800000003", "KOMM", "STJØRDAL KOMMUNE", share=""),
                           role("800000004", "KOMM", "KOMMUNE UTEN NUMMER")),
        "900000005": roles(role("800000003", "KOMM", "STJØRDAL KOMMUNE", share="100%"),
                           role("800000003", "KOMM", "STJØRDAL KOMMUNE", kode="DTSO"),
                           persons=False),
    }
    return {"iks": iks, "page_size": 2, "participants": participants, "roles": role_map,
            "gone": {"900000009": {"organisasjonsnummer": "900000009",
                                   "slettedato": "2022-06-30"}}}


class RegisterServer:
    """The test register on an ephemeral port; ``url`` is its API base."""

    def __init__(self, state: dict, script: dict | None = None):
        self.state = state
        self.script = {k: list(v) for k, v in (script or {}).items()}
        self.log: list[tuple[float, str]] = []
        self.open = 0
        self.max_open = 0
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                with server.lock:
                    server.open += 1
                    server.max_open = max(server.max_open, server.open)
                    server.log.append((time.monotonic(), self.path))
                try:
                    status, body, headers = server.answer(self.path)
                    data = json.dumps(body, ensure_ascii=False).encode()
                    try:
                        self.send_response(status)
                        for k, v in headers.items():
                            self.send_header(k, v)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        self.wfile.write(data)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                finally:
                    with server.lock:
                        server.open -= 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}{BASE}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def answer(self, raw_path: str) -> tuple[int, object, dict]:
        parts = urllib.parse.urlsplit(raw_path)
        path = parts.path.removeprefix(BASE)
        query = dict(urllib.parse.parse_qsl(parts.query))
        with self.lock:
            steps = self.script.get(path)
            step = steps.pop(0) if steps else None
        if step is not None:
            kind = step[0]
            if kind == "delay":
                time.sleep(step[1])
            elif kind == "status":
                return step[1], {"error": "scripted"}, dict(step[2]) if len(step) > 2 else {}
            elif kind == "redirect":
                return 302, {}, {"Location": step[1]}
            elif kind == "body":
                return 200, step[1], {}
        return self.route(path, query)

    def route(self, path: str, query: dict) -> tuple[int, object, dict]:
        st = self.state
        if path == "/enheter":
            if query.get("organisasjonsform") != "IKS":
                return 400, {"error": "only IKS here"}, {}
            size = st["page_size"]
            page = int(query.get("page", 0))
            units = st["iks"][page * size:(page + 1) * size]
            pages = -(-len(st["iks"]) // size)
            body = {"_embedded": {"enheter": units},
                    "_links": {"next": {"href": "https://evil.example/enhetsregisteret/api/"
                                                "enheter?page=999"}},
                    "page": {"size": size, "totalElements": len(st["iks"]),
                             "totalPages": pages, "number": page}}
            if not units:
                body = {"_links": {}, "page": body["page"]}  # an empty page has no _embedded
            return 200, body, {}
        pieces = path.strip("/").split("/")
        if len(pieces) == 3 and pieces[0] == "enheter" and pieces[2] == "roller":
            if pieces[1] in st["roles"]:
                return 200, st["roles"][pieces[1]], {}
            return 200, {"rollegrupper": []}, {}
        if len(pieces) == 2 and pieces[0] == "enheter":
            orgnr = pieces[1]
            if orgnr in st["participants"]:
                return 200, st["participants"][orgnr], {}
            if orgnr in st.get("gone", {}):
                return 410, st["gone"][orgnr], {}
            for u in st["iks"]:
                if u.get("organisasjonsnummer") == orgnr:
                    return 200, u, {}
            return 404, {"status": 404, "error": "Not Found"}, {}
        return 404, {"error": "no such path"}, {}
