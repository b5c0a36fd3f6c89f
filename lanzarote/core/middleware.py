"""A full disk, and a database that cannot be reached or stays busy, said in words: the request
answers 503 with a page that says nothing was saved and what to do, and the operator finds it in
the log."""

import errno
import logging
import sys
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lanzarote.lib.errors import Conflict, NotAllowed, ServiceError
from lanzarote.lib.params import bad_request

logger = logging.getLogger("lanzarote.disk")
logger_db = logging.getLogger("lanzarote.database")

DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
DISK_FULL_WORDS = ("database or disk is full", "no space left on device", "disk full")
POSTGRESQL_DISK_FULL = "53100"


def is_disk_full(error: BaseException | None) -> bool:
    """An OSError ENOSPC (or quota), SQLite's "database or disk is full", PostgreSQL's
    DISK_FULL (SQLSTATE 53100), anywhere in the chain of causes."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, OSError) and error.errno in DISK_FULL_ERRNOS:
            return True
        if getattr(error, "sqlstate", None) == POSTGRESQL_DISK_FULL:
            return True
        if any(words in str(error).lower() for words in DISK_FULL_WORDS):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


# PostgreSQL's connection exceptions (class 08) and shutdowns (57P01-57P03); the words of
# psycopg and SQLite when there is no server or no file to talk to, or it stays locked.
UNREACHABLE_STATES = ("08", "57P01", "57P02", "57P03")
UNREACHABLE_WORDS = (
    "could not connect",
    "connection refused",
    "server closed the connection",
    "connection is closed",
    "terminating connection",
    "unable to open database file",
    "database is locked",
    "the database system is starting up",
    "the database system is shutting down",
)


def is_database_unreachable(error: BaseException | None) -> bool:
    """A database error that says the database could not be reached (or stayed locked past
    the busy timeout), anywhere in the chain of causes: nothing was written."""
    seen = 0
    while error is not None and seen < 10:
        state = getattr(error, "sqlstate", None) or ""
        if any(state.startswith(s) for s in UNREACHABLE_STATES):
            return True
        module = type(error).__module__
        if (module.startswith(("django.db", "psycopg", "sqlite3"))) and any(
            words in str(error).lower() for words in UNREACHABLE_WORDS
        ):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def unreachable_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    logger_db.error(
        "the database cannot be reached: %s %s was refused, nothing was saved (%s: %s)",
        request.method,
        request.path,
        type(error).__name__,
        error,
    )
    message = _(
        "The database cannot be reached just now; nothing you sent was saved. Try again in a "
        "minute, or tell the Secretariat if it lasts."
    )
    if request.path.startswith("/api/") or request.headers.get("HX-Request"):
        response: HttpResponse = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(
            render_to_string(
                "disk_full.html", {"message": message, "title": _("The database cannot be reached")}
            ),
            status=503,
        )
    response["Retry-After"] = "60"
    return response


def disk_full_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    logger.error(
        "the disk is full: %s %s was refused, nothing was saved (%s: %s); free space in the data "
        "folder or the database's disk",
        request.method,
        request.path,
        type(error).__name__,
        error,
    )
    message = _(
        "The server’s disk is full; nothing you sent was saved. Try again later, or tell the "
        "Secretariat."
    )
    if request.path.startswith("/api/") or request.headers.get("HX-Request"):
        response: HttpResponse = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(
            render_to_string("disk_full.html", {"message": message}), status=503
        )
    response["Retry-After"] = "600"
    return response


class DiskFullMiddleware:
    def __init__(self, get_response: Any):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_disk_full(exception):
            return disk_full_response(request, exception)
        if is_database_unreachable(exception):
            return unreachable_response(request, exception)
        return None


class ServiceErrorMiddleware:
    """The one place a service's refusal that its view does not handle becomes an answer:
    NotAllowed is left to Django (403, the page saying why), a Conflict answers 409 and any
    other ServiceError 422, with the service's message (JSON for the API, plain text for a page
    or an htmx request, which shows it in place)."""

    def __init__(self, get_response: Any):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ServiceError) or isinstance(exception, NotAllowed):
            return None
        status = 409 if isinstance(exception, Conflict) else 422
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(exception)}, status=status)
        return HttpResponse(str(exception), status=status, content_type="text/plain; charset=utf-8")


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a full disk or an unreachable database met outside a view (saving the
    session, say) is said as such; anything else is the ordinary server error page."""
    from django.views.defaults import server_error as default

    error = sys.exc_info()[1]
    if error is not None and is_disk_full(error):
        return disk_full_response(request, error)
    if error is not None and is_database_unreachable(error):
        return unreachable_response(request, error)
    return default(request)


NUL_REFUSED = gettext_noop("The address contains a null character (%00), which no value can hold.")


def null_characters_refused(get_response: Any) -> Any:
    """An address or query value holding a NUL character is refused before any view reads it:
    PostgreSQL's text cannot hold one (a lookup with it was a server error there, not on SQLite).
    The API answers 422 as for any invalid parameter, a page 400 saying what was wrong."""

    def middleware(request: HttpRequest) -> HttpResponse:
        values = [request.path, *(v for vs in request.GET.lists() for v in vs[1])]
        if any("\x00" in value for value in values):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": [{"msg": NUL_REFUSED}]}, status=422)
            return bad_request(request, _(NUL_REFUSED))
        return get_response(request)

    return middleware
