"""No cache keeps what a signed-in person was shown; no page answers a method it does not serve.

Pages and API answers for a signed-in person may hold confidential replies, drafts and findings:
a shared proxy or the browser's disk cache must not keep them, nor show them after logout. Every
response to a signed-in person is therefore marked ``Cache-Control: no-store, private``, errors
included, unless its view has declared it public on purpose (a published, immutable file).
Anonymous visitors only ever see public data; their pages keep whatever caching the view chose.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.cache import patch_cache_control


def signed_in_no_store(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)  # before logout runs
        response = get_response(request)
        user = getattr(request, "user", None)
        signed_in = signed_in or bool(user is not None and user.is_authenticated)
        if signed_in and "public" not in response.get("Cache-Control", ""):
            if response.has_header("Cache-Control"):
                del response["Cache-Control"]
            patch_cache_control(response, no_store=True, private=True)
        return response

    return middleware


PAGE_METHODS = ("GET", "HEAD", "POST")


def page_methods_only(get_response: Callable[[HttpRequest], HttpResponse]):
    """The pages read with GET (and HEAD) and write with POST; any other method is answered
    405 before a view runs (read-only views refuse POST themselves, with require_safe)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        # the API answers its own 405, naming the one method it serves (GET)
        if request.method not in PAGE_METHODS and not request.path.startswith("/api/"):
            return HttpResponseNotAllowed(PAGE_METHODS)
        return get_response(request)

    return middleware
