"""Numbers taken from a request, bounded before they reach the database.

A number typed into an address or a form field can be anything: "abc", "-1", twenty digits
(more than the database's 64-bit integers hold) or five thousand (more than Python converts
without complaint). Each is refused with a message, never a server error.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

MAX_ID = 2**63 - 1  # the largest id a database row can have (BigAutoField)
MAX_POSITION = 2**31 - 1  # positions and other small counts (PositiveIntegerField)


def id_param(value: object, *, maximum: int = MAX_ID) -> int | None:
    """A positive whole number up to ``maximum`` written in digits only, or None."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    if len(value) > len(str(maximum)):  # before int(): thousands of digits are refused unread
        return None
    number = int(value)
    return number if 1 <= number <= maximum else None


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """A 400 page that says what was wrong with what was sent."""
    return render(request, "400.html", {"message": message}, status=400)
