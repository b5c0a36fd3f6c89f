from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lanzarote.parties.models import State

from .models import Organisation, Profile
from .throttle import is_unlocked, login_wait


class LocalisedChoice(forms.ModelChoiceField):
    """Choices named in the reader's language (States and organisations have EN/FR names)."""

    def label_from_instance(self, obj):
        return str(obj.name)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    name = forms.CharField(label=_("Name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Profile.Role.choices)
    party = LocalisedChoice(
        label=_("Party (for a national focal point)"),
        # States with a status under a treaty, not every State of the ISO list
        queryset=State.objects.filter(treaty_statuses__isnull=False).distinct(),
        required=False,
    )
    organisation = LocalisedChoice(
        label=_("Organisation (for a stakeholder)"),
        queryset=Organisation.objects.all(),
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation and of the e-mails"),
        choices=[("en", "English"), ("fr", "Français")],
    )


class ThrottledLogin:
    """A sign-in form that is not heard while its user name waits out its growing delay
    (accounts/throttle.py); ``wait`` then says how many seconds are left."""

    wait = 0

    def clean(self):
        request = self.request  # type: ignore[attr-defined]
        username = self.data.get("username", "")  # type: ignore[attr-defined]
        credentials = {"username": username}
        # a name locked from this address gets django-axes' lock-out page, which says more
        if (
            username
            and not is_unlocked(request, credentials)
            and AxesProxyHandler.is_allowed(request, credentials)
        ):
            self.wait = login_wait(username=username)
            if self.wait:
                raise ValidationError(
                    ngettext(
                        "Too many failed attempts for this name: try again in %(n)d second.",
                        "Too many failed attempts for this name: try again in %(n)d seconds.",
                        self.wait,
                    )
                    % {"n": self.wait},
                    code="throttled",
                )
        return super().clean()  # type: ignore[misc]


class LoginForm(ThrottledLogin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLogin, AdminAuthenticationForm):
    pass
