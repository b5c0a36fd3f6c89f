"""Writes about States and their status: accession steps, status corrections, CSV import."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lanzarote.audit.actions import Action
from lanzarote.audit.services import audit_record, snapshot
from lanzarote.lib.dates import (
    DateFormatError,
    PartialDate,
    certainly_after,
    date_text,
)
from lanzarote.lib.errors import NotAllowed, ServiceError
from lanzarote.lib.transactions import durable
from lanzarote.treaties.models import Treaty

from .models import AccessionConsultation, AccessionRequest, Confidence, State, TreatyStatus
from .permissions import can_edit_treaty_data
from .rules import entry_into_force


class WorkflowError(ServiceError):
    """A step that the current state of the object does not allow; the message says why."""


def _require_editor(actor: Any) -> None:
    if not can_edit_treaty_data(actor):
        raise NotAllowed("only the Secretariat may change treaty status data")


def treaty_entry_into_force_for(*, treaty: Treaty, deposited: dt.date) -> dt.date:
    """The date the treaty enters into force for a State depositing on ``deposited``."""
    return entry_into_force(
        deposited=deposited,
        delay_months=treaty.entry_into_force_delay_months,
        treaty_in_force_from=treaty.entry_into_force,
    )


# --- accession ----------------------------------------------------------------------------------


def _check_step_date(
    day: dt.date, what: str, *, not_before: dt.date | None = None, previous: str = ""
) -> None:
    """A step is recorded when it has happened, and after the step it follows."""
    if day > dt.date.today():
        raise WorkflowError(
            _("%(what)s (%(day)s) is in the future; record a step once it has happened")
            % {"what": what, "day": date_text(day)}
        )
    if not_before and day < not_before:
        raise WorkflowError(
            _("%(what)s (%(day)s) is earlier than %(previous)s (%(before)s)")
            % {
                "what": what,
                "day": date_text(day),
                "previous": previous,
                "before": date_text(not_before),
            }
        )


@durable
def accession_request_create(
    *, treaty: Treaty, state: State, requested_on: dt.date, actor: Any, notes: str = ""
) -> AccessionRequest:
    _require_editor(actor)
    _check_step_date(requested_on, _("the request"))
    status = TreatyStatus.objects.filter(treaty=treaty, state=state).first()
    if status and status.status == TreatyStatus.Status.PARTY:
        raise WorkflowError(
            _("%(state)s is already a Party to %(treaty)s")
            % {"state": state.name, "treaty": treaty.short_title}
        )
    if status and status.status in (TreatyStatus.Status.SIGNATORY, TreatyStatus.Status.NEGOTIATING):
        raise WorkflowError(
            _(
                "%(state)s may sign and ratify %(treaty)s (Art. 45); accession is for the other "
                "non-member States"
            )
            % {"state": state.name, "treaty": treaty.short_title}
        )
    if state.coe_member:
        raise WorkflowError(
            f"{state} is a member State of the Council of Europe: it signs and ratifies "
            "(Art. 45), it does not accede"
        )
    if AccessionRequest.objects.filter(treaty=treaty, state=state).exists():
        raise WorkflowError(
            _("an accession request of %(state)s is already recorded") % {"state": state.name}
        )
    request = AccessionRequest.objects.create(
        treaty=treaty, state=state, requested_on=requested_on, notes=notes
    )
    audit_record(actor=actor, action=Action.ACCESSION_REQUEST, obj=request, after=snapshot(request))
    return request


@durable
def accession_consultation_open(
    *, request: AccessionRequest, opened_on: dt.date, actor: Any
) -> list[AccessionConsultation]:
    """Consult every current Party; each answer is then recorded one by one."""
    _require_editor(actor)
    request = AccessionRequest.objects.select_for_update().get(pk=request.pk)
    if request.step != AccessionRequest.Step.REQUESTED:
        raise WorkflowError(
            _("the consultation can only open on a new request, not at the step: %(step)s")
            % {"step": request.get_step_display()}
        )
    _check_step_date(
        opened_on, _("the consultation"), not_before=request.requested_on, previous=_("the request")
    )
    before = snapshot(request)
    parties = State.objects.filter(
        treaty_statuses__treaty=request.treaty,
        treaty_statuses__status=TreatyStatus.Status.PARTY,
    ).exclude(pk=request.state_id)
    consultations = AccessionConsultation.objects.bulk_create(
        [AccessionConsultation(request=request, party=party) for party in parties]
    )
    request.step = AccessionRequest.Step.CONSULTATION
    request.consultation_opened_on = opened_on
    request.save(update_fields=["step", "consultation_opened_on"])
    audit_record(
        actor=actor,
        action=Action.ACCESSION_CONSULT,
        obj=request,
        before=before,
        after=snapshot(request),
        reason=f"{len(consultations)} Parties consulted",
    )
    return consultations


@durable
def accession_consultation_record(
    *,
    request: AccessionRequest,
    party: State,
    response: str,
    responded_on: dt.date,
    actor: Any,
    note: str = "",
) -> AccessionConsultation:
    _require_editor(actor)
    request = AccessionRequest.objects.get(pk=request.pk)
    if request.step != AccessionRequest.Step.CONSULTATION:
        raise WorkflowError(_("answers are recorded only while the Parties are being consulted"))
    if response not in (
        AccessionConsultation.Response.CONSENT,
        AccessionConsultation.Response.OBJECTION,
    ):
        raise WorkflowError(_("an answer is either consent or objection"))
    _check_step_date(
        responded_on,
        _("the answer"),
        not_before=request.consultation_opened_on,
        previous=_("the consultation"),
    )
    consultation = AccessionConsultation.objects.filter(request=request, party=party).first()
    if consultation is None:
        raise WorkflowError(
            _("%(party)s was not consulted on this request") % {"party": party.name}
        )
    before = snapshot(consultation)
    consultation.response, consultation.responded_on, consultation.note = (
        response,
        responded_on,
        note,
    )
    consultation.save()
    audit_record(
        actor=actor,
        action=Action.ACCESSION_ANSWER,
        obj=consultation,
        before=before,
        after=snapshot(consultation),
    )
    return consultation


@durable
def accession_decide(
    *,
    request: AccessionRequest,
    decided_on: dt.date,
    invite: bool,
    actor: Any,
    reference: str = "",
) -> AccessionRequest:
    """The Committee of Ministers' decision. Inviting needs the unanimous consent of the Parties."""
    _require_editor(actor)
    request = AccessionRequest.objects.select_for_update().get(pk=request.pk)
    if request.step != AccessionRequest.Step.CONSULTATION:
        raise WorkflowError(_("a decision is taken after the Parties have been consulted"))
    _check_step_date(
        decided_on,
        _("the decision"),
        not_before=request.consultation_opened_on,
        previous=_("the consultation"),
    )
    answers = list(request.consultations.values_list("response", flat=True))
    pending = answers.count(AccessionConsultation.Response.PENDING)
    objections = answers.count(AccessionConsultation.Response.OBJECTION)
    if invite and (pending or objections):
        raise WorkflowError(
            _(
                "an invitation needs the unanimous consent of the Parties (Art. 46(1)): "
                "%(pending)s answer(s) outstanding, %(objections)s objection(s)"
            )
            % {"pending": pending, "objections": objections}
        )
    before = snapshot(request)
    request.step = AccessionRequest.Step.INVITED if invite else AccessionRequest.Step.REFUSED
    request.decided_on, request.decision_reference = decided_on, reference
    request.save()
    audit_record(
        actor=actor,
        action=Action.ACCESSION_DECIDE,
        obj=request,
        before=before,
        after=snapshot(request),
    )
    return request


