from django import forms
from django.utils.translation import gettext_lazy as _

from lanzarote.committee.forms import MeetingChoiceField
from lanzarote.lib.comments import COMMENT_MAX_LENGTH
from lanzarote.lib.dates import ISO_DATE
from lanzarote.parties.models import State

from .models import ComplianceEvaluation, Recommendation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=ISO_DATE):  # <input type="date"> reads only ISO
        super().__init__(attrs, format)


class RecommendationForm(forms.Form):
    number = forms.CharField(
        label=_("Number"), max_length=20, required=False, help_text=_("As in the report, e.g. R12")
    )
    grade = forms.ChoiceField(label=_("Grade"), choices=Recommendation.Grade.choices)
    text_en = forms.CharField(label=_("Text in English"), widget=forms.Textarea(attrs={"rows": 4}))
    text_fr = forms.CharField(
        label=_("Text in French"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    report_en = forms.CharField(label=_("Report (English title)"), max_length=300, required=False)
    report_fr = forms.CharField(label=_("Report (French title)"), max_length=300, required=False)
    section = forms.CharField(label=_("Section of the report"), max_length=300, required=False)
    addressed_to_all = forms.BooleanField(
        label=_("Addressed to all Parties monitored"), required=False
    )
    addressees = forms.ModelMultipleChoiceField(
        label=_("Or to these Parties"),
        required=False,
        # States with a status under a treaty, not every State of the ISO list
        queryset=State.objects.filter(treaty_statuses__isnull=False).distinct(),
        to_field_name="iso2",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    addressees_note = forms.CharField(
        label=_("Addressees as the report words them"), max_length=300, required=False
    )
    provisions = forms.CharField(label=_("Provisions (ids such as cets201:18.1.b)"), required=False)
    findings = forms.MultipleChoiceField(
        label=_("Findings it rests on"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    text_complete = forms.BooleanField(
        label=_("The text is complete"), required=False, initial=True
    )

    def __init__(self, *args, findings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].choices = [
            (str(f.pk), f"{f.party.name} – {f.indicator.label_en} ({f.get_status_display()})")
            for f in findings
        ]

    def clean_provisions(self) -> list[str]:
        raw = self.cleaned_data["provisions"].replace(",", " ")
        return [uid for uid in raw.split() if uid]


class FollowUpRequestForm(forms.Form):
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EvaluationForm(forms.Form):
    party = forms.ModelChoiceField(
        label=_("Party"), queryset=State.objects.none(), to_field_name="iso2"
    )
    grade = forms.ChoiceField(label=_("Evaluation"), choices=ComplianceEvaluation.Grade.choices)
    evaluated_on = forms.DateField(label=_("Evaluated by the Committee on"), widget=DateInput)
    rationale = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    closes = forms.BooleanField(label=_("The follow-up ends for this Party"), required=False)

    def __init__(self, *args, parties=(), treaty=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = State.objects.filter(pk__in=[p.pk for p in parties])
        if treaty is not None:
            self.fields["adopted_at"] = MeetingChoiceField(
                treaty=treaty, label=_("Evaluated at the meeting")
            )


class FollowUpReportForm(forms.Form):
    party = forms.ModelChoiceField(
        label=_("Party"), queryset=State.objects.none(), to_field_name="iso2"
    )
    text = forms.CharField(
        label=_("What was done"), max_length=50000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        parties = list(parties)
        self.fields["party"].queryset = State.objects.filter(pk__in=[p.pk for p in parties])
        if len(parties) == 1:  # a focal point reports for its own Party
            self.fields["party"].empty_label = None
            self.fields["party"].initial = parties[0].iso2


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(label=_("Adopted by the Committee on"), widget=DateInput)

    def __init__(self, *args, treaty=None, **kwargs):
        super().__init__(*args, **kwargs)
        if treaty is not None:
            self.fields["adopted_at"] = MeetingChoiceField(treaty=treaty)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
