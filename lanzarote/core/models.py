from django.db import models


class DataSetLoad(models.Model):
    """The reference data set last loaded: its checksum, so an unchanged set is skipped, and the
    values it gave each record, so a new release changes only what the release itself changed
    and leaves the Secretariat's corrections of other values alone."""

    name = models.CharField(max_length=64, unique=True)
    checksum = models.CharField(max_length=64)
    values = models.JSONField(default=dict)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.checksum[:12]})"
