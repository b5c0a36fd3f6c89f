"""Rendered parts of pages whose data has not changed, kept in Django's cache ("pages").

A page that is costly to build (the 50 × 200 overview matrix: about 260 ms) keeps the costly
part of its HTML under a key made of: its name and parameters, the language, the reader's
*audience* (everyone who would be shown exactly the same HTML: the public, or one confidential
audience — the caller says which, and never shares a key between two audiences), and the current
*version* of each topic the part is built from. A write bumps the version of its topics once its
transaction has committed (`topics_bump`, called by `audit_record` for every audited write), so
the next reader builds the part again; a reader never sees a part built before a write that
committed before its request began. The part never holds anything of one request (a CSRF token,
the reader's name, messages): the page around it is rendered for each request as usual.

Versions are random tokens kept in the same cache: a version lost by the cache (culled, cleared)
is replaced by a new token, which can only cause a miss, never bring back an old part. The cache
is a folder under the data folder (settings.CACHES["pages"]), so the web server's processes, the
task worker and the commands share it: a write in one process is seen by all. With several
machines, point it at a shared folder or turn it off (docs/configuration.md).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable

from django.core.cache import caches
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
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
    _cache().set(f"version:{EVERYTHING}", secrets.token_hex(8), timeout=None)


def part_key(name: str, *, parts: Iterable[object], audience: str, topics: Iterable[str]) -> str:
    versions = [f"{t}={_version(t)}" for t in (EVERYTHING, *sorted(set(topics)))]
    raw = "\x1f".join([name, audience, get_language() or "", *map(str, parts), *versions])
    return f"part:{name}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached_part(
    name: str,
    *,
    parts: Iterable[object],
    audience: str,
    topics: Iterable[str],
    build: Callable[[], str],
) -> SafeString:
    """The HTML `build()` returns, from the cache while its topics are unchanged. The versions
    are read before `build()` reads any data, so a part built from data older than a write is
    never stored under the versions that follow the write."""
    key = part_key(name, parts=parts, audience=audience, topics=topics)
    cache = _cache()
    html = cache.get(key)
    if html is None:
        html = str(build())
        cache.set(key, html, timeout=PART_SECONDS)
    return mark_safe(html)  # build() returns rendered HTML, escaped by its template
