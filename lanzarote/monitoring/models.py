"""Monitoring rounds, their questionnaires and questions."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lanzarote.committee.models import Meeting
from lanzarote.lib.dates import PartialDate
from lanzarote.lib.i18n import Localised, localised
from lanzarote.parties.models import PRECISION_CHOICES, State
from lanzarote.treaties.models import Provision, Treaty


class Round(models.Model):
    """A monitoring round. Its status only changes through monitoring.services (one service per
    step, each checking the current status)."""

    class Kind(models.TextChoices):
        THEMATIC = "thematic", _("Thematic round")
        URGENT = "urgent", _("Urgent monitoring")
        SURVEY = "survey", _("Thematic survey")

    class Status(models.TextChoices):
        PREPARING = "preparing", _("In preparation")
        OPEN = "open", _("Open for replies")
        REPLIES_CLOSED = "replies_closed", _("Replies closed")
        ANALYSIS = "analysis", _("Analysis")
        REPORT_ADOPTED = "report_adopted", _("Report adopted")
        FOLLOW_UP = "follow_up", _("Follow-up")
        CLOSED = "closed", _("Closed")

    uid = models.SlugField(unique=True)
    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="rounds")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PREPARING)
    name_en = models.CharField(max_length=300)
    name_fr = models.CharField(max_length=300, blank=True)
    theme_en = models.TextField(blank=True)
    theme_fr = models.TextField(blank=True)
    launched = models.DateField(null=True, blank=True)
    launched_precision = models.CharField(max_length=5, choices=PRECISION_CHOICES, blank=True)
    launched_note = models.TextField(blank=True, help_text="What the sources say about the launch")
    parties = models.ManyToManyField(State, related_name="rounds", blank=True)
    parties_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Parties monitored, where known even if not all are named"
    )
    notes = models.TextField(blank=True)
    sources = models.JSONField(default=list, blank=True)
    is_demo = models.BooleanField(default=False, help_text="Fictional, for demonstration only")
    # The Committee's meetings that launched the round and adopted its report, where known.
    launched_at = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="rounds_launched"
    )
    report_adopted_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="round_reports_adopted",
        help_text="The meeting that adopted its (last) report",
    )

    class Meta:
        ordering = ["-launched", "uid"]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> Localised:
        return localised(self, "name")

    @property
    def theme(self) -> Localised:
        return localised(self, "theme")

    @property
    def launched_date(self) -> PartialDate | None:
        return PartialDate.stored(self.launched, self.launched_precision)


class Questionnaire(models.Model):
    class Kind(models.TextChoices):
        THEMATIC = "thematic", _("Thematic questionnaire")
        GENERAL_OVERVIEW = "general_overview", _("General Overview questionnaire")
        SURVEY = "survey", _("Survey")

    uid = models.SlugField(unique=True)
    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="questionnaires")
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, null=True, blank=True, related_name="questionnaires"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title_en = models.CharField(max_length=300)
    title_fr = models.CharField(max_length=300, blank=True)
    deadline = models.DateField(null=True, blank=True)
    questions_complete = models.BooleanField(
        default=True, help_text="False when only some of its questions are known"
    )
    completeness_note = models.TextField(blank=True)
    replies_published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="From then on, submitted replies are public (Parties', "
        "and stakeholders' that agreed)",
    )
    sources = models.JSONField(default=list, blank=True)
    is_demo = models.BooleanField(default=False)
    adopted_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaires_adopted",
        help_text="The Committee's meeting that adopted it, where known",
    )

    class Meta:
        ordering = ["round__uid", "uid"]
        constraints = [
            models.CheckConstraint(
                name="general_overview_has_no_round",
                condition=~Q(kind="general_overview") | Q(round__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> Localised:
        return localised(self, "title")

    def accepts_replies(self) -> bool:
        """The General Overview questionnaire is always open; a round's while the round is; a
        past questionnaire known only from the sources (no round recorded) never is."""
        if self.kind == self.Kind.GENERAL_OVERVIEW:
            return True
        return self.round is not None and self.round.status == Round.Status.OPEN

    def is_late(self, when: dt.datetime | dt.date | None) -> bool:
        if not self.deadline or when is None:
            return False
        # The deadline is a day in the Committee's time zone (settings.TIME_ZONE): a reply sent
        # at 00:30 in Strasbourg is on the next day there, whatever the day is in UTC.
        if isinstance(when, dt.datetime):
            day = timezone.localdate(when) if timezone.is_aware(when) else when.date()
        else:
            day = when
        return day > self.deadline


class Question(models.Model):
    class Audience(models.TextChoices):
        PARTIES = "parties", _("Parties")
        STAKEHOLDERS = "stakeholders", _("Other stakeholders")
        BOTH = "both", _("Parties and other stakeholders")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    number = models.CharField(max_length=20)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    position = models.PositiveIntegerField()
    title_en = models.CharField(max_length=300, blank=True)
    title_fr = models.CharField(max_length=300, blank=True)
    text_en = models.TextField(blank=True)
    text_fr = models.TextField(blank=True)
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.BOTH)
    provisions = models.ManyToManyField(Provision, related_name="questions", blank=True)

    class Meta:
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="question_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire.uid} Q{self.number}"

    @property
    def title(self) -> Localised:
        return localised(self, "title")

    @property
    def text(self) -> Localised:
        return localised(self, "text")

    def addressed_to_parties(self) -> bool:
        return self.audience in (self.Audience.PARTIES, self.Audience.BOTH)

    def addressed_to_stakeholders(self) -> bool:
        return self.audience in (self.Audience.STAKEHOLDERS, self.Audience.BOTH)


class CodingScheme(models.Model):
    """The indicators a round's replies are coded against. Loaded from the treaty's data
    (indicators.json) and edited by the Secretariat; every change raises `version` by one and is
    audited, so a finding records the version it was made under and the history shows the rest."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="scheme")
    version = models.PositiveIntegerField(default=1)
    title_en = models.CharField(max_length=300)
    title_fr = models.CharField(max_length=300, blank=True)
    # Value scales by name: {"yes-partly-no": [{"value", "label_en", "label_fr"}, ...]}
    scales = models.JSONField(default=dict)
    # Indicator groups in order: [{"code", "label_en", "label_fr"}, ...]
    groups = models.JSONField(default=list)
    source_notes = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.round.uid} v{self.version}"

    @property
    def title(self) -> Localised:
        return localised(self, "title")


