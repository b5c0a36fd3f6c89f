from django.db import models


class SearchEntry(models.Model):
    """One searchable text in one language. ``norm`` is the folded text the engines index:
    SQLite FTS5 through the ``search_entry_fts`` table, PostgreSQL through a GIN index on
    ``to_tsvector('simple', norm)`` (both made by migration 0002)."""

    class Kind(models.TextChoices):
        PROVISION = "provision", "provision"

    kind = models.CharField(max_length=20)
    ref = models.CharField(max_length=80, help_text="Stable id of the object, e.g. cets201:20.1.a")
    scope = models.CharField(max_length=40, help_text="Treaty code, for filtering")
    lang = models.CharField(max_length=2)
    title = models.CharField(max_length=200)
    text = models.TextField()
    norm = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "ref", "lang"], name="search_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.ref} [{self.lang}]"
