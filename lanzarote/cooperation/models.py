"""The Committee's co-operation work: capacity-building activities (study visits, conferences,
events), the library of good practices, and the European Day of 18 November.

What identified a good practice points down from it: a finding (assessments), an evidence
passage, an activity. A report or publication (reports, above this app) is named by a reference
that imports nothing: its title or document symbol and address; the publication's own page shows
the practices that name it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lanzarote.assessments.models import Evidence, Finding
from lanzarote.lib.dates import PartialDate, Precision
from lanzarote.lib.i18n import Localised, localised
from lanzarote.monitoring.models import Indicator
from lanzarote.parties.models import State
from lanzarote.treaties.models import Provision, Treaty

PRECISIONS = [(p.value, p.value) for p in Precision]


class CapacityBuildingActivity(models.Model):
    """A study visit, conference or event held by or for the Committee. Dates may be known only
    to the month or the year (``*_precision``), or not at all."""

    class Kind(models.TextChoices):
        STUDY_VISIT = "study_visit", _("Study visit")
        CONFERENCE = "conference", _("Conference")
        EVENT = "event", _("Event")

    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="activities")
    uid = models.SlugField(max_length=80, unique=True, help_text="e.g. 2012-reykjavik-barnahus")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title_en = models.CharField(max_length=300)
    title_fr = models.CharField(max_length=300, blank=True)
    start = models.DateField(null=True, blank=True)
    start_precision = models.CharField(max_length=5, choices=PRECISIONS, blank=True)
    end = models.DateField(null=True, blank=True)
    end_precision = models.CharField(max_length=5, choices=PRECISIONS, blank=True)
    place_en = models.CharField(max_length=200, blank=True)
    place_fr = models.CharField(max_length=200, blank=True)
    organisers = models.JSONField(default=list, blank=True, help_text="Names, as the sources give")
    themes_en = models.JSONField(default=list, blank=True)
    themes_fr = models.JSONField(default=list, blank=True)
    provisions = models.ManyToManyField(Provision, related_name="activities", blank=True)
    # [{"title_en", "title_fr", "url"}]: documents published elsewhere
    documents = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True, help_text="What the sources say, in English")
    sources = models.JSONField(default=list, blank=True)
    published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "uid"]
        verbose_name_plural = "capacity-building activities"
        constraints = [
            models.CheckConstraint(
                name="activity_end_not_before_start",
                condition=Q(end__isnull=True) | Q(start__isnull=False, end__gte=models.F("start")),
            ),
        ]

    def __str__(self) -> str:
        return self.uid

    @property
    def title(self) -> Localised:
        return localised(self, "title")

    @property
    def place(self) -> Localised:
        return localised(self, "place")

    @property
    def themes(self) -> list[str]:
        return localised_list(self, "themes")

    @property
    def start_date(self) -> PartialDate | None:
        return PartialDate.stored(self.start, self.start_precision)

    @property
    def end_date(self) -> PartialDate | None:
        return PartialDate.stored(self.end, self.end_precision)


class ActivityParticipant(models.Model):
    """Who took part, as the sources name them: a State, an organisation, or both."""

    activity = models.ForeignKey(
        CapacityBuildingActivity, on_delete=models.CASCADE, related_name="participants"
    )
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["activity", "pk"]
        constraints = [
            models.CheckConstraint(
                name="participant_names_someone",
                condition=Q(state__isnull=False) | ~Q(organisation=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.state_id or ''} {self.organisation}".strip()


class GoodPractice(models.Model):
    """A practice of one or more States that the Committee identified: in a finding (and its
    evidence passage), in a report or publication, or during an activity. Drafts are read by
    the Secretariat only; a published practice by everyone."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="good_practices")
    uid = models.SlugField(max_length=80, unique=True)
    title_en = models.CharField(max_length=300)
    title_fr = models.CharField(max_length=300, blank=True)
    summary_en = models.TextField(blank=True)
    summary_fr = models.TextField(blank=True)
    states = models.ManyToManyField(State, related_name="good_practices", blank=True)
    provisions = models.ManyToManyField(Provision, related_name="good_practices", blank=True)
    indicators = models.ManyToManyField(Indicator, related_name="good_practices", blank=True)
    # Where the Committee identified it (any, all or none of these).
    finding = models.ForeignKey(
        Finding, on_delete=models.SET_NULL, null=True, blank=True, related_name="good_practices"
    )
    evidence = models.ForeignKey(
        Evidence, on_delete=models.SET_NULL, null=True, blank=True, related_name="good_practices"
    )
    quote = models.TextField(blank=True, help_text="The evidence passage promoted, as quoted")
    quote_source = models.CharField(max_length=300, blank=True)
    activity = models.ForeignKey(
        CapacityBuildingActivity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="good_practices",
    )
    publication = models.CharField(
        max_length=300, blank=True, help_text="A report or publication, by title or symbol"
    )
    publication_url = models.URLField(max_length=500, blank=True)
    notes = models.TextField(blank=True)
    sources = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    # Its meaning, for search (lib.embed, float16): one vector per language written.
    embedding_en = models.BinaryField(null=True, blank=True, editable=False)
    embedding_fr = models.BinaryField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title_en", "pk"]
        constraints = [
            models.CheckConstraint(
                name="practice_published_has_date",
                condition=~Q(status="published") | Q(published_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.uid

    @property
    def title(self) -> Localised:
        return localised(self, "title")

    @property
    def summary(self) -> Localised:
        return localised(self, "summary")

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class EuropeanDay(models.Model):
    """One year's European Day on the Protection of Children against Sexual Exploitation and
    Sexual Abuse (18 November): its theme in English and French where known, and materials."""

    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="european_days")
    year = models.PositiveSmallIntegerField()
    theme_en = models.CharField(max_length=400, blank=True)
    theme_fr = models.CharField(max_length=400, blank=True)
    materials = models.JSONField(default=list, blank=True)  # [{"title_en", "title_fr", "url"}]
    notes = models.TextField(blank=True)
    sources = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["treaty", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["treaty", "year"], name="european_day_once_a_year"),
            models.CheckConstraint(name="european_day_since_2015", condition=Q(year__gte=2015)),
        ]

    def __str__(self) -> str:
        return f"{self.treaty_id} European Day {self.year}"

    @property
    def theme(self) -> Localised:
        return localised(self, "theme")


def localised_list(obj: object, name: str) -> list[str]:
    """A list kept in ``<name>_en`` and ``<name>_fr``: the reader's language when it has one."""
    from lanzarote.lib.i18n import current_language

    wanted = getattr(obj, f"{name}_{current_language()}", None) or []
    return list(wanted or getattr(obj, f"{name}_en", []) or [])
