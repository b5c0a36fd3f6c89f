from django.db import models


class SearchEntry(models.Model):
    """One searchable text in one language. ``norm`` is the folded text the engines index:
    SQLite FTS5 through the ``search_entry_fts`` table, PostgreSQL through a GIN index on
    ``to_tsvector('simple', norm)`` with ``stems``, ``heading`` and ``other`` (migration 0004)."""

    class Kind(models.TextChoices):
        PROVISION = "provision", "provision"
        ANSWER = "answer", "answer"
        PASSAGE = "passage", "passage"
        MEETING = "meeting", "meeting"  # a meeting's agenda item or published decision
        CONCORDANCE = "concordance", "concordance"  # a provision read beside its counterpart

    kind = models.CharField(max_length=20)
    ref = models.CharField(max_length=80, help_text="Stable id of the object, e.g. cets201:20.1.a")
    scope = models.CharField(max_length=40, help_text="Treaty code, for filtering")
    lang = models.CharField(max_length=3, help_text="en, fr, or und when undetermined")
    title = models.CharField(max_length=200)
    text = models.TextField()
    norm = models.TextField()
    # Also indexed (migration 0004), each with its weight in ranking: the text's stems (so
    # "victims" finds "victim"), a heading (a provision's article title, in both languages,
    # words and stems: weighted most) and the other language's text (a provision found from a
    # query in the other language is shown in the reader's).
    stems = models.TextField(blank=True, default="", db_default="")
    heading = models.TextField(blank=True, default="", db_default="")
    other = models.TextField(blank=True, default="", db_default="")
    # For answers and passages: the reply they belong to (its visibility is the entry's), the
    # question they answer, and where they stand in their document. Plain ids, not foreign keys:
    # the index is below the apps that write it (docs/architecture.md). Whatever deletes one of
    # these objects removes its entries through lanzarote.search.index in the same transaction.
    reply_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    question_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    document_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    page = models.PositiveIntegerField(null=True, blank=True)
    passage_id = models.BigIntegerField(
        null=True,
        blank=True,
        db_index=True,
        help_text="For passages: the passage itself, whose embedding makes search cross-language",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "ref", "lang"], name="search_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.ref} [{self.lang}]"
