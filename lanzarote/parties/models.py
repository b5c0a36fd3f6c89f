"""States, their status under each treaty, reservations, Committee membership, accessions."""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lanzarote.lib.dates import PartialDate, Precision
from lanzarote.lib.i18n import Localised, localised
from lanzarote.treaties.models import Provision, ReservationClause, Treaty

from .rules import entry_into_force

PRECISION_CHOICES = [(p.value, p.value) for p in Precision]


class Confidence(models.TextChoices):
    """How far a recorded value can be relied on, as its source note says (docs/data.md)."""

    CONFIRMED = "confirmed", _("confirmed")
    PROBABLE = "probable", _("probable")
    UNCERTAIN = "uncertain", _("uncertain")
    UNKNOWN = "unknown", _("confidence unknown")


def confidence_field() -> models.CharField:
    return models.CharField(
        max_length=10, choices=Confidence.choices, default=Confidence.UNKNOWN, blank=True
    )


def basis_field() -> models.TextField:
    return models.TextField(blank=True, help_text="What the source note says about this value")


def citation_field() -> models.TextField:
    return models.TextField(
        blank=True, help_text="The source of this date, as cited (a gazette, a page, a document)"
    )


def citation_url_field() -> models.URLField:
    return models.URLField(max_length=500, blank=True, help_text="The source's address, if any")


def note_field() -> models.TextField:
    return models.TextField(
        blank=True,
        help_text="What a reader should know about this date: why it is unknown although a "
        "source mentions it (ambiguous, a domestic step rather than the deposit), or another "
        "source that disagrees",
    )


@dataclass(frozen=True)
class EntryIntoForce:
    """The entry into force to show: the source's date, or the date the treaty's rule gives
    for a deposit known to the day (``derived``); ``conflict`` when the two disagree."""

    date: PartialDate | None
    source: PartialDate | None
    derived: bool
    conflict: bool


class State(models.Model):
    iso2 = models.CharField(max_length=2, unique=True)
    iso3 = models.CharField(max_length=3, unique=True)
    iso_numeric = models.CharField(max_length=3, unique=True)
    name_en = models.CharField(max_length=100)
    name_fr = models.CharField(max_length=100, blank=True)
    coe_member = models.BooleanField(
        default=False, help_text="Member State of the Council of Europe"
    )

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> Localised:
        return localised(self, "name")