@durable
def accession_deposit(
    *, request: AccessionRequest, deposited_on: dt.date, actor: Any
) -> AccessionRequest:
    """Record the instrument of accession; the State becomes a Party on the computed date."""
    _require_editor(actor)
    request = AccessionRequest.objects.select_for_update().get(pk=request.pk)
    if request.step != AccessionRequest.Step.INVITED:
        raise WorkflowError(_("an instrument of accession can only follow an invitation to accede"))
    _check_step_date(
        deposited_on, _("the deposit"), not_before=request.decided_on, previous=_("the invitation")
    )
    before = snapshot(request)
    eif = treaty_entry_into_force_for(treaty=request.treaty, deposited=deposited_on)
    request.step = AccessionRequest.Step.DEPOSITED
    request.deposited_on, request.entry_into_force = deposited_on, eif
    request.save()
    status, _created = TreatyStatus.objects.get_or_create(
        treaty=request.treaty, state=request.state, defaults={"status": TreatyStatus.Status.OTHER}
    )
    status_before = snapshot(status)
    status.status = TreatyStatus.Status.PARTY
    status.deposit_kind = TreatyStatus.DepositKind.ACCESSION
    status.deposit, status.deposit_precision = deposited_on, "day"
    status.entry_into_force, status.entry_into_force_precision = eif, "day"
    recorded = _("recorded by the Secretariat at the deposit of the instrument of accession")
    status.status_confidence = status.deposit_confidence = Confidence.CONFIRMED
    status.status_basis = status.deposit_basis = recorded
    status.entry_into_force_confidence = Confidence.CONFIRMED
    status.entry_into_force_basis = recorded
    status.save()
    audit_record(
        actor=actor,
        action=Action.ACCESSION_DEPOSIT,
        obj=request,
        before=before,
        after=snapshot(request),
    )
    audit_record(
        actor=actor,
        action=Action.STATUS_ACCESSION,
        obj=status,
        before=status_before,
        after=snapshot(status),
    )
    return request


