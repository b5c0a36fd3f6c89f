"""Signing in is throttled without letting a stranger lock an owner out.

Three measures work together (docs/monitoring.md, "Signing in"):

- django-axes locks a *user name from one client address* for an hour after
  ``AXES_FAILURE_LIMIT`` failures. The client address is the one the trusted proxy appended to
  ``X-Forwarded-For`` when ``LANZAROTE_TRUSTED_PROXY`` says a proxy is in front, so clients
  behind the proxy no longer share one address (and one lock).
- Failures for one user name from *any* address past that limit slow every later attempt for
  that name down with a growing delay (``login_wait``), capped at ``LOGIN_DELAY_MAX_SECONDS``:
  guessing from many addresses stays slow, and the owner waits seconds, not an hour.
- The owner is e-mailed a signed link, valid ``LOGIN_UNLOCK_LINK_SECONDS``, whose sign-in form
  passes both (``is_unlocked``).
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.core import signing
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac

UNLOCK_SALT = "lanzarote.accounts.unlock"


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: Any) -> str | None:
    """The client's address: the one the trusted proxy appended to X-Forwarded-For (counting
    ``LANZAROTE_TRUSTED_PROXY`` proxies from the right, as each appends the address it saw), else
    REMOTE_ADDR. Without a trusted proxy the header is ignored: any client can write it."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "LANZAROTE_TRUSTED_PROXY", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    return _address(hops[-proxies]) or remote


def _failures(username: str) -> tuple[int, Any]:
    """Failed attempts for this user name from every address within the cool-off, and when
    the last one was."""
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    row = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    return row["failures"] or 0, row["last"]


def login_wait(*, username: str) -> int:
    """Seconds before the next attempt for this user name is heard: 0 below the failure limit,
    then 2, 4, 8… seconds after the last failure, capped at LOGIN_DELAY_MAX_SECONDS."""
    if not username:
        return 0
    failures, last = _failures(username)
    beyond = failures - settings.AXES_FAILURE_LIMIT
    if beyond < 0 or last is None:
        return 0
    delay = min(2 ** min(beyond + 1, 30), settings.LOGIN_DELAY_MAX_SECONDS)
    remaining = (last + timedelta(seconds=delay) - timezone.now()).total_seconds()
    return max(0, int(remaining + 0.999))


def lockout_remaining(*, username: str, address: str | None) -> timedelta:
    """How long the lock of this name from this address still holds."""
    cooloff = timedelta(hours=settings.AXES_COOLOFF_TIME)
    last = AccessAttempt.objects.filter(username=username, ip_address=address).aggregate(
        last=Max("attempt_time")
    )["last"]
    if last is None:
        return cooloff
    return max(timedelta(0), last + cooloff - timezone.now())


def _fingerprint(user: Any) -> str:
    """Changes with the password: a link sent before a password change stops working."""
    return salted_hmac(UNLOCK_SALT, user.password, algorithm="sha256").hexdigest()[:16]


def unlock_token(*, user: Any) -> str:
    return signing.dumps({"u": user.pk, "p": _fingerprint(user)}, salt=UNLOCK_SALT)


def unlock_user(token: str) -> Any:
    """The active user an unlock link was made for, or None when it was altered, has expired,
    or the password has changed since."""
    from django.contrib.auth import get_user_model

    try:
        data = signing.loads(token, salt=UNLOCK_SALT, max_age=settings.LOGIN_UNLOCK_LINK_SECONDS)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or data.get("p") != _fingerprint(user):
        return None
    return user


def is_unlocked(request: Any, credentials: dict | None = None) -> bool:
    """django-axes' whitelist: the sign-in form of a valid unlock link, for its own user name."""
    unlocked = getattr(request, "login_unlocked_for", None)
    username = (credentials or {}).get("username") or request.POST.get("username")
    return bool(unlocked) and unlocked == username
