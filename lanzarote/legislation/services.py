"""Every write of a self-assessment: one audited service, one transaction each.

Reading an act happens in the background (``read_act``, defined below beside ``act_add`` that
enqueues it) once the upload's transaction has committed; its work is in legislation/reading.py.
"""

import hashlib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from lanzarote.audit.actions import Action
from lanzarote.audit.selectors import recorded_values
from lanzarote.audit.services import audit_record, snapshot
from lanzarote.lib.errors import NotAllowed, ServiceError
from lanzarote.lib.sniff import FileRefused, sniff
from lanzarote.lib.storage import disk_full, files_orphaned, store_file
from lanzarote.lib.transactions import durable
from lanzarote.parties.models import State
from lanzarote.treaties.models import Provision, Treaty

from . import catalogue as catalogues
from .models import Act, ElementCheck, Link, SelfAssessment, Unit
from .permissions import can_change_assessment, can_create_assessment

READING_PRIORITY = 40  # after reply documents (50), before publications (0) and embeddings


class LegislationError(ServiceError):
    """A self-assessment cannot be changed that way; the message says why."""


def _require_change(actor: Any, assessment: SelfAssessment) -> None:
    if not can_change_assessment(actor, assessment):
        raise NotAllowed(_("only the author of this self-assessment can change it"))


def max_act_bytes() -> int:
    return int(getattr(settings, "LANZAROTE_MAX_ACT_MB", settings.LANZAROTE_MAX_UPLOAD_MB)) * 2**20


@durable
def assessment_create(*, actor: Any, treaty: Treaty, state: State, title: str) -> SelfAssessment:
    if not can_create_assessment(actor):
        raise NotAllowed(_("you cannot create a self-assessment"))
    title = " ".join(title.split())
    if not title:
        raise LegislationError(_("give the self-assessment a title"))
    if len(title) > 200:
        raise LegislationError(_("the title may have at most 200 characters"))
    if not catalogues.has_catalogue(treaty.code):
        raise LegislationError(
            _("legislation cannot yet be read against this treaty: it has no legal catalogue")
        )
    assessment = SelfAssessment.objects.create(treaty=treaty, state=state, title=title, owner=actor)
    audit_record(
        actor=actor,
        action=Action.SELF_ASSESSMENT_CREATE,
        obj=assessment,
        after=snapshot(assessment),
    )
    return assessment


