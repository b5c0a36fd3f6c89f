"""Reads of people: the Secretariat's user list."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet


def user_list() -> QuerySet:
    """Everyone with an account, by user name, with their Party and organisation (the page
    that lists them is the Secretariat's: the view checks who asks)."""
    return (
        get_user_model()
        .objects.select_related("profile__party", "profile__organisation")
        .order_by("username")
    )
