from django.db import models


class DataSetLoad(models.Model):
    """The checksum of the reference data set last loaded, so an unchanged set is skipped."""

    name = models.CharField(max_length=64, unique=True)
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.checksum[:12]})"