@durable
def assessment_share(*, actor: Any, assessment: SelfAssessment, shared: bool) -> SelfAssessment:
    _require_change(actor, assessment)
    if assessment.visibility == SelfAssessment.Visibility.PUBLISHED:
        raise LegislationError(_("a published self-assessment is read by everyone already"))
    before = snapshot(assessment)
    assessment.visibility = (
        SelfAssessment.Visibility.SHARED if shared else SelfAssessment.Visibility.PRIVATE
    )
    assessment.save(update_fields=["visibility", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.SELF_ASSESSMENT_SHARE,
        obj=assessment,
        before=before,
        after=snapshot(assessment),
    )
    return assessment


@durable
def assessment_publish(*, actor: Any, assessment: SelfAssessment) -> SelfAssessment:
    _require_change(actor, assessment)
    if assessment.visibility == SelfAssessment.Visibility.PUBLISHED:
        raise LegislationError(_("this self-assessment is published already"))
    if not assessment.acts.filter(status=Act.Status.READY).exists():
        raise LegislationError(_("upload and read at least one act before publishing"))
    if assessment.acts.exclude(status__in=[Act.Status.READY, Act.Status.FAILED]).exists():
        raise LegislationError(_("wait until every act has been read before publishing"))
    before = snapshot(assessment)
    assessment.visibility = SelfAssessment.Visibility.PUBLISHED
    assessment.published_at = timezone.now()
    assessment.save(update_fields=["visibility", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.SELF_ASSESSMENT_PUBLISH,
        obj=assessment,
        before=before,
        after=snapshot(assessment),
    )
    return assessment


@durable
def assessment_delete(*, actor: Any, assessment: SelfAssessment) -> None:
    _require_change(actor, assessment)
    audit_record(
        actor=actor,
        action=Action.SELF_ASSESSMENT_DELETE,
        obj=assessment,
        before=snapshot(assessment),
    )
    assessment.delete()  # the stored files stay: the history cites them


@durable
def act_add(
    *, actor: Any, assessment: SelfAssessment, name: str, data: bytes, title: str = ""
) -> Act:
    """Upload one act. Its kind is sniffed from the content (the upload gate of every file);
    the same file twice in one self-assessment is refused; the file is stored whole or not at
    all, and read in the background once the transaction has committed."""
    _require_change(actor, assessment)
    if assessment.visibility == SelfAssessment.Visibility.PUBLISHED:
        raise LegislationError(_("a published self-assessment cannot be changed"))
    try:
        sniffed = sniff(data, max_bytes=max_act_bytes())
    except FileRefused as refused:
        raise LegislationError(_("the file was not accepted: %(why)s") % {"why": refused}) from None
    digest = hashlib.sha256(data).hexdigest()
    if assessment.acts.filter(sha256=digest).exists():
        raise LegislationError(_("this file has been uploaded to this self-assessment already"))
    path = f"legislation/{digest[:2]}/{digest}{sniffed.extension}"
    try:
        store_file(name=path, data=data, sha256=digest)
    except OSError as error:
        if disk_full(error):
            raise LegislationError(
                _("the server's disk is full, so the act was not stored; try again later")
            ) from None
        raise
    name = name.replace("\\", "/").rsplit("/", 1)[-1][:255] or f"act{sniffed.extension}"
    act = Act.objects.create(
        assessment=assessment,
        title=(" ".join(title.split()) or name.rsplit(".", 1)[0])[:300],
        original_name=name,
        sha256=digest,
        file=path,
        kind=sniffed.kind,
        size=len(data),
        uploaded_by=actor,
    )
    transaction.on_commit(lambda: read_act.enqueue(act.pk))
    audit_record(actor=actor, action=Action.ACT_ADD, obj=act, after=snapshot(act))
    return act


def act_files_orphaned(*, min_age: timedelta) -> int:
    """Remove stored act files that neither an act nor the history names, older than
    ``min_age`` (a server killed after storing an upload and before its row committed left
    them). The file of a removed act stays: its history cites it."""
    known = {str(name) for name in Act.objects.values_list("file", flat=True)}
    known |= recorded_values(actions=[Action.ACT_ADD], key="file")
    return files_orphaned(folder="legislation", known=known, min_age=min_age)


@task(priority=READING_PRIORITY)
def read_act(act_id: int) -> None:
    """Thin: the id in, the reading out (legislation/reading.py; tests run it immediately)."""
    from .reading import act_read  # the reader loads the engine and the text extractors

    act_read(act_id=act_id)


@durable
def act_remove(*, actor: Any, act: Act) -> None:
    _require_change(actor, act.assessment)
    if act.assessment.visibility == SelfAssessment.Visibility.PUBLISHED:
        raise LegislationError(_("a published self-assessment cannot be changed"))
    audit_record(actor=actor, action=Action.ACT_REMOVE, obj=act, before=snapshot(act))
    act.delete()


@durable
def link_decide(*, actor: Any, link: Link, confirmed: bool) -> Link:
    """Confirm or reject a link the machine proposed (or undo an earlier decision)."""
    _require_change(actor, link.unit.act.assessment)
    before = snapshot(link)
    link.status = Link.Status.CONFIRMED if confirmed else Link.Status.REJECTED
    link.decided_by = actor
    link.decided_at = timezone.now()
    link.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor, action=Action.LEGAL_LINK_DECIDE, obj=link, before=before, after=snapshot(link)
    )
    return link


@durable
def link_add(*, actor: Any, unit: Unit, ref: str, partly: bool = False) -> Link:
    """A person links a unit to an obligation the machine did not propose; confirmed at once."""
    assessment = unit.act.assessment
    _require_change(actor, assessment)
    catalogue = catalogues.for_treaty(assessment.treaty.code)
    spec = catalogues.obligation(catalogue, ref)
    if spec is None:
        raise LegislationError(_("%(ref)s is not an obligation of this treaty") % {"ref": ref})
    if unit.links.filter(ref=ref).exists():
        raise LegislationError(_("this unit is linked to %(ref)s already") % {"ref": ref})
    provision = Provision.objects.get(uid=spec.provision)
    link = Link.objects.create(
        unit=unit,
        ref=ref,
        provision=provision,
        rank=unit.links.count() + 1,
        confidence=None,
        reason=_("Linked by a person."),
        coverage=Link.Coverage.PARTLY if partly else Link.Coverage.COVERED,
        by_machine=False,
        status=Link.Status.CONFIRMED,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    ElementCheck.objects.bulk_create(
        ElementCheck(link=link, code=element.id, satisfied=not partly, corrected_by=actor)
        for element in spec.elements
    )
    audit_record(actor=actor, action=Action.LEGAL_LINK_ADD, obj=link, after=snapshot(link))
    return link


@durable
def element_set(*, actor: Any, link: Link, code: str, satisfied: bool) -> ElementCheck:
    """Correct whether the unit satisfies one element; the link's coverage follows: covered when
    every required element is satisfied, else partly covered."""
    assessment = link.unit.act.assessment
    _require_change(actor, assessment)
    spec = catalogues.obligation(catalogues.for_treaty(assessment.treaty.code), link.ref)
    codes = {e.id for e in spec.elements} if spec else set()
    if code not in codes:
        raise LegislationError(
            _("%(code)s is not an element of %(ref)s") % {"code": code, "ref": link.ref}
        )
    check = link.elements.filter(code=code).first()
    before = snapshot(check) if check else None
    if check is None:
        check = ElementCheck(link=link, code=code, machine_satisfied=None)
    check.satisfied = satisfied
    check.corrected_by = actor
    check.save()
    satisfied_codes = set(link.elements.filter(satisfied=True).values_list("code", flat=True))
    complete = spec is not None and not catalogues.missing(spec, satisfied_codes)
    link.coverage = Link.Coverage.COVERED if complete else Link.Coverage.PARTLY
    if link.status == Link.Status.PROPOSED:
        link.status = Link.Status.CONFIRMED
        link.decided_by = actor
        link.decided_at = timezone.now()
    link.save(update_fields=["coverage", "status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=Action.LEGAL_ELEMENT_SET,
        obj=check,
        before=before,
        after=snapshot(check),
        reason=link.ref,
    )
    return check
