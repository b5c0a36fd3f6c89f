from django import forms
from django.utils.translation import gettext_lazy as _

from lanzarote.parties.models import State

from .models import Organisation, Profile


class LocalisedChoice(forms.ModelChoiceField):
    """Choices named in the reader's language (States and organisations have EN/FR names)."""

    def label_from_instance(self, obj):
        return str(obj.name)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    name = forms.CharField(label=_("Name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Profile.Role.choices)
    party = LocalisedChoice(
        label=_("Party (for a national focal point)"), queryset=State.objects.all(), required=False
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
