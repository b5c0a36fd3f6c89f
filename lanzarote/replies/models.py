"""Replies to questionnaires: by a Party (its focal point) or by a stakeholder organisation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lanzarote.accounts.models import Organisation
from lanzarote.monitoring.models import Question, Questionnaire
from lanzarote.parties.models import State


class Reply(models.Model):
    """One respondent's reply to one questionnaire. Written only through replies.services."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    class Language(models.TextChoices):
        EN = "en", _("English")
        FR = "fr", _("French")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="replies"
    )
    party = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)
    publication_agreed = models.BooleanField(
        default=False,
        help_text="A stakeholder's agreement to publish its reply (Parties' replies are public "
        "once the round's replies are published)",
    )
    entered_by_secretariat = models.BooleanField(
        default=False,
        help_text="Some or all of it was entered by the Secretariat for the respondent",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["questionnaire", "party__name_en", "organisation__name_en"]
        verbose_name_plural = "replies"
        constraints = [
            models.CheckConstraint(
                name="reply_has_one_respondent",
                condition=(Q(party__isnull=False) & Q(organisation__isnull=True))
                | (Q(party__isnull=True) & Q(organisation__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "party"],
                condition=Q(party__isnull=False),
                name="reply_unique_party",
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "organisation"],
                condition=Q(organisation__isnull=False),
                name="reply_unique_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.respondent_name} – {self.questionnaire.uid}"

    @property
    def is_party_reply(self) -> bool:
        return self.party_id is not None

    @property
    def respondent_name(self) -> str:
        respondent = self.party if self.party is not None else self.organisation
        return str(respondent.name) if respondent is not None else ""

    @property
    def is_late(self) -> bool:
        return self.questionnaire.is_late(self.submitted_at)

    @property
    def publication_not_agreed(self) -> bool:
        """A stakeholder's reply its author has not agreed to publish: those who may read it
        (the Secretariat, the Committee) must not quote it in a public document."""
        return self.organisation_id is not None and not self.publication_agreed


class Answer(models.Model):
    """The answer typed into the form for one question: sanitised HTML."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True)
    # How many times the answer was saved: a save that carries the version its author saw is
    # refused as a conflict when someone else saved in between (two tabs, two focal points).
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["question__position"]
        constraints = [
            models.UniqueConstraint(fields=["reply", "question"], name="answer_unique_question")
        ]

    def __str__(self) -> str:
        return f"{self.reply} Q{self.question.number}"


class Document(models.Model):
    """An uploaded file, stored once by content hash, and what the system read from it.

    Its text is extracted by a background task (replies.ingestion) into passages; the status says
    where that stands. Nothing half-done is shown: passages appear only once the document is
    ready, written in the same transaction that marks it ready.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        READING = "reading", _("Reading")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    class Stage(models.TextChoices):
        READING = "reading", _("reading the pages")
        PASSAGES = "passages", _("cutting into passages")
        LINKING = "linking", _("linking to questions and indexing for search")

    class Cut(models.TextChoices):
        PAGES = "pages", _("cut at the page limit")
        CHARACTERS = "characters", _("cut at the character limit")
        PASSAGES = "passages", _("cut at the passage limit")
        TIME = "time", _("cut at the time limit")

    sha256 = models.CharField(max_length=64, unique=True)
    file = models.FileField(upload_to="documents/", max_length=200)
    kind = models.CharField(max_length=10)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    pages = models.PositiveIntegerField(null=True, blank=True)
    progress_page = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=3, blank=True)
    error_reason = models.CharField(max_length=30, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    embedded = models.PositiveIntegerField(
        default=0, help_text="Passages whose embedding is computed (cross-language search)"
    )
    # Where the work stands (docs/documents.md): the step being done, the worker's claim on it
    # (one worker per document) and when that worker last said it was alive.
    stage = models.CharField(max_length=10, choices=Stage.choices, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    embedding_until = models.DateTimeField(
        null=True, blank=True, help_text="A worker is embedding a chunk of it until then"
    )
    # A document longer than the limits (settings LANZAROTE_MAX_PAGES, ..._CHARACTERS,
    # ..._PASSAGES, ..._READ_SECONDS) is read up to them: why, and how many pages were read.
    cut_reason = models.CharField(max_length=12, choices=Cut.choices, blank=True)
    cut_pages = models.PositiveIntegerField(null=True, blank=True)

    # Failures that a new attempt may cure (the Secretariat's "retry"; the disk full ones are
    # also retried when the worker starts).
    RETRYABLE = ("disk_full", "internal")

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.sha256[:12]}"

    @property
    def retryable(self) -> bool:
        return self.status == self.Status.FAILED and self.error_reason in self.RETRYABLE

    @property
    def queue_position(self) -> int:
        """1 for the next document to be read (reading comes before any embedding)."""
        if self.status != self.Status.QUEUED:
            return 0
        queued = Document.objects.filter(status=self.Status.QUEUED)
        if self.queued_at is None:
            return (
                queued.exclude(queued_at=None).count()
                + queued.filter(queued_at=None, pk__lt=self.pk).count()
                + 1
            )
        ahead = queued.filter(
            Q(queued_at__lt=self.queued_at) | Q(queued_at=self.queued_at, pk__lt=self.pk)
        )
        return ahead.count() + 1


class Attachment(models.Model):
    """A document attached to a reply, under the name the respondent gave it."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="attachments")
    original_name = models.CharField(max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["reply", "document"], name="attachment_once_per_reply")
        ]

    def __str__(self) -> str:
        return self.original_name


class Passage(models.Model):
    """A paragraph or heading of a document, with where it stands in the document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="passages")
    index = models.PositiveIntegerField()
    page = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    heading = models.BooleanField(default=False)
    language = models.CharField(max_length=3, blank=True)
    # The passage's multilingual embedding (lib/embed.py: float16 bytes), computed in the
    # background after the document is ready; null until then.
    embedding = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["document", "index"]
        constraints = [
            models.UniqueConstraint(fields=["document", "index"], name="passage_unique_index")
        ]

    def __str__(self) -> str:
        return f"{self.document} #{self.index} p.{self.page}"


class PassageLink(models.Model):
    """Which question of a reply's questionnaire a passage of its document answers."""

    class Method(models.TextChoices):
        NUMBERING = "numbering", _("the reply's own numbering")
        HEADING = "heading-text", _("a heading repeating the question")
        SIMILARITY = "similarity", _("similarity to the question")
        NONE = "none", _("no question found")
        SECRETARIAT = "secretariat", _("set by the Secretariat")

    attachment = models.ForeignKey(Attachment, on_delete=models.CASCADE, related_name="links")
    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="links")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="passage_links"
    )
    method = models.CharField(max_length=14, choices=Method.choices)
    confidence = models.FloatField(default=0.0)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    corrected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["attachment", "passage__index"]
        constraints = [
            models.UniqueConstraint(fields=["attachment", "passage"], name="link_unique_passage")
        ]

    def __str__(self) -> str:
        return f"{self.passage} → {self.question_id} ({self.method})"