class Indicator(models.Model):
    """One thing coded per Party: a code, a label, a value scale, the questions and provisions
    it rests on, and the words and description the machine assistance looks for."""

    scheme = models.ForeignKey(CodingScheme, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(max_length=60)
    # The measure across rounds: indicators of the treaty's rounds with the same series are the
    # same measure, whatever their codes (blank: the code is the series).
    series = models.SlugField(max_length=60, blank=True)
    group = models.CharField(max_length=60, blank=True)
    position = models.PositiveIntegerField(default=0)
    label_en = models.CharField(max_length=300)
    label_fr = models.CharField(max_length=300, blank=True)
    description_en = models.TextField(blank=True)
    description_fr = models.TextField(blank=True)
    scale = models.CharField(max_length=40, help_text="Name of a scale of the scheme")
    keywords_en = models.JSONField(default=list, blank=True)
    keywords_fr = models.JSONField(default=list, blank=True)
    questions = models.ManyToManyField(Question, related_name="indicators", blank=True)
    provisions = models.ManyToManyField(Provision, related_name="indicators", blank=True)
    recommendations = models.JSONField(default=list, blank=True)
    sources = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["scheme", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="indicator_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.scheme.round.uid}:{self.code}"

    @property
    def label(self) -> Localised:
        return localised(self, "label")

    @property
    def description(self) -> Localised:
        return localised(self, "description")

    @property
    def series_code(self) -> str:
        return self.series or self.code

    def values(self) -> list[dict]:
        """The scale: [{"value", "label_en", "label_fr"}, ...] (empty if the scale is unknown)."""
        return list(self.scheme.scales.get(self.scale, []))

    def value_codes(self) -> list[str]:
        return [v["value"] for v in self.values()]
