"""Pages whose data has not changed, served from Django's cache ("pages").

A page that is costly to build (the 50 × 200 overview matrix: about 260 ms) is kept whole, as
bytes, under a key made of: its name, path and query, the language, the reader's *audience*
(everyone who would be shown exactly the same page: the public, or one confidential audience —
the caller says which, and never shares a key between two audiences) and the current *version*
of each topic the page is built from. A write bumps the version of its topics once its
transaction has committed (`topics_bump`, called by `audit_record` for every audited write), so
the next reader builds the page again: once a write's request has returned, nobody is served the
page from before it. What belongs to one request is never kept: the CSRF token is put back for
each reader, and a page with messages to show is not cached. A reader that takes gzip is served
the page compressed once for all (`Kept`).

Versions are random tokens kept in the same cache: a version lost by the cache (culled, cleared)
is replaced by a new token, which can only cause a miss, never bring back an old page. The cache
is a folder under the data folder (settings.CACHES["pages"]), so the web server's processes, the
task worker and the commands share it: a write in one process is seen by all. With several
machines, point it at a shared folder or turn it off (docs/configuration.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import secrets
import struct
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

ALIAS = "pages"
# Bumped when the process starts serving (`lanzarote serve`): parts rendered by older code or
# templates are never served after an upgrade.
EVERYTHING = "everything"
PART_SECONDS = 3600


def _cache():
    return caches[ALIAS]


def _version(topic: str) -> str:
    key = f"version:{topic}"
    cache = _cache()
    token = cache.get(key)
    if token is None:
        token = secrets.token_hex(8)
        cache.add(key, token, timeout=None)
        token = cache.get(key) or token
    return token


class _Bump:
    """One on-commit callback per transaction (or savepoint), however many writes it holds."""

    def __init__(self) -> None:
        self.topics: set[str] = set()

    def __call__(self) -> None:
        token = secrets.token_hex(8)
        try:
            _cache().set_many({f"version:{t}": token for t in self.topics}, timeout=None)
        except OSError:
            # the write has committed: if its topics cannot be bumped, nothing cached may stay
            logger.exception("could not bump the page cache's versions; emptying it")
            _cache().clear()


def topics_bump(*topics: str) -> None:
    """The data of these topics changed: bump their versions when the current transaction
    commits (at once outside a transaction; never if it rolls back)."""
    connection = transaction.get_connection()
    here = set(connection.savepoint_ids)
    for savepoints, callback, _robust in connection.run_on_commit:
        # one per savepoint: a savepoint rolled back discards its own callback only
        if savepoints == here and isinstance(callback, _Bump):
            callback.topics.update(topics)
            return
    bump = _Bump()
    bump.topics.update(topics)
    transaction.on_commit(bump, robust=True)


def everything_bump() -> None:
    try:
        _cache().set(f"version:{EVERYTHING}", secrets.token_hex(8), timeout=None)
    except OSError:
        # a read-only or full data folder: the pages are served uncached (cached_page)
        logger.exception("could not bump the page cache's versions at start; emptying it")
        with contextlib.suppress(OSError):
            _cache().clear()


def part_key(name: str, *, parts: Iterable[object], audience: str, topics: Iterable[str]) -> str:
    """The key of a page: the versions are read here, before the page reads any data, so a
    page built from data older than a write is never stored under the versions after it."""
    versions = [f"{t}={_version(t)}" for t in (EVERYTHING, *sorted(set(topics)))]
    raw = "\x1f".join([name, audience, get_language() or "", *map(str, parts), *versions])
    return f"part:{name}:{hashlib.sha256(raw.encode()).hexdigest()}"


CSRF_MARK = b"\x00lanzarote-csrf-token\x00"
# Pages read again and again keep their bytes in the process too (keys are versioned, so a
# page kept here is as fresh as the shared cache's): no file read nor decompression of a
# megabyte for each request. A few pages per process, each kept cut at its CSRF marks, so a
# reader's token is joined in without searching the megabyte again.
_KEPT: OrderedDict[str, Kept] = OrderedDict()
_KEPT_LOCK = threading.Lock()
KEPT_PAGES = 16
# as django.middleware.gzip: the client takes gzip
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


class Kept:
    """A cached page cut at its CSRF marks, and, once a reader that takes gzip has asked,
    the same parts compressed once each for all such readers.

    Each part is raw-deflated on its own and ends with a full flush (the compressor's
    history emptied, the output byte-aligned), so compressed parts and a reader's token,
    compressed the same way, are joined into one valid deflate stream — the technique of
    parallel gzip. A 0.95 MB overview travels as about 66 KB, compressed once (about 9 ms)
    rather than for each reader; per reader it costs the token's few bytes and the checksum
    of the megabyte (about 0.2 ms). The token is compressed apart from the page, so nothing of
    it can be guessed from the size of the page around it (the BREACH attack needs the secret
    and the attacker's text in one compression history)."""

    def __init__(self, parts: list[bytes]) -> None:
        self.parts = parts
        self._deflated: list[bytes] | None = None

    def page(self, token: bytes) -> bytes:
        return token.join(self.parts)

    def gzipped(self, token: bytes) -> bytes:
        if self._deflated is None:
            self._deflated = [_deflate_part(part) for part in self.parts]
        crc = zlib.crc32(self.parts[0])
        for part in self.parts[1:]:
            crc = zlib.crc32(part, zlib.crc32(token, crc))
        size = sum(map(len, self.parts)) + len(token) * (len(self.parts) - 1)
        return b"".join(
            [
                # gzip member header (RFC 1952): deflate, no flags, no time, unknown system
                b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff",
                _deflate_part(token).join(self._deflated),
                b"\x03\x00",  # the last block: empty, final
                struct.pack("<II", crc, size & 0xFFFFFFFF),
            ]
        )


def _deflate_part(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def _served(request: HttpRequest, kept: Kept, token: str) -> HttpResponse:
    if _ACCEPTS_GZIP.search(request.headers.get("accept-encoding", "")):
        response = HttpResponse(kept.gzipped(token.encode()))
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(kept.page(token.encode()))
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def public_only(request: HttpRequest) -> str | None:
    """The audience of a public page in an app that cannot tell signed-in readers apart (it
    sits below accounts): the public's page is cached, a signed-in reader's is not."""
    return None if request.user.is_authenticated else "public"


def cached_page(
    request: HttpRequest,
    *,
    name: str,
    audience: str | None,
    topics: Iterable[str],
    render: Callable[[dict], HttpResponse],
) -> HttpResponse:
    """The whole page as `render(extra_context)` draws it, from the cache while its topics are
    unchanged, for readers of one `audience` (None: not cached, e.g. a signed-in reader where
    the app cannot tell audiences apart). What belongs to one request is never kept: the CSRF
    token (the page is rendered with this request's token, stored with a mark in its place and
    served with the next reader's own), and a page with messages to show is neither stored
    nor served from the cache. The key holds the path and query, so the language links and
    filters are those of the page asked for."""
    token = get_token(request)
    if audience is None or len(messages.get_messages(request)):
        return render({"csrf_token": token})
    try:
        key = part_key(name, parts=(request.get_full_path(),), audience=audience, topics=topics)
        with _KEPT_LOCK:
            kept = _KEPT.get(key)
        if kept is not None:
            _keep(key, kept)
            return _served(request, kept, token)
        page = _cache().get(key)
    except OSError:
        # a full disk or a read-only data folder costs the cache, never the page
        logger.exception("the page cache cannot be read; serving %s uncached", name)
        return render({"csrf_token": token})
    if page is None:
        response = render({"csrf_token": token})
        if response.status_code != 200 or response.streaming:
            return response
        page = response.content.replace(token.encode(), CSRF_MARK)
        try:
            _cache().set(key, page, timeout=PART_SECONDS)
        except OSError:
            logger.exception("the page cache cannot be written; %s stays uncached", name)
            return response
        _keep(key, Kept(page.split(CSRF_MARK)))
        patch_vary_headers(response, ("Accept-Encoding",))
        return response
    kept = Kept(page.split(CSRF_MARK))
    _keep(key, kept)
    return _served(request, kept, token)


def _keep(key: str, kept: Kept) -> None:
    with _KEPT_LOCK:
        _KEPT[key] = kept
        _KEPT.move_to_end(key)
        while len(_KEPT) > KEPT_PAGES:
            _KEPT.popitem(last=False)
