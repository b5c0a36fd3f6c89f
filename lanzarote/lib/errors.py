"""The application's errors: one hierarchy for every service, answered in one place.

A service refuses with one of these, and its message is one a person can act on (translated
where the person reads it). Pages and the API turn them into answers: NotAllowed is Django's
PermissionDenied (403, the 403 page saying why); Conflict answers 409 and any other ServiceError
422 when the view does not handle it itself (core.middleware.service_errors).
"""

from django.core.exceptions import PermissionDenied


class ServiceError(Exception):
    """A change that cannot be made as asked; the message says why, for the person."""


class NotAllowed(ServiceError, PermissionDenied):
    """Refused by a permission predicate; a view that does not catch it answers 403."""


class Conflict(ServiceError):
    """Someone changed the object meanwhile (a second click, another tab, another person)."""
