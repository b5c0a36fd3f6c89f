"""Logging in, accepting an invitation, one's own work, and the Secretariat's user list."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lanzarote.lib.params import bad_request, id_param

from . import imports, selectors, services, throttle
from .forms import InviteForm, LoginForm
from .permissions import SECRETARIAT_ONLY, can_invite_users


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    form_class = LoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.wait:  # throttled: say for how long, and e-mail the owner a way in
            services.login_unlock_offer(username=form.data.get("username", ""), lang=get_language())
            response.status_code = 429
            response["Retry-After"] = str(form.wait)
        return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer when a user name is locked from this address (AXES_LOCKOUT_CALLABLE):
    for how long, and how to get back in at once."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    remaining = throttle.lockout_remaining(username=username, address=request.axes_ip_address)
    services.login_unlock_offer(username=username, lang=get_language())
    minutes = max(1, round(remaining.total_seconds() / 60))
    response = render(request, "accounts/locked.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(int(remaining.total_seconds()))
    return response


class UnlockView(LoginView):
    """The e-mailed unlock link: its sign-in form is heard at once for its own user name."""

    template_name = "accounts/unlock.html"
    redirect_authenticated_user = False

    def dispatch(self, request, *args, **kwargs):
        self.owner = throttle.unlock_user(kwargs["token"])
        if self.owner is None:
            return render(request, "accounts/unlock.html", {"invalid": True}, status=400)
        request.login_unlocked_for = self.owner.get_username()  # type: ignore[attr-defined]
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"username": self.owner.get_username()}

    def form_valid(self, form):
        response = super().form_valid(form)
        services.login_unlock(user=form.get_user())
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an address and answers the same whether or not an account has it."""

    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        key = f"lanzarote:password-reset:{throttle.client_address(request)}"
        cache.add(key, 0, timeout=3600)
        if cache.incr(key) > settings.PASSWORD_RESET_PER_ADDRESS:
            return render(
                request,
                "accounts/password_reset_form.html",
                {"form": self.get_form(), "too_many": True},
                status=429,
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        services.password_reset_request(email=form.cleaned_data["email"], lang=get_language())
        return redirect(self.success_url)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    token_generator = default_token_generator

    def form_valid(self, form):
        services.password_reset_finish(form=form)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.success_url)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class InvitationView(auth_views.PasswordResetConfirmView):
    """The one-time link of an invitation: the person chooses a password, then logs in."""

    template_name = "accounts/invitation.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        messages.success(self.request, _("Your password is set: log in."))
        return super().form_valid(form)


@login_required
def users(request):
    if not can_invite_users(request.user):
        raise PermissionDenied(_("This page is for the Secretariat: it invites people."))
    if request.method == "POST" and "resend" in request.POST:
        if (pk := id_param(request.POST["resend"])) is None:
            return bad_request(request, _("“resend” must be the number of a person."))
        person = get_user_model().objects.filter(pk=pk).first()
        if person is not None:
            try:
                services.invitation_resend(
                    user=person, actor=request.user, lang=request.POST.get("language", "en")
                )
            except services.AccountError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, _("Invitation sent again to %(email)s.") % {"email": person.email}
                )
        return redirect("accounts:users")
    form = InviteForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_invite(
                email=data["email"],
                name=data["name"],
                role=data["role"],
                party=data["party"],
                organisation=data["organisation"],
                actor=request.user,
                lang=data["language"],
            )
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": data["email"]})
            return redirect("accounts:users")
    return render(request, "accounts/users.html", {"form": form, "people": selectors.user_list()})


@login_required
def invite_csv(request):
    """Invite many people from a CSV file: a dry run lists every bad row; "Send the invitations"
    writes only when every row is valid (the checked text travels with the form)."""
    if not can_invite_users(request.user):
        raise PermissionDenied(SECRETARIAT_ONLY)
    context: dict = {"check": None, "data": "", "columns": imports.KNOWN}
    if request.method == "POST":
        upload = request.FILES.get("file")
        data = upload.read(imports.MAX_BYTES + 1) if upload else request.POST.get("data", "")
        try:
            if request.POST.get("action") == "send":
                users = imports.invitations_import(
                    data=data, actor=request.user, lang=request.LANGUAGE_CODE
                )
                messages.success(request, _("%(n)s invitations sent.") % {"n": len(users)})
                return redirect("accounts:users")
            context["check"] = imports.invitations_check(data=data, lang=request.LANGUAGE_CODE)
            context["data"] = imports.read_text(data)
        except imports.InviteCsvError as exc:
            messages.error(request, str(exc))
            context["check"] = imports.InviteCheck(problems=exc.problems)
        except services.AccountError as exc:
            messages.error(request, str(exc))
    return render(request, "accounts/invite_csv.html", context)
