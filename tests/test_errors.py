"""One application error type: services refuse with lib.errors, answered in one place."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from lanzarote.core.middleware import ServiceErrorMiddleware
from lanzarote.lib.errors import Conflict, NotAllowed, ServiceError


def answer(path: str, error: Exception):
    middleware = ServiceErrorMiddleware(lambda request: None)
    return middleware.process_exception(RequestFactory().post(path), error)


def test_a_refusal_is_djangos_permission_denied_and_left_to_django():
    assert issubclass(NotAllowed, PermissionDenied) and issubclass(NotAllowed, ServiceError)
    assert answer("/en/replies/1/", NotAllowed("only the Secretariat")) is None


def test_a_conflict_answers_409_with_its_message():
    response = answer("/en/replies/1/", Conflict("The reply was submitted meanwhile."))
    assert response.status_code == 409
    assert response.content.decode() == "The reply was submitted meanwhile."
    assert response["Content-Type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize(
    ("path", "body"),
    [("/en/rounds/x/", "too long"), ("/api/rounds", '{"detail": "too long"}')],
)
def test_any_other_service_error_answers_422_with_its_message(path, body):
    response = answer(path, ServiceError("too long"))
    assert response.status_code == 422 and response.content.decode() == body


def test_other_exceptions_are_not_the_middlewares():
    assert answer("/en/", ValueError("a bug")) is None
