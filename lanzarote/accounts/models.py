"""Who a user is in the monitoring: their role, and the Party or organisation they speak for."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lanzarote.lib.i18n import Localised, localised


class Organisation(models.Model):
    """A stakeholder that replies to questionnaires: an NGO, an ombudsperson, an NHRI…"""

    class Kind(models.TextChoices):
        NGO = "ngo", _("Non-governmental organisation")
        OMBUDSPERSON = "ombudsperson", _("Ombudsperson for children")
        NHRI = "nhri", _("National human rights institution")
        OBSERVER = "observer", _("Observer to the Committee")
        OTHER = "other", _("Other stakeholder")

    name_en = models.CharField(max_length=200)
    name_fr = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    country = models.ForeignKey(
        "parties.State", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False, help_text="Fictional, for demonstration only")

    class Meta:
        ordering = ["name_en"]
        constraints = [models.UniqueConstraint(fields=["name_en"], name="organisation_unique_name")]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> Localised:
        return localised(self, "name")


class Profile(models.Model):
    """A user's role. Deny by default: a user without a profile has no role at all."""

    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        COMMITTEE = "committee", _("Committee member")
        FOCAL_POINT = "focal_point", _("National focal point")
        STAKEHOLDER = "stakeholder", _("Stakeholder")
        # a legislator or adviser invited by the Secretariat to assess their State's law against
        # the Convention (legal self-assessment); no monitoring rights
        GUEST = "guest", _("Guest (legal self-assessment)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    party = models.ForeignKey(
        "parties.State", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    is_demo = models.BooleanField(
        default=False,
        help_text="A demonstration login: it acts on demonstration data only",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(
        max_length=2,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language of the e-mails this person receives",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="profile_speaks_for_what_its_role_needs",
                condition=(
                    Q(role="focal_point", party__isnull=False, organisation__isnull=True)
                    | Q(role="stakeholder", party__isnull=True, organisation__isnull=False)
                    | Q(
                        role__in=["secretariat", "committee", "guest"],
                        party__isnull=True,
                        organisation__isnull=True,
                    )
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"
