"""Treaties and their text: the core knows treaties; the Lanzarote Convention is data."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lanzarote.lib.i18n import Localised, localised


class Pillar(models.TextChoices):
    GENERAL = "general", _("General provisions")
    PREVENTION = "prevention", _("Prevention")
    PROTECTION = "protection", _("Protection")
    PROSECUTION = "prosecution", _("Prosecution")
    COOPERATION = "cooperation", _("Co-operation")
    MONITORING = "monitoring", _("Monitoring")
    FINAL = "final", _("Final clauses")


class Treaty(models.Model):
    code = models.SlugField(unique=True, help_text="Stable id prefix, e.g. cets201.")
    series_en = models.CharField(max_length=40, help_text="e.g. CETS No. 201")
    series_fr = models.CharField(max_length=40, blank=True, help_text="e.g. STCE n° 201")
    title_en = models.TextField()
    title_fr = models.TextField(blank=True)
    short_title_en = models.CharField(max_length=200)
    short_title_fr = models.CharField(max_length=200, blank=True)
    opened_for_signature = models.DateField(null=True, blank=True)
    place_of_signature = models.CharField(max_length=200, blank=True)
    entry_into_force = models.DateField(null=True, blank=True)
    entry_into_force_delay_months = models.PositiveSmallIntegerField(
        default=3,
        help_text="Months between a deposit and the first day of the following month "
        "on which the treaty enters into force for that State.",
    )
    note_en = models.TextField(blank=True)
    note_fr = models.TextField(blank=True)
    source = models.TextField(blank=True)
    joining = models.JSONField(
        default=dict,
        blank=True,
        help_text="Why and how a State joins: quotes of official sources on the treaty's "
        "benefits and the steps of accession, each naming its source (reference data).",
    )

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "treaties"

    def __str__(self) -> str:
        return f"{self.short_title_en} ({self.series_en})"

    @property
    def title(self) -> Localised:
        return localised(self, "title")

    @property
    def short_title(self) -> Localised:
        return localised(self, "short_title")

    @property
    def series(self) -> Localised:
        return localised(self, "series")

    @property
    def note(self) -> Localised:
        return localised(self, "note")


class Chapter(models.Model):
    treaty = models.ForeignKey(Treaty, on_delete=models.CASCADE, related_name="chapters")
    number = models.CharField(max_length=10)
    position = models.PositiveSmallIntegerField()
    title_en = models.CharField(max_length=300)
    title_fr = models.CharField(max_length=300, blank=True)
    pillar = models.CharField(max_length=20, choices=Pillar.choices)

    class Meta:
        ordering = ["treaty", "position"]
        constraints = [
            models.UniqueConstraint(fields=["treaty", "number"], name="chapter_unique_number")
        ]

    def __str__(self) -> str:
        return f"Chapter {self.number} – {self.title_en}"

    @property
    def title(self) -> Localised:
        return localised(self, "title")


class Article(models.Model):
    treaty = models.ForeignKey(Treaty, on_delete=models.CASCADE, related_name="articles")
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="articles")
    number = models.PositiveSmallIntegerField()
    title_en = models.CharField(max_length=300)
    title_fr = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["treaty", "number"]
        constraints = [
            models.UniqueConstraint(fields=["treaty", "number"], name="article_unique_number")
        ]

    def __str__(self) -> str:
        return f"Article {self.number} – {self.title_en}"

    @property
    def title(self) -> Localised:
        return localised(self, "title")

    @property
    def uid(self) -> str:
        return f"{self.treaty.code}:{self.number}"


class Provision(models.Model):
    """A citable unit of text with a stable id: ``cets201:20.1.a``.

    Articles hold paragraphs, paragraphs hold lettered items; the article's unnumbered text
    is a paragraph with an empty number (``cets201:22``). The preamble's recitals are
    provisions without an article (``cets201:preamble.3``).
    """

    class Kind(models.TextChoices):
        RECITAL = "recital", _("Recital")
        PARAGRAPH = "paragraph", _("Paragraph")
        ITEM = "item", _("Item")

    uid = models.CharField(max_length=64, unique=True)
    treaty = models.ForeignKey(Treaty, on_delete=models.CASCADE, related_name="provisions")
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="provisions"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    paragraph = models.CharField(max_length=8, blank=True)
    item = models.CharField(max_length=8, blank=True)
    position = models.PositiveIntegerField()
    text_en = models.TextField()
    text_fr = models.TextField(blank=True)
    indents_en = models.JSONField(default=list, blank=True)
    indents_fr = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["treaty", "position"]

    def __str__(self) -> str:
        return self.uid

    @property
    def text(self) -> Localised:
        return localised(self, "text")

    @property
    def indents(self) -> list[str]:
        text = self.text
        return self.indents_fr if text.lang == "fr" else self.indents_en

    @property
    def label(self) -> str:
        """The citation form used in Committee documents: ``Art. 20(1)(a)``."""
        if self.kind == self.Kind.RECITAL:
            return gettext("Preamble, recital %(n)s") % {"n": self.paragraph}
        label = f"Art. {self.article.number}" if self.article is not None else self.uid
        if self.paragraph:
            label += f"({self.paragraph})"
        if self.item:
            label += f"({self.item})"
        return label

    @property
    def anchor(self) -> str:
        """HTML id of the provision on its article page."""
        local = self.uid.split(":", 1)[1].replace(".", "-")
        return local if self.kind == self.Kind.RECITAL else f"p{local}"


class ReservationClause(models.Model):
    """A provision that allows Parties a reservation, a declaration or a communication."""

    class Kind(models.TextChoices):
        RESERVATION = "reservation", _("Reservation")
        DECLARATION = "declaration", _("Declaration")
        COMMUNICATION = "communication", _("Communication")

    provision = models.ForeignKey(
        Provision, on_delete=models.CASCADE, related_name="reservation_clauses"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    optional = models.BooleanField(default=True)
    summary_en = models.TextField()
    summary_fr = models.TextField(blank=True)
    concerns = models.ManyToManyField(Provision, related_name="concerned_by_clauses", blank=True)

    class Meta:
        ordering = ["provision__position"]
        constraints = [
            models.UniqueConstraint(fields=["provision", "kind"], name="clause_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} under {self.provision.label}"

    @property
    def summary(self) -> Localised:
        return localised(self, "summary")


class Obligation(models.Model):
    """What a Party must do under a provision, as data with a stable id."""

    class Kind(models.TextChoices):
        CRIMINALISE = "criminalise", _("Criminalise")
        MEASURE = "measure", _("Take measures")
        PROCEDURE = "procedure", _("Procedure")
        JURISDICTION = "jurisdiction", _("Jurisdiction")
        COOPERATION = "cooperation", _("Co-operate")

    uid = models.CharField(max_length=80, unique=True)
    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="obligations")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text_en = models.TextField()
    text_fr = models.TextField(blank=True)
    reservable_under = models.ForeignKey(
        ReservationClause,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="obligations",
    )
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.uid

    @property
    def text(self) -> Localised:
        return localised(self, "text")


class InterpretiveText(models.Model):
    """An opinion, declaration or statement of the treaty's Committee of the Parties."""

    uid = models.CharField(max_length=80, unique=True)
    treaty = models.ForeignKey(Treaty, on_delete=models.CASCADE, related_name="interpretive_texts")
    kind = models.CharField(max_length=40)
    title_en = models.TextField()
    title_fr = models.TextField(blank=True)
    summary_en = models.TextField(blank=True)
    summary_fr = models.TextField(blank=True)
    adopted_on = models.DateField(null=True, blank=True)
    adopted_precision = models.CharField(max_length=5, blank=True)
    date_note = models.TextField(blank=True, help_text="What the sources say about the date.")
    sources = models.JSONField(default=list, blank=True)
    provisions = models.ManyToManyField(Provision, related_name="interpretive_texts", blank=True)

    class Meta:
        ordering = ["uid"]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> Localised:
        return localised(self, "title")

    @property
    def summary(self) -> Localised:
        return localised(self, "summary")


