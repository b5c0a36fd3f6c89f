"""Logs an operator can follow request by request: each request gets an id (the proxy's
`X-Request-ID` when it sends a sensible one, else a new one), echoed in the response header and
written on every log line made while the request is handled (its access line, an error's
traceback, a 503's reason); `JsonFormatter` writes each line as one JSON object (JSON lines) for
a log collector."""

import contextvars
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
_ACCEPTED = re.compile(
    r"[A-Za-z0-9._:@+=-]{1,128}"
)  # what a proxy sends; nothing that forges a line
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
access = logging.getLogger("lanzarote.request")


def request_id() -> str:
    """The id of the request being handled in this thread, or "-"."""
    return _current.get()


def request_id_middleware(get_response: Callable[[HttpRequest], HttpResponse]) -> Any:
    """First in the chain: sets the request's id, logs one access line when the response is
    made (level INFO, logger `lanzarote.request`), echoes the id in the response. The id stays
    set until the response is closed: Django logs a 4xx or 5xx answer after the middleware."""

    def middleware(request: HttpRequest) -> HttpResponse:
        given = request.headers.get(HEADER, "")
        rid = given if _ACCEPTED.fullmatch(given) else uuid.uuid4().hex
        _current.set(rid)
        request.request_id = rid  # type: ignore[attr-defined]
        started = time.monotonic()
        response = get_response(request)
        response[HEADER] = rid
        access.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        return response

    return middleware


def _request_done(**kwargs: Any) -> None:
    _current.set("-")


request_finished.connect(_request_done, dispatch_uid="lanzarote.lib.logs")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (as `request_id`): on the records of every
    logger and handler (the record factory, installed when the logging configuration makes
    this filter), and on this handler's records if another factory replaced it since."""

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        _install_record_factory()

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _current.get()
        return True


def _install_record_factory() -> None:
    make = logging.getLogRecordFactory()
    if getattr(make, "request_id", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make(*args, **kwargs)
        record.request_id = _current.get()
        return record

    factory.request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


# attributes every LogRecord has; anything else on a record was passed in `extra`
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, request_id, the plain values
    the call passed in `extra`, and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", _current.get()),
        }
        for key, value in vars(record).items():
            # plain values only: Django's `request` (its query string included) stays out
            plain = value is None or isinstance(value, str | int | float | bool)
            if plain and key not in _STANDARD and key not in line and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
