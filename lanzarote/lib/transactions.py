"""Services that own their transaction (Zulip's actions run in `atomic(durable=True)`).

A service called from a view, the API, a command or a task runs in its own transaction, and
refuses to run inside another one: nesting one write in another's transaction by mistake is an
error, not a silent merge. A service that composes others (the demonstration loader, a step over
many findings) calls ``other.nested(...)``: the same code, in the caller's transaction, on purpose.
Django's TestCase lets a durable block run inside the test's own transaction, so tests call
services as views do.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.db import transaction


class DurableService[**P, R]:
    def __init__(self, func: Callable[P, R]) -> None:
        self.func = func
        functools.update_wrapper(self, func)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic(durable=True):
            return self.func(*args, **kwargs)

    def nested(self, *args: P.args, **kwargs: P.kwargs) -> R:
        """Run inside the caller's transaction (a savepoint), as one step of a larger service."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError(f"{self.func.__name__}.nested runs inside another service only")
        with transaction.atomic():
            return self.func(*args, **kwargs)


def durable[**P, R](func: Callable[P, R]) -> DurableService[P, R]:
    """Decorate a service that is an entry point: it runs in its own durable transaction."""
    return DurableService(func)
