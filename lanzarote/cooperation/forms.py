"""The Secretariat's forms: a good practice, and a finding's passage made a good practice."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lanzarote.parties.models import State
from lanzarote.treaties.models import Provision, Treaty


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace(",", "\n").splitlines() if line.strip()]


class PracticeForm(forms.Form):
    title_en = forms.CharField(label=_("Title in English"), max_length=300)
    title_fr = forms.CharField(label=_("Title in French"), max_length=300, required=False)
    summary_en = forms.CharField(
        label=_("Summary in English"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    summary_fr = forms.CharField(
        label=_("Summary in French"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    states = forms.CharField(
        label=_("States (ISO codes, e.g. IS, FR)"), required=False, max_length=500
    )
    provisions = forms.CharField(
        label=_("Provisions (stable ids, one a line, e.g. cets201:35.1)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    publication = forms.CharField(
        label=_("Report or publication that identified it"), max_length=300, required=False
    )
    publication_url = forms.URLField(
        label=_("Its web address"), max_length=500, required=False, assume_scheme="https"
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    sources = forms.CharField(
        label=_("Sources (web addresses, one a line)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, treaty: Treaty, **kwargs):
        super().__init__(*args, **kwargs)
        self.treaty = treaty

    def clean_states(self) -> list[State]:
        codes = [c.upper() for c in _lines(self.cleaned_data["states"])]
        found = {s.iso2: s for s in State.objects.filter(iso2__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError(
                _("Unknown State: %(codes)s") % {"codes": ", ".join(missing)}
            )
        return [found[c] for c in codes]

    def clean_provisions(self) -> list[Provision]:
        uids = _lines(self.cleaned_data["provisions"])
        found = {p.uid: p for p in Provision.objects.filter(treaty=self.treaty, uid__in=uids)}
        missing = [u for u in uids if u not in found]
        if missing:
            raise forms.ValidationError(
                _("No such provision: %(uids)s") % {"uids": ", ".join(missing)}
            )
        return [found[u] for u in uids]

    def clean_sources(self) -> list[str]:
        return _lines(self.cleaned_data["sources"].replace(",", " ").replace(" ", "\n"))


class PromoteForm(forms.Form):
    title_en = forms.CharField(label=_("Title in English"), max_length=300)
    title_fr = forms.CharField(label=_("Title in French"), max_length=300, required=False)
    summary_en = forms.CharField(
        label=_("Summary in English"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    summary_fr = forms.CharField(
        label=_("Summary in French"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    publish = forms.BooleanField(label=_("Publish it now"), required=False, initial=True)
