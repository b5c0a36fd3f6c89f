"""Publications: what the Committee publishes, built once as data and rendered to HTML, PDF,
DOCX and XLSX in English and French. A publication never changes: a correction is a new
version, and earlier versions stay downloadable."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lanzarote.committee.models import Meeting
from lanzarote.lib.comments import COMMENT_MAX_LENGTH
from lanzarote.monitoring.models import Round
from lanzarote.parties.models import State
from lanzarote.treaties.models import Treaty


class Publication(models.Model):
    class Kind(models.TextChoices):
        OVERVIEW = "overview", _("Comparative overview")
        COUNTRY = "country", _("Country factsheet")
        THEMATIC = "thematic", _("Thematic factsheet")
        REPORT = "report", _("Implementation report")
        ANNUAL = "annual", _("Annual activity report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft, open to the Party's reply")
        BUILDING = "building", _("being rendered")
        PUBLISHED = "published", _("published")
        FAILED = "failed", _("failed")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
        help_text="The round it reports on; none for an annual activity report",
    )
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year an annual activity report covers"
    )
    party = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="publications"
    )
    subject = models.CharField(max_length=60, blank=True, help_text="Indicator group, if any")
    lang = models.CharField(max_length=2)
    key = models.CharField(max_length=120, help_text="kind:round:party:subject:lang, the series")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BUILDING)
    data = models.JSONField(help_text="What was rendered, as built (frozen)")
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # An implementation report or an annual report is adopted by the Committee: the meeting that
    # adopted the version published, where known.
    adopted_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications_adopted",
    )

    class Meta:
        ordering = ["round", "kind", "party", "subject", "lang", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="publication_unique_version")
        ]

    def __str__(self) -> str:
        if self.party is not None:
            who = self.party.iso2
        elif self.round is not None:
            who = self.subject or self.round.uid
        else:
            who = f"{self.subject} {self.year}"
        return f"{self.kind} {who} {self.lang} v{self.version}"

    @property
    def is_demo(self) -> bool:
        return self.round is not None and self.round.is_demo

    @staticmethod
    def series(kind: str, round_uid: str, iso2: str, subject: str, lang: str) -> str:
        return f"{kind}:{round_uid}:{iso2}:{subject}:{lang}"


class Comment(models.Model):
    """The right of reply: the Party's focal point comments on its country factsheet's draft
    (and the Secretariat answers); shown beside the draft."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["publication", "created_at"]

    def __str__(self) -> str:
        return f"comment on {self.publication}"


class Rendering(models.Model):
    """One file of a publication, stored once with its checksum."""

    class Format(models.TextChoices):
        HTML = "html", "HTML"
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        XLSX = "xlsx", "XLSX"

    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="renderings"
    )
    format = models.CharField(max_length=4, choices=Format.choices)
    file = models.FileField(upload_to="publications/", max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["publication", "format"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "format"], name="rendering_once")
        ]

    def __str__(self) -> str:
        return f"{self.publication} {self.format}"


class ReportSection(models.Model):
    """A section of a round's implementation report: the Secretariat's own text, the adopted
    findings of a group of indicators, or the round's adopted recommendations (all, or those
    resting on a group's findings or provisions), in the order the report gives them."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text by the Secretariat")
        FINDINGS = "findings", _("Adopted findings of a group of indicators")
        RECOMMENDATIONS = "recommendations", _("Adopted recommendations (of a group, or all)")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="report_sections")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    group = models.CharField(max_length=60, blank=True)
    title_en = models.CharField(max_length=300, blank=True)
    title_fr = models.CharField(max_length=300, blank=True)
    text_en = models.TextField(blank=True)
    text_fr = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.round.uid} section {self.position}"


class AnnualReportText(models.Model):
    """The Secretariat's own text in a year's annual activity report, placed after one of the
    sections generated from the record (or at the start)."""

    class After(models.TextChoices):
        START = "start", _("At the start")
        MEETINGS = "meetings", _("After: meetings and decisions")
        ROUNDS = "rounds", _("After: monitoring rounds and replies")
        REPORTS = "reports", _("After: reports and recommendations adopted")
        FOLLOW_UP = "follow_up", _("After: follow-up evaluated")
        INTERPRETATION = "interpretation", _("After: opinions and declarations")
        COOPERATION = "cooperation", _("After: capacity building")
        TREATY = "treaty", _("After: signatures, ratifications and accessions")
        PUBLICATIONS = "publications", _("After: publications")

    treaty = models.ForeignKey(Treaty, on_delete=models.CASCADE, related_name="annual_texts")
    year = models.PositiveSmallIntegerField()
    after = models.CharField(max_length=16, choices=After.choices, default=After.START)
    position = models.PositiveIntegerField(default=1)
    title_en = models.CharField(max_length=300, blank=True)
    title_fr = models.CharField(max_length=300, blank=True)
    text_en = models.TextField(blank=True)
    text_fr = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["treaty", "year", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.treaty_id} {self.year} text {self.position}"
