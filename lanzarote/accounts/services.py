"""Accounts: Secretariat administrators, and invitations that let a person set a password once."""

from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from lanzarote.audit.actions import Action
from lanzarote.audit.models import AuditEvent
from lanzarote.audit.services import audit_record, snapshot
from lanzarote.lib.errors import NotAllowed, ServiceError
from lanzarote.lib.transactions import durable

from .models import Organisation, Profile
from .permissions import can_invite_users
from .throttle import unlock_token


class AccountError(ServiceError):
    pass


@durable
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
        action=Action.ACCOUNT_CREATE_ADMIN,
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
    if role in (Profile.Role.SECRETARIAT, Profile.Role.COMMITTEE, Profile.Role.GUEST) and (
        party or organisation
    ):
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


@durable
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
        raise NotAllowed(_("only the Secretariat invites users"))
    _check_role(role, party, organisation)
    User = get_user_model()
    email = email.strip().lower()
    if User.objects.filter(username=email).exists() or User.objects.filter(email=email).exists():
        raise AccountError(_("%(email)s already has an account") % {"email": email})
    user = User.objects.create_user(
        username=email,
        email=email,
        first_name=name.strip(),
        is_staff=role == Profile.Role.SECRETARIAT,  # the Secretariat also works in the admin
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    profile = Profile.objects.create(
        user=user,
        role=role,
        party=party,
        organisation=organisation,
        invited_by=actor,
        language=lang if lang in dict(settings.LANGUAGES) else "en",
    )
    audit_record(actor=actor, action=Action.ACCOUNT_INVITE, obj=profile, after=snapshot(profile))
    transaction.on_commit(lambda: _send_invitation(user=user, lang=lang))
    return user


@durable
def invitation_resend(*, user: Any, actor: Any, lang: str = "en") -> None:
    """A new link for someone who has not chosen a password yet (the old one may have expired)."""
    if not can_invite_users(actor):
        raise NotAllowed(_("only the Secretariat invites users"))
    if user.has_usable_password():
        raise AccountError(_("%(email)s has already chosen a password") % {"email": user.email})
    audit_record(
        actor=actor, action=Action.ACCOUNT_INVITE_AGAIN, obj=user, after={"email": user.email}
    )
    transaction.on_commit(lambda: _send_invitation(user=user, lang=lang))


@durable
def profile_set_language(*, user: Any, language: str, actor: Any) -> Profile:
    """The language of the e-mails a person receives; changed by the person."""
    if language not in dict(settings.LANGUAGES):
        raise AccountError(_("unknown language %(value)s") % {"value": repr(language)})
    profile = Profile.objects.select_for_update().filter(user=user).first()
    if profile is None or getattr(actor, "pk", None) != user.pk:
        raise NotAllowed(_("a person chooses the language of their own e-mails"))
    before = snapshot(profile)
    profile.language = language
    profile.save(update_fields=["language"])
    audit_record(
        actor=actor,
        action=Action.ACCOUNT_LANGUAGE,
        obj=profile,
        before=before,
        after=snapshot(profile),
    )
    return profile


# Signing in: unlock links and password reset (accounts/throttle.py, docs/monitoring.md).


def _recently_mailed(user: Any, action: str) -> bool:
    """Whether this account was sent such a link (an unlock or a reset one) lately: a stranger
    who types its name or address again and again does not flood its owner's mailbox."""
    from datetime import timedelta

    from django.utils import timezone

    since = timezone.now() - timedelta(seconds=settings.LOGIN_MAIL_INTERVAL_SECONDS)
    return AuditEvent.objects.filter(
        action=action,
        object_type=user._meta.label_lower,
        object_id=str(user.pk),
        created_at__gte=since,
    ).exists()


def _mail_language(user: Any, lang: str) -> str:
    profile = getattr(user, "profile", None)
    return getattr(profile, "language", "") or lang


def _send_unlock_link(*, user: Any, lang: str) -> None:
    with translation.override(lang):
        path = reverse("accounts:unlock", args=[unlock_token(user=user)])
        subject = _("Sign-in to Lanzarote Monitor paused")
        body = _(
            "Someone, perhaps you, typed a wrong password several times for your Lanzarote "
            "Monitor account (%(username)s), so signing in with it is paused for a while.\n\n"
            "To sign in at once, open this link within an hour and enter your password:\n"
            "%(url)s\n\n"
            "If it was not you, you need do nothing: your password was not used. If you have "
            "forgotten it, choose a new one: %(reset)s"
        ) % {
            "username": user.get_username(),
            "url": settings.SITE_URL.rstrip("/") + path,
            "reset": settings.SITE_URL.rstrip("/") + reverse("accounts:password_reset"),
        }
    send_mail(subject, body, None, [user.email])


@durable
def login_unlock_offer(*, username: str, lang: str = "en") -> bool:
    """E-mail the owner of a throttled user name a link that lets them sign in at once; at
    most once every LOGIN_MAIL_INTERVAL_SECONDS. Silent for names that have no account, so the
    page that calls it answers alike for every name."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None or not user.email or _recently_mailed(user, "account.unlock_link_sent"):
        return False
    audit_record(
        actor=None,
        actor_label="login throttle",
        action=Action.ACCOUNT_UNLOCK_LINK_SENT,
        obj=user,
        after={"email": user.email},
    )
    language = _mail_language(user, lang)
    transaction.on_commit(lambda: _send_unlock_link(user=user, lang=language))
    return True


@durable
def login_unlock(*, user: Any) -> None:
    """The owner signed in through an unlock link: failed attempts for the name are forgotten."""
    from axes.models import AccessAttempt

    username = user.get_username()
    cleared, _n = AccessAttempt.objects.filter(username=username).delete()
    audit_record(
        actor=user,
        action=Action.ACCOUNT_UNLOCK,
        obj=user,
        after={"failed_attempts_cleared": cleared},
    )


def _send_password_reset(*, user: Any, lang: str) -> None:
    with translation.override(lang):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        subject = _("Choose a new Lanzarote Monitor password")
        body = _(
            "A new password was asked for your Lanzarote Monitor account (%(username)s).\n\n"
            "Choose it here (the link works once):\n%(url)s\n\n"
            "If you did not ask for it, ignore this e-mail: your password stays as it is."
        ) % {"username": user.get_username(), "url": settings.SITE_URL.rstrip("/") + path}
    send_mail(subject, body, None, [user.email])


@durable
def password_reset_request(*, email: str, lang: str = "en") -> int:
    """E-mail a one-time link to choose a new password to each active account with this
    address and a password (an invited person who never chose one is invited again instead);
    at most once every LOGIN_MAIL_INTERVAL_SECONDS per account. Returns how many were sent; the
    page answers the same whatever it is, so it tells no one which addresses have accounts."""
    users = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True)
    sent = 0
    for user in users:
        if not user.has_usable_password() or not user.email:
            continue
        if _recently_mailed(user, "account.password_reset_sent"):
            continue
        audit_record(
            actor=None,
            actor_label="password reset",
            action=Action.ACCOUNT_PASSWORD_RESET_SENT,
            obj=user,
            after={"email": user.email},
        )
        language = _mail_language(user, lang)
        transaction.on_commit(partial(_send_password_reset, user=user, lang=language))
        sent += 1
    return sent


@durable
def password_reset_finish(*, form: Any) -> AbstractBaseUser:
    """Save the password chosen through a reset link; failed sign-ins for the name are
    forgotten, so a locked-out owner signs in at once with it."""
    from axes.models import AccessAttempt

    user = form.save()
    AccessAttempt.objects.filter(username=user.get_username()).delete()
    audit_record(actor=user, action=Action.ACCOUNT_PASSWORD_RESET, obj=user)
    return user
