from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lanzarote.lib.dates import ISO_DATE
from lanzarote.treaties.models import Treaty

from .models import AccessionConsultation, State


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=ISO_DATE):  # <input type="date"> reads only ISO
        super().__init__(attrs, format)


class StateChoice(forms.ModelChoiceField):
    """States named in the reader's language (any State of the ISO list has a French name)."""

    def label_from_instance(self, obj):
        return str(obj.name)


class AccessionRequestForm(forms.Form):
    treaty = forms.ModelChoiceField(queryset=Treaty.objects.all(), label=_("Treaty"))
    state = StateChoice(
        queryset=State.objects.filter(coe_member=False).exclude(
            treaty_statuses__status__in=["party", "signatory", "negotiating"]
        ),
        label=_("Requesting State"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if (get_language() or "en")[:2] == "fr":  # listed in the order of the names shown
            field = self.fields["state"]
            field.queryset = field.queryset.order_by("name_fr", "name_en")  # type: ignore[attr-defined]

    requested_on = forms.DateField(label=_("Request received on"), widget=DateInput)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConsultationOpenForm(forms.Form):
    opened_on = forms.DateField(label=_("Parties consulted on"), widget=DateInput)


class ConsultationAnswerForm(forms.Form):
    party = forms.ModelChoiceField(queryset=State.objects.none(), label=_("Party"))
    response = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (AccessionConsultation.Response.CONSENT, AccessionConsultation.Response.CONSENT.label),
            (
                AccessionConsultation.Response.OBJECTION,
                AccessionConsultation.Response.OBJECTION.label,
            ),
        ],
    )
    responded_on = forms.DateField(label=_("Answered on"), widget=DateInput)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = State.objects.filter(
            pk__in=request.consultations.values("party")
        )


class DecisionForm(forms.Form):
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)
    invite = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("Invite to accede")), ("no", _("Do not invite"))],
    )
    reference = forms.CharField(label=_("Reference of the decision"), required=False)


class DepositForm(forms.Form):
    deposited_on = forms.DateField(label=_("Instrument deposited on"), widget=DateInput)
