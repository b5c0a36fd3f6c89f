"""Legal self-assessments: a State's legislation read against a treaty's obligations.

A self-assessment belongs to the person who made it and is private to them (and to the
Secretariat once they share it) until they publish it. Its acts are uploaded files, read in the
background into the legislation's own units (sections, articles, paragraphs); each unit is linked
to the obligations it implements, with the elements of each obligation it satisfies. People
confirm or correct links and elements; the engine's proposals and their corrections are kept side
by side. Written only through legislation.services.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lanzarote.parties.models import State
from lanzarote.treaties.models import Provision, Treaty


class SelfAssessment(models.Model):
    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Private to its author")
        SHARED = "shared", _("Shared with the Secretariat")
        PUBLISHED = "published", _("Published")

    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="self_assessments")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="self_assessments")
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="self_assessments"
    )
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "id"]

    def __str__(self) -> str:
        return self.title


class Act(models.Model):
    """One uploaded piece of legislation (a code, an act, an extract of it)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be read")
        READING = "reading", _("Reading")
        LINKING = "linking", _("Linking to the obligations")
        READY = "ready", _("Read")
        FAILED = "failed", _("Could not be read")

    # what the act's line says when no numbering was recognised (layout "paragraphs")
    UNRECOGNISED = (
        "No section or article numbering was recognised in this file; it is read paragraph by "
        "paragraph."
    )

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="acts")
    title = models.CharField(max_length=300)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to="legislation/", max_length=200)
    kind = models.CharField(max_length=10)  # pdf, docx, html, text (lanzarote.lib.sniff)
    size = models.PositiveBigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    language = models.CharField(max_length=3, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    layout = models.CharField(max_length=40, blank=True)
    units_total = models.PositiveIntegerField(default=0)
    units_linked = models.PositiveIntegerField(default=0)
    error_reason = models.CharField(max_length=30, blank=True)
    error = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "sha256"], name="act_unique_file"),
        ]

    def __str__(self) -> str:
        return self.title


class Unit(models.Model):
    """A unit of the legislation as it numbers itself: part, section, article, paragraph."""

    act = models.ForeignKey(Act, on_delete=models.CASCADE, related_name="units")
    order = models.PositiveIntegerField()
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(max_length=12)
    number = models.CharField(max_length=40, blank=True)
    label = models.CharField(max_length=80, blank=True)
    heading = models.CharField(max_length=500, blank=True)
    text = models.TextField()
    path = models.JSONField(default=list, blank=True)
    level = models.PositiveSmallIntegerField(default=0)
    page = models.PositiveIntegerField(null=True, blank=True)
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["act", "order"]
        constraints = [
            models.UniqueConstraint(fields=["act", "order"], name="unit_unique_order"),
        ]

    def __str__(self) -> str:
        return self.label or self.number or f"unit {self.order}"

    @property
    def citation(self) -> str:
        """Act and unit, as a lawyer cites them: "Code pénal, Article 227-23"."""
        return f"{self.act.title}, {self}"


class Link(models.Model):
    """A unit implements an obligation of the treaty's legal catalogue (``ref`` as the treaty
    writes it, "20(1)(e)", and its provision): proposed by the engine, or added by a person;
    confirmed or rejected by a person."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed by the machine")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    class Coverage(models.TextChoices):
        COVERED = "covered", _("Covered")
        PARTLY = "partly", _("Partly covered")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="links")
    ref = models.CharField(max_length=20)
    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(default=1)
    confidence = models.FloatField(null=True, blank=True)
    reason = models.TextField(blank=True)
    coverage = models.CharField(max_length=8, choices=Coverage.choices, default=Coverage.COVERED)
    protected_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The age under which the unit protects children"
    )
    by_machine = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["unit", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "ref"], name="link_unique_ref"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.ref}"


class ElementCheck(models.Model):
    """Whether a linked unit satisfies one element of the obligation (its conduct, object,
    victim's age, means, intent), as the engine read it and as a person corrected it."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="elements")
    code = models.CharField(max_length=60)
    satisfied = models.BooleanField()
    machine_satisfied = models.BooleanField(null=True, blank=True)
    evidence = models.CharField(max_length=300, blank=True, help_text="The words that matched")
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["link", "id"]
        constraints = [
            models.UniqueConstraint(fields=["link", "code"], name="element_unique_code"),
            models.CheckConstraint(
                name="element_corrected_or_machine",
                condition=Q(corrected_by__isnull=False) | Q(machine_satisfied__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.link}: {self.code}"
