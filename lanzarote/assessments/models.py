"""Findings: what a Party does, indicator by indicator, each resting on the passages that show it;
and the machine's suggestions, kept whatever became of them so that their quality is measured on
real use."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lanzarote.lib.comments import COMMENT_MAX_LENGTH
from lanzarote.monitoring.models import Indicator
from lanzarote.parties.models import State
from lanzarote.replies.models import Answer, Passage


class Suggestion(models.Model):
    """The machine's proposal for one Party and indicator: evidence, value, confidence, reason.
    It never becomes a finding by itself: a person accepts (as is or edited) or rejects it."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        EDITED = "edited", _("accepted with changes")
        REJECTED = "rejected", _("rejected")
        SUPERSEDED = "superseded", _("replaced by a newer suggestion")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="suggestions")
    party = models.ForeignKey(State, on_delete=models.CASCADE, related_name="suggestions")
    value = models.CharField(max_length=40)
    confidence = models.FloatField()
    method = models.CharField(max_length=20)
    model = models.CharField(max_length=100, blank=True, help_text="Embedding model used, if any")
    cue = models.CharField(max_length=20, blank=True)
    cue_text = models.CharField(max_length=300, blank=True)
    # Best first: [{"passage": id, "score", "terms": [...], "span": [start, end] | null,
    #               "similarity": float | null, "via_question": bool}]
    evidence = models.JSONField(default=list)
    scheme_version = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    final_value = models.CharField(max_length=40, blank=True, help_text="The value a person kept")
    kept_evidence = models.JSONField(
        default=list, blank=True, help_text="Passage ids a person kept"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "party", "-created_at"]
        indexes = [models.Index(fields=["party", "indicator", "status"])]

    def __str__(self) -> str:
        return f"suggestion {self.indicator} {self.party.iso2}: {self.value}"


class Finding(models.Model):
    """A round × Party × indicator (the round is the indicator's): value, rationale, evidence."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEWED = "reviewed", _("Reviewed")
        ADOPTED = "adopted", _("Adopted")

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="findings")
    party = models.ForeignKey(State, on_delete=models.PROTECT, related_name="findings")
    value = models.CharField(max_length=40)
    rationale = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    scheme_version = models.PositiveIntegerField()
    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adopted_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["indicator", "party"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "party"], name="finding_once_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.party.iso2}: {self.value} ({self.status})"


class Evidence(models.Model):
    """A quoted span of a passage (or of a typed answer, or of a unit of the Party's legislation
    whose link to an obligation was confirmed in a legal self-assessment) that a finding rests on. The quote and
    where it stood are kept as written, so the finding still cites them if the file goes."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence")
    passage = models.ForeignKey(
        Passage, on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence"
    )
    answer = models.ForeignKey(
        Answer, on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence"
    )
    legal_unit = models.ForeignKey(
        "legislation.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
        help_text="A unit of the Party's legislation, confirmed in a legal self-assessment",
    )
    quote = models.TextField()
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    page = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=300, help_text="Respondent, document and page, as cited")
    reply = models.ForeignKey(
        "replies.Reply", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_suggestion = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["finding", "added_at", "pk"]

    def __str__(self) -> str:
        return f"{self.finding}: {self.source}"


class Comment(models.Model):
    """A Committee member's (or the Secretariat's) remark on a reviewed finding."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["finding", "created_at"]

    def __str__(self) -> str:
        return f"comment on {self.finding}"
