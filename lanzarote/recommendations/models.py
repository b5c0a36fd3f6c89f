"""Recommendations adopted by the Committee in its reports, and their follow-up: requests to
the addressees with a deadline, the Parties' accounts and stakeholders' input, and the
Committee's evaluation of each addressee's compliance, with its history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lanzarote.accounts.models import Organisation
from lanzarote.assessments.models import Finding
from lanzarote.committee.models import Meeting
from lanzarote.lib.comments import COMMENT_MAX_LENGTH
from lanzarote.lib.i18n import Localised, localised
from lanzarote.monitoring.models import Round
from lanzarote.parties.models import State
from lanzarote.treaties.models import Provision


class Recommendation(models.Model):
    class Grade(models.TextChoices):
        # The Committee grades by the verb it uses: urges > considers > invites. Later reports
        # use other verbs; they are recorded as found.
        URGE = "urge", _("urges")
        CONSIDER = "consider", _("considers")
        INVITE = "invite", _("invites")
        REQUEST = "request", _("requests")
        CALL_ON = "call_on", _("calls on")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ADOPTED = "adopted", _("adopted")

    uid = models.SlugField(max_length=80, unique=True)
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="recommendations")
    position = models.PositiveIntegerField(default=0)
    number = models.CharField(max_length=20, blank=True, help_text="As in the report: R1, R2…")
    grade = models.CharField(max_length=10, choices=Grade.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    report_en = models.CharField(max_length=300, blank=True, help_text="The report adopting it")
    report_fr = models.CharField(max_length=300, blank=True)
    adopted_on = models.DateField(null=True, blank=True)
    adopted_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations_adopted",
        help_text="The Committee's meeting that adopted it, where known",
    )
    section = models.CharField(max_length=300, blank=True, help_text="Section of the report")
    text_en = models.TextField()
    text_fr = models.TextField(blank=True)
    text_complete = models.BooleanField(
        default=True, help_text="False where only part of the text could be retrieved"
    )
    addressed_to_all = models.BooleanField(
        default=False, help_text="Addressed to every Party monitored in the round"
    )
    addressees = models.ManyToManyField(State, related_name="recommendations", blank=True)
    addressees_note = models.CharField(
        max_length=300, blank=True, help_text="As the report words it: “Parties that have not…”"
    )
    provisions = models.ManyToManyField(Provision, related_name="recommendations", blank=True)
    findings = models.ManyToManyField(Finding, related_name="recommendations", blank=True)
    sources = models.JSONField(default=list, blank=True)
    is_demo = models.BooleanField(default=False, help_text="Fictional, for demonstration only")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "number"],
                condition=~Q(number=""),
                name="recommendation_unique_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.round.uid} {self.number or self.uid}"

    @property
    def text(self) -> Localised:
        return localised(self, "text")

    @property
    def report(self) -> Localised:
        return localised(self, "report")


class FollowUpRequest(models.Model):
    """The Committee asks the addressees to report on what they did, by a deadline. A
    recommendation can be asked about again."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="followup_requests"
    )
    requested_on = models.DateField()
    deadline = models.DateField()
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["recommendation", "requested_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("requested_on")),
                name="followup_deadline_after_request",
            )
        ]

    def __str__(self) -> str:
        return f"follow-up of {self.recommendation} due {self.deadline}"


class FollowUpReport(models.Model):
    """A Party's account of what it did, or a stakeholder's input on it. Read by the
    Secretariat, the Committee and its author's Party or organisation; not public."""

    request = models.ForeignKey(FollowUpRequest, on_delete=models.PROTECT, related_name="reports")
    party = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        related_name="followup_reports",
        help_text="The Party the account is about",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followup_reports",
        help_text="Set for a stakeholder's input",
    )
    text = models.TextField(max_length=50000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["request", "party", "submitted_at", "pk"]

    def __str__(self) -> str:
        who = self.organisation or self.party
        return f"follow-up report by {who} on {self.request.recommendation}"


class ComplianceEvaluation(models.Model):
    """The Committee's evaluation of one addressee's compliance. Evaluations are never changed:
    a new evaluation supersedes the previous one, and the history stays."""

    class Grade(models.TextChoices):
        IMPLEMENTED = "implemented", _("implemented")
        PARTIALLY = "partially", _("partially implemented")
        NOT_IMPLEMENTED = "not_implemented", _("not implemented")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="evaluations"
    )
    party = models.ForeignKey(State, on_delete=models.PROTECT, related_name="evaluations")
    grade = models.CharField(max_length=16, choices=Grade.choices)
    rationale = models.TextField(max_length=20000)
    evaluated_on = models.DateField(help_text="When the Committee evaluated")
    adopted_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations_adopted",
        help_text="The Committee's meeting that adopted the evaluation, where known",
    )
    closes = models.BooleanField(default=False, help_text="The follow-up ends for this Party")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recommendation", "party", "evaluated_on", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.recommendation} {self.party.iso2}: {self.grade}"


class Comment(models.Model):
    """A Committee member's or the Secretariat's comment on a draft recommendation."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recommendation", "created_at", "pk"]

    def __str__(self) -> str:
        return f"comment on {self.recommendation}"
