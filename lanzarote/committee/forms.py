from django import forms
from django.utils.translation import gettext_lazy as _

from lanzarote.lib.dates import ISO_DATE
from lanzarote.treaties.models import InterpretiveText, Treaty

from .models import Decision, Meeting, MeetingDocument
from .selectors import meeting_label


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=ISO_DATE):  # <input type="date"> reads only ISO
        super().__init__(attrs, format)


class MeetingChoiceField(forms.ModelChoiceField):
    """A meeting of a treaty's Committee, chosen by its number ("23rd meeting (dates)"); for the
    forms where an adoption names the meeting that adopted it."""

    def __init__(self, *, treaty: Treaty, **kwargs):
        kwargs.setdefault("label", _("Adopted at the meeting"))
        kwargs.setdefault("required", False)
        super().__init__(
            queryset=Meeting.objects.filter(treaty=treaty, status=Meeting.Status.HELD).order_by(
                "-number"
            ),
            to_field_name="number",
            **kwargs,
        )

    def label_from_instance(self, obj):
        return meeting_label(obj)


class AdoptedAtForm(forms.Form):
    """The meeting that adopted something (or none: not known)."""

    def __init__(self, *args, treaty: Treaty, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_at"] = MeetingChoiceField(treaty=treaty)


class MeetingForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=9999)
    start = forms.DateField(label=_("First day"), widget=DateInput)
    end = forms.DateField(
        label=_("Last day"), required=False, widget=DateInput, help_text=_("Empty: one day")
    )
    venue_en = forms.CharField(label=_("Venue (English)"), required=False, max_length=200)
    venue_fr = forms.CharField(label=_("Venue (French)"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=Meeting.Status.choices)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:  # a meeting keeps its number
            del self.fields["number"]


class AgendaForm(forms.Form):
    items_en = forms.CharField(
        label=_("Agenda items in English, one a line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    items_fr = forms.CharField(
        label=_("The same items in French, one a line, in the same order (or empty)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean(self):
        data = super().clean()
        en = [line.strip() for line in data.get("items_en", "").splitlines() if line.strip()]
        fr = [line.strip() for line in data.get("items_fr", "").splitlines() if line.strip()]
        if fr and len(fr) != len(en):
            raise forms.ValidationError(
                _("Give as many French lines as English ones (%(en)s), or none.") % {"en": len(en)}
            )
        data["items"] = [(line, fr[n] if fr else "") for n, line in enumerate(en)]
        return data


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Decision.Kind.choices)
    text_en = forms.CharField(
        label=_("Decision (English)"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    text_fr = forms.CharField(
        label=_("Decision (French)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    interpretive_text = forms.ModelChoiceField(
        label=_("Opinion or declaration adopted"),
        queryset=InterpretiveText.objects.none(),
        required=False,
        help_text=_("For the adoption of an opinion, a declaration or a statement"),
    )

    def __init__(self, *args, treaty: Treaty, **kwargs):
        kwargs.setdefault("auto_id", "decision_%s")  # beside the document form on one page
        super().__init__(*args, **kwargs)
        field = self.fields["interpretive_text"]
        field.queryset = InterpretiveText.objects.filter(treaty=treaty)  # type: ignore[attr-defined]
        field.label_from_instance = lambda text: str(text.title)  # type: ignore[attr-defined]


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word (.docx), plain text or HTML"))
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingDocument.Kind.choices)
    reference = forms.CharField(
        label=_("Reference"), max_length=60, required=False, help_text=_("e.g. T-ES(2024)01")
    )
    restricted = forms.BooleanField(
        label=_("Restricted until declassified"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "document_%s")  # beside the decision form on one page
        super().__init__(*args, **kwargs)