# --- status corrections and CSV import ---------------------------------------------------------

DATE_FIELDS = ("signature", "deposit", "entry_into_force")
LEVELLED = ("status", *DATE_FIELDS)
DATE_SOURCE_PARTS = ("citation", "citation_url", "note")  # each date's source and its note
IMPORT_COLUMNS = [
    "iso2",
    "status",
    "signature",
    "deposit",
    "deposit_kind",
    "entry_into_force",
    "source_url",
    *(f"{name}_{part}" for name in LEVELLED for part in ("confidence", "basis")),
    *(f"{name}_{part}" for name in DATE_FIELDS for part in DATE_SOURCE_PARTS),
]
REQUIRED_COLUMNS = {"iso2", "status"}
SOURCE_URL_MAX: int = TreatyStatus._meta.get_field("source_url").max_length or 500


def _partial(values: dict[str, Any], name: str) -> PartialDate | None:
    return PartialDate.stored(values.get(name), values.get(f"{name}_precision") or "")


def treaty_status_problems(*, treaty: Treaty, values: dict[str, Any]) -> list[str]:
    """What is inconsistent in a status record taken as a whole (the same checks for the admin
    form and the CSV import): a deposit for a State that is not a Party, dates out of order, an
    entry into force that does not follow the treaty's rule."""
    problems = []
    status = values.get("status")
    signature, deposit, eif = (_partial(values, name) for name in DATE_FIELDS)
    if status in ("signatory", "negotiating", "other") and deposit:
        problems.append(
            _("a State with status %(status)s cannot have a deposit date") % {"status": status}
        )
    if status in ("negotiating", "other") and signature:
        problems.append(
            _("a State with status %(status)s cannot have a signature date") % {"status": status}
        )
    if signature and deposit and certainly_after(signature, deposit):
        problems.append(
            _("signature (%(signature)s) is later than the deposit (%(deposit)s)")
            % {"signature": signature, "deposit": deposit}
        )
    if deposit and eif:
        if deposit.precision == eif.precision == "day":
            expected = treaty_entry_into_force_for(treaty=treaty, deposited=deposit.date)
            if eif.date != expected:
                problems.append(
                    _(
                        "entry_into_force %(eif)s does not follow the treaty's rule: a deposit "
                        "on %(deposit)s enters into force on %(expected)s"
                    )
                    % {"eif": eif, "deposit": deposit, "expected": expected}
                )
        elif certainly_after(deposit, eif):
            problems.append(
                _("entry into force (%(eif)s) is earlier than the deposit (%(deposit)s)")
                % {"eif": eif, "deposit": deposit}
            )
    return problems


