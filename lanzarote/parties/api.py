"""Read-only API of States, their treaty status, reservations and accession requests.

Unknown dates are null. A partial date keeps its precision: "2010" or "2010-06".
"""

import datetime as dt

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from lanzarote.treaties.selectors import treaty_get

from . import selectors
from .models import AccessionRequest, Confidence, Reservation, TreatyStatus
from .permissions import can_edit_treaty_data

router = Router(tags=["parties"])


class StateOut(Schema):
    iso2: str
    iso3: str
    iso_numeric: str
    name_en: str
    name_fr: str | None
    coe_member: bool


class StatusOut(Schema):
    state: StateOut
    treaty: str
    status: str
    status_confidence: Confidence
    status_basis: str | None
    signature: str | None
    signature_confidence: Confidence
    signature_basis: str | None
    signature_citation: str | None = Field(description="The source of this date, as cited")
    signature_citation_url: str | None = Field(description="The address of that source, if any")
    signature_note: str | None = Field(
        description="Why a date a source mentions stays unknown (ambiguous, a domestic step), "
        "or another source that disagrees"
    )
    deposit: str | None
    deposit_confidence: Confidence
    deposit_basis: str | None
    deposit_citation: str | None = Field(description="The source of this date, as cited")
    deposit_citation_url: str | None = Field(description="The address of that source, if any")
    deposit_note: str | None = Field(
        description="Why a date a source mentions stays unknown (ambiguous, a domestic step), "
        "or another source that disagrees"
    )
    deposit_kind: str | None
    entry_into_force: str | None = Field(
        description="The date shown: derived by the treaty's rule where the deposit is known "
        "to the day (entry_into_force_derived), else the source's date"
    )
    entry_into_force_derived: bool
    entry_into_force_source: str | None = Field(description="The date as the source gives it")
    entry_into_force_conflict: bool = Field(
        description="The source's date disagrees with the one the treaty's rule gives: both "
        "are kept (entry_into_force and entry_into_force_source), neither is corrected"
    )
    entry_into_force_confidence: Confidence
    entry_into_force_basis: str | None
    entry_into_force_citation: str | None = Field(description="The source of this date, as cited")
    entry_into_force_citation_url: str | None = Field(
        description="The address of that source, if any"
    )
    entry_into_force_note: str | None = Field(
        description="Why a date a source mentions stays unknown (ambiguous, a domestic step), "
        "or another source that disagrees"
    )
    reservations_note: str | None = Field(
        description="Reservations or declarations the sources mention that are not recorded"
    )
    source_url: str | None
    confidence: str | None = Field(description="The source's own words on confidence")

    @staticmethod
    def resolve_treaty(obj: TreatyStatus) -> str:
        return obj.treaty.code

    @staticmethod
    def resolve_signature(obj: TreatyStatus) -> str | None:
        return str(obj.signature_date) if obj.signature else None

    @staticmethod
    def resolve_deposit(obj: TreatyStatus) -> str | None:
        return str(obj.deposit_date) if obj.deposit else None

    @staticmethod
    def resolve_entry_into_force(obj: TreatyStatus) -> str | None:
        shown = obj.entry_into_force_shown.date
        return str(shown) if shown else None

    @staticmethod
    def resolve_entry_into_force_derived(obj: TreatyStatus) -> bool:
        return obj.entry_into_force_shown.derived

    @staticmethod
    def resolve_entry_into_force_source(obj: TreatyStatus) -> str | None:
        return str(obj.entry_into_force_date) if obj.entry_into_force else None

    @staticmethod
    def resolve_entry_into_force_conflict(obj: TreatyStatus) -> bool:
        return obj.entry_into_force_shown.conflict

    @staticmethod
    def resolve_deposit_kind(obj: TreatyStatus) -> str | None:
        return obj.deposit_kind or None

    @staticmethod
    def resolve_source_url(obj: TreatyStatus) -> str | None:
        return obj.source_url or None

    @staticmethod
    def resolve_confidence(obj: TreatyStatus) -> str | None:
        return obj.confidence or None

    @staticmethod
    def resolve_status_confidence(obj: TreatyStatus) -> str:
        return obj.level("status")

    @staticmethod
    def resolve_signature_confidence(obj: TreatyStatus) -> str:
        return obj.level("signature")

    @staticmethod
    def resolve_deposit_confidence(obj: TreatyStatus) -> str:
        return obj.level("deposit")

    @staticmethod
    def resolve_entry_into_force_confidence(obj: TreatyStatus) -> str:
        return obj.level("entry_into_force")


