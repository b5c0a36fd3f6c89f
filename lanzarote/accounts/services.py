"""Accounts: Secretariat administrators, and invitations that let a person set a password once."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from lanzarote.audit.services import audit_record, snapshot

from .models import Organisation, Profile
from .permissions import can_invite_users


class AccountError(ValueError):
    pass


class PermissionDenied(DjangoPermissionDenied):
    """Refused by a permission predicate; a view that does not catch it answers 403."""


@transaction.atomic
def admin_create(*, username: str, email: str, password: str, actor: str) -> AbstractBaseUser:
    """Create a Secretariat administrator who can log in to the admin."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise AccountError(_("a user named %(name)s already exists") % {"name": repr(username)})
    user = User.objects.create_user(
        username=username, email=email, password=password, is_staff=True, is_superuser=True
    )
    Profile.objects.create(user=user, role=Profile.Role.SECRETARIAT)
    audit_record(
        actor=None,
        actor_label=actor,
        action="account.create_admin",
        obj=user,
        after={"username": username, "email": email},
    )
    return user


def _check_role(role: str, party: Any, organisation: Organisation | None) -> None:
    if role not in Profile.Role.values:
        raise AccountError(_("unknown role %(role)s") % {"role": repr(role)})
    if role == Profile.Role.FOCAL_POINT and (party is None or organisation is not None):
        raise AccountError(_("a national focal point speaks for one Party: choose the Party"))
    if role == Profile.Role.STAKEHOLDER and (organisation is None or party is not None):
        raise AccountError(_("a stakeholder speaks for one organisation: choose the organisation"))
    if role in (Profile.Role.SECRETARIAT, Profile.Role.COMMITTEE) and (party or organisation):
        raise AccountError(_("this role speaks for no Party and no organisation"))


def invitation_url(*, user: Any, lang: str) -> str:
    with translation.override(lang):
        path = reverse(
            "accounts:invitation",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    return settings.SITE_URL.rstrip("/") + path


def _send_invitation(*, user: Any, lang: str) -> None:
    with translation.override(lang):
        subject = _("Your Lanzarote Monitor account")
        body = _(
            "You have been invited to Lanzarote Monitor.\n\n"
            "Choose your password here (the link works once):\n%(url)s\n\n"
            "Your login name is %(username)s."
        ) % {"url": invitation_url(user=user, lang=lang), "username": user.get_username()}
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def user_invite(
    *,
    email: str,
    name: str,
    role: str,
    actor: Any,
    party: Any = None,
    organisation: Organisation | None = None,
    lang: str = "en",
) -> AbstractBaseUser:
    """Create an account without a password and e-mail its owner a one-time link to set one."""
    if not can_invite_users(actor):
        raise PermissionDenied(_("only the Secretariat invites users"))
    _check_role(role, party, organisation)
    User = get_user_model()
    email = email.strip().lower()
    if User.objects.filter(username=email).exists() or User.objects.filter(email=email).exists():
        raise AccountError(_("%(email)s already has an account") % {"email": email})
    user = User.objects.create_user(
        username=email, email=email, first_name=name.strip(),
        is_staff=role == Profile.Role.SECRETARIAT,  # the Secretariat also works in the admin
    )  # fmt: skip
    user.set_unusable_password()
    user.save(update_fields=["password"])
    profile = Profile.objects.create(
        user=user, role=role, party=party, organisation=organisation, invited_by=actor,
        language=lang if lang in dict(settings.LANGUAGES) else "en",
    )  # fmt: skip
    audit_record(actor=actor, action="account.invite", obj=profile, after=snapshot(profile))
    transaction.on_commit(lambda: _send_invitation(user=user, lang=lang))
    return user


@transaction.atomic
def invitation_resend(*, user: Any, actor: Any, lang: str = "en") -> None:
    """A new link for someone who has not chosen a password yet (the old one may have expired)."""
    if not can_invite_users(actor):
        raise PermissionDenied(_("only the Secretariat invites users"))
    if user.has_usable_password():
        raise AccountError(_("%(email)s has already chosen a password") % {"email": user.email})
    audit_record(actor=actor, action="account.invite_again", obj=user,
                 after={"email": user.email})  # fmt: skip
    transaction.on_commit(lambda: _send_invitation(user=user, lang=lang))


@transaction.atomic
def profile_set_language(*, user: Any, language: str, actor: Any) -> Profile:
    """The language of the e-mails a person receives; changed by the person."""
    if language not in dict(settings.LANGUAGES):
        raise AccountError(_("unknown language %(value)s") % {"value": repr(language)})
    profile = Profile.objects.select_for_update().filter(user=user).first()
    if profile is None or getattr(actor, "pk", None) != user.pk:
        raise PermissionDenied(_("a person chooses the language of their own e-mails"))
    before = snapshot(profile)
    profile.language = language
    profile.save(update_fields=["language"])
    audit_record(actor=actor, action="account.language", obj=profile, before=before,
                 after=snapshot(profile))  # fmt: skip
    return profile
