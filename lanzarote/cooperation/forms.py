"""The Secretariat's forms: a good practice, a finding's passage made a good practice, a
capacity-building activity, a year's European Day."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lanzarote.lib.dates import DateFormatError, PartialDate
from lanzarote.parties.models import State
from lanzarote.treaties.models import Provision, Treaty

from .models import CapacityBuildingActivity


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


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CapacityBuildingActivity.Kind.choices)
    title_en = forms.CharField(label=_("Title in English"), max_length=300)
    title_fr = forms.CharField(label=_("Title in French"), max_length=300, required=False)
    start = forms.CharField(
        label=_("Start (YYYY-MM-DD, or YYYY-MM or YYYY when only that is known)"),
        max_length=10,
        required=False,
    )
    end = forms.CharField(
        label=_("End (same form; empty for one day)"), max_length=10, required=False
    )
    place_en = forms.CharField(label=_("Place in English"), max_length=200, required=False)
    place_fr = forms.CharField(label=_("Place in French"), max_length=200, required=False)
    organisers = forms.CharField(
        label=_("Organisers, one a line"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    participants = forms.CharField(
        label=_("Participants, one a line: an ISO code, an organisation, or both (FR: Ministry)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    themes_en = forms.CharField(
        label=_("Themes in English, one a line"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    themes_fr = forms.CharField(
        label=_("The same themes in French"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    provisions = PracticeForm.base_fields["provisions"]
    notes = PracticeForm.base_fields["notes"]
    sources = PracticeForm.base_fields["sources"]

    def __init__(self, *args, treaty: Treaty, **kwargs):
        super().__init__(*args, **kwargs)
        self.treaty = treaty

    clean_provisions = PracticeForm.clean_provisions
    clean_sources = PracticeForm.clean_sources

    def _date(self, name: str) -> PartialDate | None:
        try:
            return PartialDate.parse_optional(self.cleaned_data[name])
        except DateFormatError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_start(self) -> PartialDate | None:
        return self._date("start")

    def clean_end(self) -> PartialDate | None:
        return self._date("end")

    def clean_organisers(self) -> list[str]:
        return _rows(self.cleaned_data["organisers"])

    def clean_themes_en(self) -> list[str]:
        return _rows(self.cleaned_data["themes_en"])

    def clean_themes_fr(self) -> list[str]:
        return _rows(self.cleaned_data["themes_fr"])

    def clean_participants(self) -> list[tuple[State | None, str]]:
        rows = []
        for line in _rows(self.cleaned_data["participants"]):
            code, _sep, organisation = line.partition(":")
            code = code.strip()
            state = None
            if len(code) == 2 and code.isalpha():
                state = State.objects.filter(iso2=code.upper()).first()
                if state is None:
                    raise forms.ValidationError(_("Unknown State: %(codes)s") % {"codes": code})
            else:
                organisation = line
            rows.append((state, organisation.strip()))
        return rows


class EuropeanDayForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2015, max_value=2200)
    theme_en = forms.CharField(label=_("Theme in English"), max_length=400, required=False)
    theme_fr = forms.CharField(label=_("Theme in French"), max_length=400, required=False)
    materials = forms.CharField(
        label=_("Materials, one a line: the web address, then the title"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    notes = PracticeForm.base_fields["notes"]
    sources = PracticeForm.base_fields["sources"]
    clean_sources = PracticeForm.clean_sources

    def clean_materials(self) -> list[dict[str, str]]:
        materials = []
        for line in _rows(self.cleaned_data["materials"]):
            url, _sep, title = line.partition(" ")
            materials.append({"url": url, "title_en": title.strip() or url, "title_fr": ""})
        return materials


def _rows(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
