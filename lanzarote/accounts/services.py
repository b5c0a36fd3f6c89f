"""Accounts: the Secretariat's administrators."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import transaction

from lanzarote.audit.services import audit_record

from .permissions import SECRETARIAT_GROUP


class AccountError(ValueError):
    pass


def secretariat_group() -> Group:
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    return group


@transaction.atomic
def admin_create(*, username: str, email: str, password: str, actor: str) -> AbstractBaseUser:
    """Create a Secretariat administrator who can log in to the admin."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise AccountError(f"a user named {username!r} already exists")
    user = User.objects.create_user(
        username=username, email=email, password=password, is_staff=True, is_superuser=True
    )
    user.groups.add(secretariat_group())
    audit_record(
        actor=None,
        actor_label=actor,
        action="account.create_admin",
        obj=user,
        after={"username": username, "email": email},
    )
    return user
