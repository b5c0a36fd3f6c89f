"""Every write of the Committee's meetings: one audited service, one transaction each, checked
against committee.permissions (the Secretariat's)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lanzarote.audit.actions import Action
from lanzarote.audit.selectors import recorded_values
from lanzarote.audit.services import audit_record, snapshot
from lanzarote.lib.errors import NotAllowed, ServiceError
from lanzarote.lib.sniff import FileRefused, sniff
from lanzarote.lib.storage import disk_full, files_orphaned, store_file
from lanzarote.lib.transactions import durable
from lanzarote.treaties.models import InterpretiveText, Treaty

from .indexing import meeting_index
from .models import AgendaItem, Decision, Meeting, MeetingDocument
from .permissions import SECRETARIAT_ONLY, can_manage_meetings

MAX_TEXT = 4000
MAX_AGENDA_ITEMS = 200  # a plenary's agenda has a few dozen
# Plenaries are planned a year or so ahead; a date further off is a typing error in the year.
MAX_YEARS_AHEAD = 5


class MeetingError(ServiceError):
    """A meeting cannot be changed that way; the message says why."""


def _require(actor: Any) -> None:
    if not can_manage_meetings(actor):
        raise NotAllowed(SECRETARIAT_ONLY)


def _clean(text: str, what: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = " ".join((text or "").split())
    if required and not text:
        raise MeetingError(_("give the %(what)s") % {"what": what})
    if len(text) > limit:
        raise MeetingError(
            _("the %(what)s may have at most %(n)s characters") % {"what": what, "n": limit}
        )
    return text


def _check_dates(*, treaty: Treaty, start: dt.date, end: dt.date | None, status: str) -> dt.date:
    end = end or start
    if end < start:
        raise MeetingError(_("the meeting cannot end before it starts"))
    today = timezone.localdate()
    if start.year > today.year + MAX_YEARS_AHEAD:
        raise MeetingError(
            _(
                "a meeting is planned at most %(n)s years ahead (until %(last)s): check the year "
                "of its first day (%(year)s)"
            )
            % {"n": MAX_YEARS_AHEAD, "last": today.year + MAX_YEARS_AHEAD, "year": start.year}
        )
    if treaty.entry_into_force and start < treaty.entry_into_force:
        raise MeetingError(
            _(
                "the Committee of the Parties meets only once the treaty is in force (%(date)s): "
                "check the year of the meeting's first day (%(year)s)"
            )
            % {"date": date_format(treaty.entry_into_force), "year": start.year}
        )
    if status not in Meeting.Status.values:
        raise MeetingError(_("unknown status"))
    if status == Meeting.Status.HELD and start > timezone.localdate():
        raise MeetingError(_("a meeting that has not started yet cannot be marked as held"))
    return end


@durable
def meeting_create(
    *,
    actor: Any,
    treaty: Treaty,
    number: int,
    start: dt.date,
    end: dt.date | None = None,
    venue_en: str = "",
    venue_fr: str = "",
    status: str = Meeting.Status.PLANNED,
) -> Meeting:
    _require(actor)
    if number < 1:
        raise MeetingError(_("a meeting's number is a whole number from 1"))
    if Meeting.objects.filter(treaty=treaty, number=number).exists():
        raise MeetingError(_("a meeting with this number is recorded already"))
    end = _check_dates(treaty=treaty, start=start, end=end, status=status)
    meeting = Meeting.objects.create(
        treaty=treaty,
        number=number,
        start=start,
        end=end,
        venue_en=_clean(venue_en, _("venue"), limit=200),
        venue_fr=_clean(venue_fr, _("venue"), limit=200),
        status=status,
    )
    audit_record(actor=actor, action=Action.MEETING_CREATE, obj=meeting, after=snapshot(meeting))
    return meeting


def _named_as_adopting(meeting: Meeting) -> bool:
    """Whether anything outside this app names the meeting (a round, a questionnaire, a
    recommendation, an evaluation, a publication: their adopted_at and the like), found
    through the relations the apps above declare, without importing them."""
    return any(
        relation.related_model._default_manager.filter(**{relation.field.name: meeting}).exists()
        for relation in Meeting._meta.related_objects
        if relation.related_model._meta.app_label != Meeting._meta.app_label
    )


@durable
def meeting_update(
    *,
    actor: Any,
    meeting: Meeting,
    start: dt.date,
    end: dt.date | None = None,
    venue_en: str = "",
    venue_fr: str = "",
    status: str,
) -> Meeting:
    _require(actor)
    if status == Meeting.Status.PLANNED and meeting.decisions_published:
        raise MeetingError(_("its list of decisions is published: the meeting was held"))
    if status == Meeting.Status.PLANNED and _named_as_adopting(meeting):
        raise MeetingError(_("something in the record was adopted at it: the meeting was held"))
    before = snapshot(meeting)
    meeting.end = _check_dates(treaty=meeting.treaty, start=start, end=end, status=status)
    meeting.start = start
    meeting.venue_en = _clean(venue_en, _("venue"), limit=200)
    meeting.venue_fr = _clean(venue_fr, _("venue"), limit=200)
    meeting.status = status
    meeting.save()
    audit_record(
        actor=actor,
        action=Action.MEETING_UPDATE,
        obj=meeting,
        before=before,
        after=snapshot(meeting),
    )
    return meeting


@durable
def agenda_set(*, actor: Any, meeting: Meeting, items: list[tuple[str, str]]) -> list[AgendaItem]:
    """Replace the agenda by these items, in order, each (English, French); the French may be
    left empty (the page says so)."""
    _require(actor)
    if len(items) > MAX_AGENDA_ITEMS:
        raise MeetingError(
            _("an agenda has at most %(n)s items; this one has %(count)s")
            % {"n": MAX_AGENDA_ITEMS, "count": len(items)}
        )
    cleaned = []
    for en, fr in items:
        en, fr = _clean(en, _("agenda item")), _clean(fr, _("agenda item"))
        if fr and not en:
            raise MeetingError(_("each agenda item needs its English text"))
        if en:
            cleaned.append((en, fr))
    before = [[a.title_en, a.title_fr] for a in meeting.agenda.order_by("position")]
    meeting.agenda.all().delete()
    agenda = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n, title_en=en, title_fr=fr)
        for n, (en, fr) in enumerate(cleaned, start=1)
    )
    meeting.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action=Action.MEETING_AGENDA,
        obj=meeting,
        before={"agenda": before},
        after={"agenda": [list(item) for item in cleaned]},
    )
    meeting_index(meeting=meeting)
    return agenda


def max_document_bytes() -> int:
    return int(settings.LANZAROTE_MAX_UPLOAD_MB) * 2**20


@durable
def document_attach(
    *,
    actor: Any,
    meeting: Meeting,
    name: str,
    data: bytes,
    title_en: str,
    title_fr: str = "",
    kind: str = MeetingDocument.Kind.WORKING,
    reference: str = "",
    restricted: bool = True,
) -> MeetingDocument:
    """Attach a file to a meeting. Its type is sniffed from the content (the upload gate of
    every file); it is stored whole or not at all, restricted unless said otherwise."""
    _require(actor)
    if kind not in MeetingDocument.Kind.values:
        raise MeetingError(_("unknown kind of document"))
    title_en = _clean(title_en, _("title"), required=True, limit=300)
    try:
        sniffed = sniff(data, max_bytes=max_document_bytes())
    except FileRefused as refused:
        raise MeetingError(_("the file was not accepted: %(why)s") % {"why": refused}) from None
    digest = hashlib.sha256(data).hexdigest()
    if meeting.documents.filter(sha256=digest).exists():
        raise MeetingError(_("this file is attached to this meeting already"))
    path = f"meetings/{digest[:2]}/{digest}{sniffed.extension}"
    try:
        store_file(name=path, data=data, sha256=digest)
    except OSError as error:
        if disk_full(error):
            raise MeetingError(
                _("the server's disk is full, so the document was not stored; try again later")
            ) from None
        raise
    name = name.replace("\\", "/").rsplit("/", 1)[-1][:255] or f"document{sniffed.extension}"
    document = MeetingDocument.objects.create(
        meeting=meeting,
        kind=kind,
        title_en=title_en,
        title_fr=_clean(title_fr, _("title"), limit=300),
        reference=_clean(reference, _("reference"), limit=60),
        restricted=restricted,
        file=path,
        original_name=name,
        sha256=digest,
        file_kind=sniffed.kind,
        content_type=sniffed.content_type,
        size=len(data),
        uploaded_by=actor,
    )
    audit_record(
        actor=actor,
        action=Action.MEETING_DOCUMENT_ADD,
        obj=document,
        after=snapshot(document),
    )
    return document


def meeting_files_orphaned(*, min_age: dt.timedelta) -> int:
    """Remove stored meeting files that neither a document row nor the history names, older
    than ``min_age`` (a server killed after storing an upload and before its row committed
    left them)."""
    known = {str(name) for name in MeetingDocument.objects.values_list("file", flat=True)}
    known |= recorded_values(actions=[Action.MEETING_DOCUMENT_ADD], key="file")
    return files_orphaned(folder="meetings", known=known, min_age=min_age)


@durable
def document_declassify(*, actor: Any, document: MeetingDocument) -> MeetingDocument:
    """Make a restricted document public."""
    _require(actor)
    if not document.restricted:
        raise MeetingError(_("this document is public already"))
    before = snapshot(document)
    document.restricted = False
    document.declassified_at = timezone.now()
    document.save(update_fields=["restricted", "declassified_at"])
    audit_record(
        actor=actor,
        action=Action.MEETING_DOCUMENT_DECLASSIFY,
        obj=document,
        before=before,
        after=snapshot(document),
    )
    return document


@durable
def decision_record(
    *,
    actor: Any,
    meeting: Meeting,
    text_en: str,
    text_fr: str = "",
    kind: str = Decision.Kind.DECISION,
    interpretive_text: InterpretiveText | None = None,
) -> Decision:
    """Add a decision to the meeting's list, numbered after the last. A published list is not
    changed."""
    _require(actor)
    if meeting.decisions_published:
        raise MeetingError(_("the list of decisions of this meeting is published already"))
    if kind not in Decision.Kind.values:
        raise MeetingError(_("unknown kind of decision"))
    if interpretive_text is not None and interpretive_text.treaty_id != meeting.treaty_id:
        raise MeetingError(_("this text is not one of this treaty's Committee"))
    if interpretive_text is not None and kind != Decision.Kind.ADOPTION:
        raise MeetingError(_("only the adoption of a text names the text it adopts"))
    last = meeting.decisions.order_by("-number").values_list("number", flat=True).first()
    decision = Decision.objects.create(
        meeting=meeting,
        number=(last or 0) + 1,
        kind=kind,
        text_en=_clean(text_en, _("decision's text"), required=True),
        text_fr=_clean(text_fr, _("decision's text")),
        interpretive_text=interpretive_text,
    )
    audit_record(
        actor=actor, action=Action.MEETING_DECISION, obj=decision, after=snapshot(decision)
    )
    return decision


@durable
def decisions_publish(*, actor: Any, meeting: Meeting) -> Meeting:
    """Publish the meeting's list of decisions: from now on everyone reads it, and search finds
    it. The meeting must have been held, and have at least one decision."""
    _require(actor)
    if meeting.decisions_published:
        raise MeetingError(_("the list of decisions of this meeting is published already"))
    if meeting.status != Meeting.Status.HELD:
        raise MeetingError(_("record the meeting as held before publishing its decisions"))
    if not meeting.decisions.exists():
        raise MeetingError(_("record at least one decision before publishing the list"))
    before = snapshot(meeting)
    meeting.decisions_published_at = timezone.now()
    meeting.save(update_fields=["decisions_published_at", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.MEETING_PUBLISH,
        obj=meeting,
        before=before,
        after=snapshot(meeting),
    )
    meeting_index(meeting=meeting)
    return meeting