@dataclass
class ImportRow:
    line: int
    state: State
    values: dict[str, Any]
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass
class ImportReport:
    errors: list[tuple[int, str]] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.changes]


# Control characters other than tab and line breaks: no typed cell holds them, and PostgreSQL
# cannot store a NUL.
_UNTYPEABLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _parse_cells(raw: dict[str, str], states: dict[str, State]) -> tuple[dict[str, Any], list[str]]:
    """The row's own cells, each checked on its own."""
    problems: list[str] = []
    for column, cell in raw.items():
        if found := _UNTYPEABLE.search(cell or ""):
            problems.append(
                _(
                    "%(column)s holds the character U+%(code)s, which no typed text contains; "
                    "remove it"
                )
                % {"column": column, "code": f"{ord(found.group()):04X}"}
            )
    if problems:
        return {}, problems
    iso2 = (raw.get("iso2") or "").strip().upper()
    if not iso2:
        problems.append(_("iso2 is empty"))
    elif iso2 not in states:
        problems.append(_("iso2 %(code)s is not a known State") % {"code": repr(iso2)})
    status = (raw.get("status") or "").strip().lower()
    if status not in TreatyStatus.Status.values:
        problems.append(
            _("status %(value)s is not one of %(allowed)s")
            % {"value": repr(status), "allowed": ", ".join(TreatyStatus.Status.values)}
        )
    values: dict[str, Any] = {"status": status}
    for column in DATE_FIELDS:
        if column not in raw:
            continue
        try:
            value = PartialDate.parse_optional(raw[column])
        except DateFormatError as exc:
            problems.append(f"{column}: {exc}")
            continue
        values[column] = value.date if value else None
        values[f"{column}_precision"] = value.precision.value if value else ""
    if "deposit_kind" in raw:
        kind = (raw["deposit_kind"] or "").strip().lower()
        if kind and kind not in TreatyStatus.DepositKind.values:
            problems.append(
                _("deposit_kind %(value)s is not one of %(allowed)s")
                % {"value": repr(kind), "allowed": ", ".join(TreatyStatus.DepositKind.values)}
            )
        values["deposit_kind"] = kind
    for name in LEVELLED:
        column = f"{name}_confidence"
        if column in raw:
            level = (raw[column] or "").strip().lower() or Confidence.UNKNOWN
            if level not in Confidence.values:
                problems.append(
                    _("%(column)s %(value)s is not one of %(allowed)s")
                    % {
                        "column": column,
                        "value": repr(level),
                        "allowed": ", ".join(Confidence.values),
                    }
                )
            values[column] = level
        if f"{name}_basis" in raw:
            values[f"{name}_basis"] = (raw[f"{name}_basis"] or "").strip()
    url_columns = ["source_url", *(f"{name}_citation_url" for name in DATE_FIELDS)]
    for column in url_columns:
        if column not in raw:
            continue
        url = (raw[column] or "").strip()
        if url and not url.startswith(("http://", "https://")):
            problems.append(
                _("%(column)s must start with http:// or https://") % {"column": column}
            )
        if len(url) > SOURCE_URL_MAX:
            problems.append(
                _("%(column)s is longer than %(n)s characters")
                % {"column": column, "n": SOURCE_URL_MAX}
            )
        values[column] = url
    for column in (f"{name}_{part}" for name in DATE_FIELDS for part in ("citation", "note")):
        if column in raw:
            values[column] = (raw[column] or "").strip()
    return values, problems


def _current_values(status: TreatyStatus | None) -> dict[str, Any]:
    if status is None:
        return {}
    names = ["status", "deposit_kind", "source_url"]
    names += [n for f in DATE_FIELDS for n in (f, f"{f}_precision")]
    names += [f"{n}_{part}" for n in LEVELLED for part in ("confidence", "basis")]
    names += [f"{n}_{part}" for n in DATE_FIELDS for part in DATE_SOURCE_PARTS]
    return {name: getattr(status, name) for name in names}