class ReservationOut(Schema):
    state: str
    treaty: str
    kind: str
    clause: str | None
    provisions: list[str]
    text_en: str
    text_fr: str | None
    made_on: dt.date | None
    withdrawn_on: dt.date | None
    source_url: str | None
    confidence: str | None = Field(description="The source's own words on confidence")
    confidence_level: Confidence

    @staticmethod
    def resolve_confidence_level(obj: Reservation) -> str:
        return obj.reservation_confidence or Confidence.UNKNOWN

    @staticmethod
    def resolve_state(obj: Reservation) -> str:
        return obj.state.iso2

    @staticmethod
    def resolve_treaty(obj: Reservation) -> str:
        return obj.treaty.code

    @staticmethod
    def resolve_clause(obj: Reservation) -> str | None:
        return obj.clause.provision.uid if obj.clause is not None else None

    @staticmethod
    def resolve_provisions(obj: Reservation) -> list[str]:
        return [p.uid for p in obj.provisions.all()]


class ConsultationOut(Schema):
    party: str
    response: str
    responded_on: str | None


class AccessionOut(Schema):
    id: int
    treaty: str
    state: StateOut
    step: str
    requested_on: dt.date | None
    consultation_opened_on: dt.date | None
    decided_on: dt.date | None
    deposited_on: dt.date | None
    entry_into_force: dt.date | None

    @staticmethod
    def resolve_treaty(obj: AccessionRequest) -> str:
        return obj.treaty.code


class AccessionDetailOut(AccessionOut):
    consultations: list[ConsultationOut] | None = Field(
        None, description="Each Party's answer: the Secretariat only; null for everyone else."
    )

    @staticmethod
    def resolve_consultations(obj: AccessionRequest, context) -> list[dict] | None:
        if not can_edit_treaty_data(context["request"].user):
            return None
        return [
            {
                "party": c.party.iso2,
                "response": c.response,
                "responded_on": c.responded_on.isoformat() if c.responded_on else None,
            }
            for c in obj.consultations.all()
        ]


@router.get("/states", response=list[StateOut], summary="List States")
@paginate
def states(request):
    return selectors.state_list()


@router.get("/states/{iso2}", response=StateOut, summary="Get one State by ISO 3166 alpha-2 code")
def state(request, iso2: str):
    return selectors.state_get(iso2=iso2)


@router.get(
    "/treaties/{code}/statuses",
    response=list[StatusOut],
    summary="List every State's status under a treaty",
)
@paginate
def statuses(request, code: str, status: TreatyStatus.Status | None = None):
    return selectors.status_list(treaty=treaty_get(code=code), status=status or "")


@router.get(
    "/treaties/{code}/reservations",
    response=list[ReservationOut],
    summary="List reservations and declarations made by States",
)
@paginate
def reservations(request, code: str, state: str | None = None):
    return selectors.reservation_list(treaty=treaty_get(code=code), state=state or "")


@router.get("/accessions", response=list[AccessionOut], summary="List accession requests")
@paginate
def accessions(request):
    return selectors.accession_list()


@router.get(
    "/accessions/{pk}",
    response=AccessionDetailOut,
    summary="Get one accession request with each Party's answer",
)
def accession(request, pk: int):
    return selectors.accession_get(pk=pk)
