"""The plenary meetings of a treaty's Committee of the Parties: their agenda, the decisions they
took, the documents prepared for them (restricted until declassified) and the list of decisions
published after them. What a meeting adopted elsewhere in the product points to it (a round's
report, a recommendation, a questionnaire, a compliance evaluation, a publication: their
``adopted_at``); an opinion or declaration, kept lower in the order (treaties), is named by the
decision that adopted it."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lanzarote.lib.dates import date_text
from lanzarote.lib.i18n import Localised, current_language, localised
from lanzarote.treaties.models import InterpretiveText, Treaty

# The kinds of the Committee's opinions, declarations and statements (treaties.InterpretiveText
# .kind, named in English by the data), in the reader's language.
COMMITTEE_TEXT_KINDS = {
    "opinion": _("opinion"),
    "opinion (interpretative)": _("interpretative opinion"),
    "declaration": _("declaration"),
    "statement": _("statement"),
    "contribution": _("contribution"),
    "secretariat tool": _("Secretariat tool"),
}


def committee_text_kind(kind: str) -> str:
    """The kind of a Committee text in the reader's language; an unknown kind as the data
    names it."""
    label = COMMITTEE_TEXT_KINDS.get(kind)
    return str(label) if label is not None else kind


def ordinal(number: int, lang: str | None = None) -> str:
    """A meeting's ordinal number as each language writes it: 1st, 2nd, 23rd / 1re, 2e, 23e
    (« réunion » is feminine)."""
    lang = lang or current_language()
    if lang == "fr":
        return "1re" if number == 1 else f"{number}e"
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def meeting_title(number: int) -> str:
    """ "23rd meeting" in the reader's language."""
    return gettext("%(ordinal)s meeting") % {"ordinal": ordinal(number)}


class Meeting(models.Model):
    """A plenary meeting. Its status and its published list of decisions change only through
    committee.services."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")

    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveSmallIntegerField(help_text="The plenary's number: 23 for the 23rd")
    start = models.DateField()
    end = models.DateField(help_text="The last day (the first, for a meeting of one day)")
    venue_en = models.CharField(max_length=200, blank=True)
    venue_fr = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PLANNED)
    decisions_published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="From then on, its decisions are public (before: the Secretariat and the "
        "Committee's members)",
    )
    notes = models.TextField(blank=True, help_text="What the sources say beside the agenda")
    sources = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What a reader may read of it, set by the selectors that read it for that reader.
    visible_decisions: list["Decision"]
    visible_documents: list["MeetingDocument"]

    class Meta:
        ordering = ["treaty", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["treaty", "number"], name="meeting_unique_number"),
            models.CheckConstraint(name="meeting_number_positive", condition=Q(number__gte=1)),
            models.CheckConstraint(
                name="meeting_ends_after_start", condition=Q(end__gte=F("start"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.treaty_id} meeting {self.number}"

    @property
    def title(self) -> str:
        return meeting_title(self.number)

    @property
    def venue(self) -> Localised:
        return localised(self, "venue")

    @property
    def decisions_published(self) -> bool:
        return self.decisions_published_at is not None

    @property
    def dates_text(self) -> str:
        """ "2 December 2014 – 4 December 2014", or one day, in the reader's language."""
        if self.start == self.end:
            return date_text(self.start)
        return f"{date_text(self.start)} – {date_text(self.end)}"

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    title_en = models.TextField()
    title_fr = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} item {self.position}"

    @property
    def title(self) -> Localised:
        return localised(self, "title")


class Decision(models.Model):
    """One decision of a meeting's list of decisions: public once the list is published."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        ADOPTION = "adoption", _("Adoption of a text")
        ELECTION = "election", _("Election of the Bureau")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DECISION)
    text_en = models.TextField()
    text_fr = models.TextField(blank=True)
    # An opinion, declaration or statement (treaties, lower in the order) adopted by this
    # decision: the link goes from the decision down to the text.
    interpretive_text = models.ForeignKey(
        InterpretiveText,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopting_decisions",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="decision_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} decision {self.number}"

    @property
    def text(self) -> Localised:
        return localised(self, "text")


class MeetingDocument(models.Model):
    """A document of a meeting: a file uploaded through the upload gate (lib/sniff.py), or a
    document known by its reference and address only (reference data). Restricted documents
    are read by the Secretariat and the Committee's members only, until declassified."""

    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        DECISIONS = "decisions", _("List of decisions")
        REPORT = "report", _("Meeting report")
        WORKING = "working", _("Working document")
        OTHER = "other", _("Other document")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WORKING)
    title_en = models.CharField(max_length=300)
    title_fr = models.CharField(max_length=300, blank=True)
    reference = models.CharField(max_length=60, blank=True, help_text="e.g. T-ES(2020)25")
    url = models.URLField(max_length=500, blank=True, help_text="Where it is published, if it is")
    restricted = models.BooleanField(default=True)
    declassified_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to="meetings/", max_length=200, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    file_kind = models.CharField(max_length=10, blank=True)  # pdf, docx, html, text (lib.sniff)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                name="meeting_document_has_something",
                condition=~Q(file="") | ~Q(url="") | ~Q(reference=""),
            ),
        ]

    def __str__(self) -> str:
        return self.reference or self.title_en

    @property
    def title(self) -> Localised:
        return localised(self, "title")