class TreatyStatus(models.Model):
    """A State's position under one treaty. Every date may be unknown, or known only in part."""

    class Status(models.TextChoices):
        PARTY = "party", _("Party")
        SIGNATORY = "signatory", _("Signatory")
        NEGOTIATING = "negotiating", _("Negotiating non-member State")
        OTHER = "other", _("Other")

    class DepositKind(models.TextChoices):
        RATIFICATION = "ratification", _("Ratification")
        ACCESSION = "accession", _("Accession")
        ACCEPTANCE = "acceptance", _("Acceptance")
        APPROVAL = "approval", _("Approval")

    treaty = models.ForeignKey(Treaty, on_delete=models.CASCADE, related_name="statuses")
    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="treaty_statuses")
    status = models.CharField(max_length=12, choices=Status.choices)
    signature = models.DateField(null=True, blank=True)
    signature_precision = models.CharField(max_length=5, choices=PRECISION_CHOICES, blank=True)
    deposit = models.DateField(
        null=True, blank=True, help_text="Deposit of the instrument of ratification or accession"
    )
    deposit_precision = models.CharField(max_length=5, choices=PRECISION_CHOICES, blank=True)
    deposit_kind = models.CharField(max_length=12, choices=DepositKind.choices, blank=True)
    entry_into_force = models.DateField(null=True, blank=True)
    entry_into_force_precision = models.CharField(
        max_length=5, choices=PRECISION_CHOICES, blank=True
    )
    source_url = models.URLField(max_length=500, blank=True)
    confidence = models.TextField(blank=True, help_text="The source's own words on confidence")
    notes = models.TextField(blank=True)
    status_confidence = confidence_field()
    status_basis = basis_field()
    signature_confidence = confidence_field()
    signature_basis = basis_field()
    signature_citation = citation_field()
    signature_citation_url = citation_url_field()
    signature_note = note_field()
    deposit_confidence = confidence_field()
    deposit_basis = basis_field()
    deposit_citation = citation_field()
    deposit_citation_url = citation_url_field()
    deposit_note = note_field()
    entry_into_force_confidence = confidence_field()
    entry_into_force_basis = basis_field()
    entry_into_force_citation = citation_field()
    entry_into_force_citation_url = citation_url_field()
    entry_into_force_note = note_field()
    reservations_note = models.TextField(
        blank=True,
        help_text="What the sources say about reservations or declarations of this State that "
        "are not recorded here; the State's page then says they are not recorded, not 'none'",
    )

    class Meta:
        ordering = ["treaty", "state__name_en"]
        verbose_name_plural = "treaty statuses"
        constraints = [
            models.UniqueConstraint(fields=["treaty", "state"], name="status_unique_state"),
            models.CheckConstraint(
                condition=Q(signature__isnull=True) | ~Q(signature_precision=""),
                name="status_signature_has_precision",
            ),
            models.CheckConstraint(
                condition=Q(deposit__isnull=True) | ~Q(deposit_precision=""),
                name="status_deposit_has_precision",
            ),
            models.CheckConstraint(
                condition=Q(entry_into_force__isnull=True) | ~Q(entry_into_force_precision=""),
                name="status_eif_has_precision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state} – {self.treaty.code}: {self.status}"

    @property
    def signature_date(self) -> PartialDate | None:
        return PartialDate.stored(self.signature, self.signature_precision)

    @property
    def deposit_date(self) -> PartialDate | None:
        return PartialDate.stored(self.deposit, self.deposit_precision)

    @property
    def entry_into_force_date(self) -> PartialDate | None:
        return PartialDate.stored(self.entry_into_force, self.entry_into_force_precision)

    @property
    def entry_into_force_shown(self) -> EntryIntoForce:
        """Where the deposit is known to the day, the rule fixes the entry into force
        (CETS 201 Art. 45(3)-(4), 46(2)): that date is shown, marked as derived, unless the
        source gives the same day; a source date that disagrees is kept and flagged."""
        source = self.entry_into_force_date
        if not (self.deposit and self.deposit_precision == Precision.DAY):
            return EntryIntoForce(source, source, derived=False, conflict=False)
        rule = PartialDate(
            entry_into_force(
                deposited=self.deposit,
                delay_months=self.treaty.entry_into_force_delay_months,
                treaty_in_force_from=self.treaty.entry_into_force,
            )
        )
        if source is None:
            return EntryIntoForce(rule, None, derived=True, conflict=False)
        size = len(source.key())
        conflict = source.key() != rule.key()[:size]
        if source.precision == Precision.DAY and not conflict:
            return EntryIntoForce(source, source, derived=False, conflict=False)
        return EntryIntoForce(rule, source, derived=True, conflict=conflict)

    def level(self, name: str) -> str:
        """The confidence level of ``status``, ``signature``, ``deposit`` or ``entry_into_force``."""
        return getattr(self, f"{name}_confidence") or Confidence.UNKNOWN


class Reservation(models.Model):
    """A reservation, declaration or communication a State has actually made."""

    treaty = models.ForeignKey(Treaty, on_delete=models.CASCADE, related_name="reservations")
    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="reservations")
    clause = models.ForeignKey(
        ReservationClause,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reservations_made",
    )
    kind = models.CharField(max_length=16, choices=ReservationClause.Kind.choices)
    provisions = models.ManyToManyField(Provision, related_name="reservations_made", blank=True)
    text_en = models.TextField()
    text_fr = models.TextField(blank=True)
    made_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    confidence = models.TextField(blank=True, help_text="The source's own words on confidence")
    reservation_confidence = confidence_field()

    class Meta:
        ordering = ["state__name_en", "id"]

    def __str__(self) -> str:
        return f"{self.state}: {self.get_kind_display()}"

    @property
    def text(self) -> Localised:
        return localised(self, "text")

    @property
    def reservation_basis(self) -> str:
        """What the source says of the text's reliability (the marker's words)."""
        return self.confidence


class CommitteeMembership(models.Model):
    """A seat in a treaty's Committee of the Parties: a Party, a participant or an observer."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member (Party)")
        PARTICIPANT = "participant", _("Participant")
        OBSERVER = "observer", _("Observer")

    treaty = models.ForeignKey(Treaty, on_delete=models.CASCADE, related_name="memberships")
    state = models.ForeignKey(
        State, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    body_en = models.CharField(max_length=300, blank=True, help_text="For a body, not a State")
    body_fr = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    basis = models.TextField(blank=True)

    class Meta:
        ordering = ["kind", "state__name_en", "body_en"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(state__isnull=False) & Q(body_en=""))
                | (Q(state__isnull=True) & ~Q(body_en="")),
                name="membership_state_or_body",
            ),
            models.UniqueConstraint(
                fields=["treaty", "state"],
                condition=Q(state__isnull=False),
                name="membership_unique_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state or self.body_en} ({self.kind})"

    @property
    def body(self) -> Localised:
        return localised(self, "body")


class AccessionRequest(models.Model):
    """A non-member State's way to a treaty: request → consultation → decision → deposit."""

    class Step(models.TextChoices):
        REQUESTED = "requested", _("Request received")
        CONSULTATION = "consultation", _("Parties consulted")
        INVITED = "invited", _("Invited to accede")
        REFUSED = "refused", _("Not invited")
        DEPOSITED = "deposited", _("Instrument deposited")

    treaty = models.ForeignKey(Treaty, on_delete=models.CASCADE, related_name="accession_requests")
    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="accession_requests")
    step = models.CharField(max_length=12, choices=Step.choices, default=Step.REQUESTED)
    requested_on = models.DateField(null=True, blank=True)
    consultation_opened_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_reference = models.CharField(max_length=200, blank=True)
    deposited_on = models.DateField(null=True, blank=True)
    entry_into_force = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["treaty", "state"], name="accession_unique_state")
        ]

    def __str__(self) -> str:
        return f"Accession of {self.state} to {self.treaty.code}"

    @property
    def step_states(self) -> list[tuple[dt.date | None, str]]:
        """Each step's date and state, in order (request, consultation, decision, deposit,
        entry into force): "done" with its date; "done-undated" when its date is unknown but
        the step reached, or a later dated step, shows it happened; "due" for an entry into
        force still to come; "open" otherwise."""
        dates = [
            self.requested_on,
            self.consultation_opened_on,
            self.decided_on,
            self.deposited_on,
            self.entry_into_force,
        ]
        # How far the recorded step has gone: request 0, consultation 1, decision 2, deposit 3.
        reached = {"consultation": 1, "invited": 2, "refused": 2, "deposited": 3}.get(self.step, 0)
        last_dated = max((i for i, day in enumerate(dates) if day), default=-1)
        states: list[tuple[dt.date | None, str]] = []
        for index, day in enumerate(dates):
            if index == 4 and day and day > dt.date.today():
                states.append((day, "due"))
            elif day:
                states.append((day, "done"))
            elif index <= reached or index < last_dated:
                states.append((None, "done-undated"))
            else:
                states.append((None, "open"))
        return states


class AccessionConsultation(models.Model):
    """One Party's answer when consulted on an accession (Art. 46(1): unanimity)."""

    class Response(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        CONSENT = "consent", _("Consent")
        OBJECTION = "objection", _("Objection")

    request = models.ForeignKey(
        AccessionRequest, on_delete=models.CASCADE, related_name="consultations"
    )
    party = models.ForeignKey(State, on_delete=models.CASCADE, related_name="+")
    response = models.CharField(max_length=10, choices=Response.choices, default=Response.PENDING)
    responded_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["party__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["request", "party"], name="consultation_unique_party")
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.response}"