class Concordance(models.Model):
    """A provision read beside its counterpart in another treaty, with what the counterpart adds
    or lacks: reference data, an editorial reading of the two texts, never an official one."""

    class Relation(models.TextChoices):
        EQUIVALENT = "equivalent", _("Equivalent")
        NARROWER = "narrower", _("The counterpart is narrower")
        BROADER = "broader", _("The counterpart is broader")
        PARTIAL = "partial", _("They partly overlap")
        NONE = "none", _("No counterpart")

    uid = models.CharField(max_length=160, unique=True)
    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="concordances")
    counterpart_treaty = models.ForeignKey(
        Treaty, on_delete=models.CASCADE, related_name="concordances_as_counterpart"
    )
    counterpart = models.ForeignKey(
        Provision,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="counterpart_of",
        help_text="Empty when the other treaty has no such provision.",
    )
    relation = models.CharField(max_length=12, choices=Relation.choices)
    adds_en = models.TextField(blank=True, help_text="What the counterpart adds.")
    adds_fr = models.TextField(blank=True)
    lacks_en = models.TextField(blank=True, help_text="What the counterpart lacks.")
    lacks_fr = models.TextField(blank=True)
    note_en = models.TextField(blank=True)
    note_fr = models.TextField(blank=True)
    source = models.TextField(blank=True)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["provision", "counterpart"],
                name="concordance_unique_pair",
            ),
            models.CheckConstraint(
                condition=models.Q(relation="none", counterpart__isnull=True)
                | (~models.Q(relation="none") & models.Q(counterpart__isnull=False)),
                name="concordance_counterpart_unless_none",
            ),
        ]

    def __str__(self) -> str:
        return self.uid

    @property
    def adds(self) -> Localised:
        return localised(self, "adds")

    @property
    def lacks(self) -> Localised:
        return localised(self, "lacks")

    @property
    def note(self) -> Localised:
        return localised(self, "note")
