from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lanzarote.committee.forms import MeetingChoiceField
from lanzarote.lib.dates import ISO_DATE
from lanzarote.treaties.models import Treaty

from .models import Question, Round


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=ISO_DATE):  # <input type="date"> reads only ISO
        super().__init__(attrs, format)


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Questionnaire file"),
        help_text=_("A Word document (.docx) with numbered questions, or a JSON or CSV file"),
        error_messages={"empty": _("The file is empty.")},
    )
    audience = forms.ChoiceField(label=_("Addressed to"), choices=Question.Audience.choices)


class RoundForm(forms.Form):
    # A round belongs to the treaty chosen when it is created: the form offers the configured
    # treaty (LANZAROTE_TREATY); the only treaty, when there is one, is chosen unless another is.
    treaty = forms.ModelChoiceField(
        label=_("Treaty"), queryset=Treaty.objects.order_by("code"), to_field_name="code"
    )
    uid = forms.SlugField(label=_("Short id"), help_text=_("Used in addresses, e.g. round-4"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Round.Kind.choices)
    name_en = forms.CharField(label=_("Name in English"), max_length=300)
    name_fr = forms.CharField(label=_("Name in French"), max_length=300, required=False)
    theme_en = forms.CharField(
        label=_("Theme in English"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    theme_fr = forms.CharField(
        label=_("Theme in French"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["treaty"]
        treaties = list(field.queryset)
        default = next((t for t in treaties if t.code == settings.LANZAROTE_TREATY), None)
        if default is None and len(treaties) == 1:
            default = treaties[0]
        field.initial = default  # shown chosen; with several treaties, one must be sent
        field.required = len(treaties) != 1

    def clean_treaty(self) -> Treaty:
        return self.cleaned_data["treaty"] or self.fields["treaty"].initial


class QuestionnaireForm(forms.Form):
    uid = forms.SlugField(
        label=_("Short id"), help_text=_("Used in addresses, e.g. round-4-thematic")
    )
    title_en = forms.CharField(label=_("Title in English"), max_length=300)
    title_fr = forms.CharField(label=_("Title in French"), max_length=300, required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput, required=False)


class ProvisionLinksForm(forms.Form):
    provisions = forms.CharField(
        label=_("Provisions concerned"),
        required=False,
        help_text=_("Stable ids separated by commas, e.g. cets201:20.1.a, cets201:23"),
    )

    def clean_provisions(self) -> list[str]:
        return [uid.strip() for uid in self.cleaned_data["provisions"].split(",") if uid.strip()]


class QuestionEditForm(forms.Form):
    """A question's wording in both languages (and, in preparation, whom it is addressed to)."""

    title_en = forms.CharField(label=_("Title in English"), max_length=300, required=False)
    text_en = forms.CharField(
        label=_("Text in English"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    title_fr = forms.CharField(label=_("Title in French"), max_length=300, required=False)
    text_fr = forms.CharField(
        label=_("Text in French"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    audience = forms.ChoiceField(label=_("Addressed to"), choices=Question.Audience.choices)
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=500,
        required=False,
        help_text=_("The round is open: the correction is recorded and shown beside the question"),
    )


class RoundMeetingsForm(forms.Form):
    """The Committee's meetings that launched the round and adopted its report (empty: not
    known)."""

    def __init__(self, *args, treaty: Treaty, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["launched_at"] = MeetingChoiceField(
            treaty=treaty, label=_("Launched at the meeting")
        )
        self.fields["report_adopted_at"] = MeetingChoiceField(
            treaty=treaty, label=_("Report adopted at the meeting")
        )
