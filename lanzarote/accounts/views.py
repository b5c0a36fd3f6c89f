"""Logging in, accepting an invitation, one's own work, and the Secretariat's user list."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from lanzarote.lib.params import bad_request, id_param

from . import services
from .forms import InviteForm
from .permissions import can_invite_users, role_of


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class InvitationView(auth_views.PasswordResetConfirmView):
    """The one-time link of an invitation: the person chooses a password, then logs in."""

    template_name = "accounts/invitation.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        messages.success(self.request, _("Your password is set: log in."))
        return super().form_valid(form)


@login_required
def home(request):
    # replies and recommendations are to the right of accounts
    from lanzarote.recommendations.selectors import followup_work
    from lanzarote.replies.selectors import my_replies

    return render(request, "accounts/home.html", {
        "role": role_of(request.user), "rows": my_replies(viewer=request.user),
        "followup": followup_work(viewer=request.user),
    })  # fmt: skip


@login_required
def users(request):
    if not can_invite_users(request.user):
        raise PermissionDenied
    if request.method == "POST" and "resend" in request.POST:
        if (pk := id_param(request.POST["resend"])) is None:
            return bad_request(request, _("“resend” must be the number of a person."))
        person = get_user_model().objects.filter(pk=pk).first()
        if person is not None:
            try:
                services.invitation_resend(user=person, actor=request.user,
                                           lang=request.POST.get("language", "en"))  # fmt: skip
            except services.AccountError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Invitation sent again to %(email)s.")
                                 % {"email": person.email})  # fmt: skip
        return redirect("accounts:users")
    form = InviteForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_invite(email=data["email"], name=data["name"], role=data["role"],
                                 party=data["party"], organisation=data["organisation"],
                                 actor=request.user, lang=data["language"])  # fmt: skip
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": data["email"]})
            return redirect("accounts:users")
    people = (
        get_user_model()
        .objects.select_related("profile__party", "profile__organisation")
        .order_by("username")
    )
    return render(request, "accounts/users.html", {"form": form, "people": people})