def treaty_status_import(
    *, treaty: Treaty, content: bytes | str, actor: Any, dry_run: bool
) -> ImportReport:
    """Import a CSV of treaty status. Every row is checked; nothing changes unless all are valid.

    Columns: iso2 and status are required; signature, deposit, deposit_kind,
    entry_into_force and source_url are optional (an absent column leaves the value alone,
    an empty cell makes it unknown). Dates are YYYY-MM-DD, or YYYY-MM / YYYY. Each row is
    checked as the record it will make, with the values the file leaves alone.
    ``<value>_confidence`` (confirmed / probable / uncertain / unknown, empty for unknown) and
    ``<value>_basis`` set the confidence level of status, signature, deposit and
    entry_into_force with the words of its source; ``<date>_citation``, ``<date>_citation_url``
    and ``<date>_note`` each date's source and note.
    """
    _require_editor(actor)
    report = ImportReport()
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            report.errors.append((1, _("the file is not UTF-8 text; save the CSV as UTF-8")))
            return report
    reader = csv.DictReader(io.StringIO(content, newline=""))
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        report.errors.append((1, _("not a readable CSV file: %(error)s") % {"error": exc}))
        return report
    if not header:
        report.errors.append((1, _("the file is empty; the first line must name the columns")))
        return report
    reader.fieldnames = header
    unknown = [h for h in header if h not in IMPORT_COLUMNS]
    missing = REQUIRED_COLUMNS - set(header)
    repeated = sorted({h for h in header if header.count(h) > 1})
    if unknown:
        report.errors.append(
            (
                1,
                _("unknown column(s) %(unknown)s; allowed: %(allowed)s")
                % {"unknown": ", ".join(unknown), "allowed": ", ".join(IMPORT_COLUMNS)},
            )
        )
    if missing:
        report.errors.append(
            (1, _("missing column(s) %(columns)s") % {"columns": ", ".join(sorted(missing))})
        )
    if repeated:
        report.errors.append(
            (1, _("column(s) given twice: %(columns)s") % {"columns": ", ".join(repeated)})
        )
    if report.errors:
        return report

    states = {s.iso2: s for s in State.objects.all()}
    existing = {s.state_id: s for s in TreatyStatus.objects.filter(treaty=treaty)}
    seen: dict[str, int] = {}
    try:
        for raw in reader:
            line = reader.line_num
            if None in raw:
                report.errors.append((line, _("more cells than columns")))
                continue
            if None in raw.values():
                report.errors.append((line, _("fewer cells than columns")))
                continue
            values, problems = _parse_cells(raw, states)
            iso2 = (raw.get("iso2") or "").strip().upper()
            if iso2 and iso2 in seen:
                problems.append(
                    _("%(code)s already given on line %(line)s")
                    % {"code": iso2, "line": seen[iso2]}
                )
            seen.setdefault(iso2, line)
            if not problems:
                state = states[iso2]
                merged = {**_current_values(existing.get(state.pk)), **values}
                problems += treaty_status_problems(treaty=treaty, values=merged)
            report.errors += [(line, problem) for problem in problems]
            if not problems:
                report.rows.append(ImportRow(line=line, state=state, values=values))
    except csv.Error as exc:
        report.errors.append(
            (reader.line_num, _("not a readable CSV line: %(error)s") % {"error": exc})
        )
    if not report.rows and not report.errors:
        report.errors.append((2, _("no rows after the header")))
    if report.errors:
        return report

    for row in report.rows:
        current = existing.get(row.state.pk)
        for key, value in row.values.items():
            old = getattr(current, key) if current else None
            if (old or None) != (value or None):
                row.changes[key] = (old, value)
    if not dry_run:
        _apply_import(treaty=treaty, report=report, existing=existing, actor=actor)
    return report


@transaction.atomic
def _apply_import(*, treaty, report: ImportReport, existing: dict, actor: Any) -> None:
    for row in report.changed_rows:
        status = existing.get(row.state.pk)
        before = snapshot(status) if status else None
        if status is None:
            status = TreatyStatus(treaty=treaty, state=row.state)
        for key, value in row.values.items():
            setattr(status, key, value)
        status.save()
        audit_record(
            actor=actor,
            action=Action.STATUS_IMPORT,
            obj=status,
            before=before,
            after=snapshot(status),
            reason=f"CSV import, line {row.line}",
        )
    report.applied = True
