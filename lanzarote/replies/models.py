"""Replies to questionnaires: by a Party (its focal point) or by a stakeholder organisation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
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


class Answer(models.Model):
    """The answer typed into the form for one question: sanitised HTML."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True)
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


class Attachment(models.Model):
    """A document attached to a reply: type sniffed from its content, stored once by hash."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/", max_length=200)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["reply", "sha256"], name="attachment_once_per_reply")
        ]

    def __str__(self) -> str:
        return self.original_name
