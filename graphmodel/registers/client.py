"""A polite, cached, bounded JSON client for one register API (one request at a time).

Used by :mod:`graphmodel.registers.brreg`. What it promises (DESIGN.md "Registers"):

- it only ever asks the host of its base URL: request URLs are built from the base and a
  path, never taken from a response, and a redirect is refused rather than followed;
- one request at a time, a timeout on each, retries with exponential back-off on a
  timeout, a dropped connection, a 5xx answer or a 429 (whose ``Retry-After`` is honoured,
  up to :data:`MAX_WAIT_SECONDS`);
- a response larger than :data:`MAX_RESPONSE_BYTES` is refused;
- every answer is kept in a cache folder, *reduced first* by the caller's ``keep``
  function (so only the fields used reach the disk), with the date it was fetched; a
  second run, or one with ``offline=True``, reads the cache and uses no network.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import hashlib
import http.client
import json
import math
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graphmodel.errors import GraphModelError

from .about import default_cache_folder

__all__ = [
    "MAX_ATTEMPTS",
    "MAX_RESPONSE_BYTES",
    "MAX_WAIT_SECONDS",
    "Answer",
    "JsonClient",
    "RegisterError",
    "default_cache_folder",
]

#: the largest response read (bytes); a page of 100 units is about 150 kB
MAX_RESPONSE_BYTES = 8_000_000
#: tries per request (the first and the retries)
MAX_ATTEMPTS = 5
#: the longest wait between two tries, whatever ``Retry-After`` asks (seconds)
MAX_WAIT_SECONDS = 60.0
#: HTTP answers that are kept in the cache as they are (not errors): a unit that is not
#: there (404) or was deleted (410, whose body still names the unit and its deletion date)
_FINAL = (200, 404, 410)
_USER_AGENT = "graphmodel register import (https://github.com/; one request at a time)"


class RegisterError(GraphModelError):
    """A register could not be read: the network, its answers, the cache or ``--offline``."""


@dataclass(frozen=True)
class Answer:
    """One answer: HTTP ``status`` (200, 404 or 410), the kept ``data`` and the ``fetched`` date."""

    status: int
    data: object
    fetched: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an error: the client asks its base host only."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _check_base(url: str) -> str:
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RegisterError(f"the API address {url!r} is not an http(s) address with a host; "
                            "give one such as https://data.brreg.no/enhetsregisteret/api")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise RegisterError(f"the API address {url!r} may not hold a query, a fragment or a "
                            "user name; give the base address only")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


class JsonClient:
    """GET JSON from one API base, politely, through a cache folder.

    Parameters
    ----------
    base_url : str
        The API's base address (``scheme://host[:port]/path``); every request is under it.
    cache : path, optional
        The cache folder (default :func:`default_cache_folder`).
    offline : bool
        Read the cache only; a request that is not in it raises :class:`RegisterError`.
    refresh : bool
        Ask the network even for what the cache holds (and update the cache).
    timeout : float
        Seconds to wait for one answer.
    backoff : float
        The first wait after a failed try (seconds); it doubles on each further try.
    sleep, today : callable
        Injected for tests: ``sleep(seconds)`` and ``today() -> "YYYY-MM-DD"``.
    """

    def __init__(self, base_url: str, *, cache=None, offline: bool = False,
                 refresh: bool = False, timeout: float = 30.0, backoff: float = 1.0,
                 attempts: int = MAX_ATTEMPTS, sleep: Callable[[float], None] = time.sleep,
                 today: Callable[[], str] | None = None):
        self.base_url = _check_base(base_url)
        self._base = urllib.parse.urlsplit(self.base_url)
        self.cache = Path(cache).expanduser() if cache is not None else default_cache_folder()
        self.offline, self.refresh = bool(offline), bool(refresh)
        self.timeout, self.backoff, self.attempts = float(timeout), float(backoff), int(attempts)
        self._sleep = sleep
        self._today = today or (lambda: _dt.date.today().isoformat())
        self._opener = urllib.request.build_opener(_NoRedirect())
        self.requests = 0  # network requests made (tests and the report read it)

    def __repr__(self) -> str:
        return f"<JsonClient {self.base_url!r} cache={str(self.cache)!r}>"

    # ---- the cache
    def _cache_file(self, path: str, query: dict) -> Path:
        # keyed by path and query only: a mirror (--api-url) shares the cache of the register
        key = path + "?" + urllib.parse.urlencode(sorted(query.items()))
        digest = hashlib.sha256(key.encode()).hexdigest()
        return self.cache / digest[:2] / f"{digest}.json"

    def _read_cache(self, file: Path) -> Answer | None:
        try:
            entry = json.loads(file.read_text(encoding="utf-8"))
            return Answer(int(entry["status"]), entry["data"], str(entry["fetched"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a damaged entry is fetched again

    def _write_cache(self, file: Path, key: str, answer: Answer) -> None:
        file.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"request": key, "status": answer.status, "fetched": answer.fetched,
                           "data": answer.data}, ensure_ascii=False, sort_keys=True)
        tmp = file.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, file)  # a killed run leaves no half-written entry

    # ---- the network
    def url(self, path: str, query: dict | None = None) -> str:
        """The address of ``path`` under the base (``path`` is quoted, never a full URL)."""
        if not path.startswith("/") or "//" in path or ".." in path:
            raise RegisterError(f"not a path under the API: {path!r}")
        quoted = urllib.parse.quote(self._base.path + path, safe="/")
        return urllib.parse.urlunsplit((self._base.scheme, self._base.netloc, quoted,
                                        urllib.parse.urlencode(query or {}), ""))

    def _wait(self, attempt: int, retry_after: str | None) -> float:
        wait = self.backoff * (2 ** attempt)
        if retry_after:
            seconds = None
            try:
                seconds = float(retry_after.strip())
            except ValueError:
                try:
                    when = email.utils.parsedate_to_datetime(retry_after)
                except (TypeError, ValueError, IndexError):
                    when = None
                if when is not None and when.tzinfo is not None:
                    seconds = (when - _dt.datetime.now(_dt.UTC)).total_seconds()
            if seconds is not None and not math.isnan(seconds):
                wait = max(wait, seconds)
        return max(0.0, min(wait, MAX_WAIT_SECONDS))

    def _fetch(self, url: str) -> tuple[int, object]:
        """One answer from the network (status, parsed JSON), after the retries."""
        problem = ""
        for attempt in range(self.attempts):
            retry_after = None
            try:
                self.requests += 1
                request = urllib.request.Request(
                    url, headers={"Accept": "application/json", "User-Agent": _USER_AGENT})
                with self._opener.open(request, timeout=self.timeout) as response:
                    return response.status, self._json(response, url)
            except urllib.error.HTTPError as err:
                status = err.code
                if status in (404, 410):
                    try:
                        body = self._json(err, url)
                    except RegisterError:
                        body = None
                    return status, body
                if 300 <= status < 400:
                    raise RegisterError(f"{url}: the register answered with a redirect "
                                        f"({status}); it is not followed") from None
                if status != 429 and status < 500:
                    raise RegisterError(f"{url}: the register refused the request "
                                        f"(HTTP {status})") from None
                problem = f"HTTP {status}"
                retry_after = err.headers.get("Retry-After") if err.headers else None
            except TimeoutError:
                problem = f"no answer within {self.timeout:g} s"
            except urllib.error.URLError as err:
                if isinstance(err.reason, TimeoutError):
                    problem = f"no answer within {self.timeout:g} s"
                else:
                    problem = f"cannot connect ({err.reason})"
            except (OSError, http.client.HTTPException) as err:
                problem = f"the connection failed ({err})"
            if attempt + 1 < self.attempts:
                self._sleep(self._wait(attempt, retry_after))
        raise RegisterError(f"{url}: {problem} after {self.attempts} tries; try again later, "
                            "or use --offline with what the cache holds")

    @staticmethod
    def _json(response, url: str):
        length = response.headers.get("Content-Length") if response.headers else None
        if length and length.isdigit() and int(length) > MAX_RESPONSE_BYTES:
            raise RegisterError(f"{url}: the answer is larger than {MAX_RESPONSE_BYTES} bytes")
        body = response.read(MAX_RESPONSE_BYTES + 1)
        if len(body) > MAX_RESPONSE_BYTES:
            raise RegisterError(f"{url}: the answer is larger than {MAX_RESPONSE_BYTES} bytes")
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise RegisterError(f"{url}: the answer is not JSON") from None

    # ---- the one public call
    def get(self, path: str, query: dict | None = None, *,
            keep: Callable[[int, object], object]) -> Answer:
        """The answer for ``path`` (with ``query``), from the cache or the network.

        ``keep(status, json)`` reduces a fresh answer to what is used before anything is
        stored; the cache and the caller see only what it returns.
        """
        query = dict(query or {})
        url = self.url(path, query)
        file = self._cache_file(path, query)
        if not self.refresh:
            cached = self._read_cache(file)
            if cached is not None:
                return cached
        if self.offline:
            raise RegisterError(f"{path} is not in the cache ({self.cache}); run once without "
                                "--offline to fetch it")
        status, raw = self._fetch(url)
        answer = Answer(status, keep(status, raw), self._today())
        self._write_cache(file, path + "?" + urllib.parse.urlencode(sorted(query.items())),
                          answer)
        return answer
