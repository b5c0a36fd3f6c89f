"""Every write of the co-operation record: one audited service, one transaction each, checked
against cooperation.permissions (the Secretariat's)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lanzarote.assessments.models import Evidence, Finding
from lanzarote.audit.actions import Action
from lanzarote.audit.services import audit_record, snapshot
from lanzarote.lib.dates import PartialDate, certainly_after
from lanzarote.lib.errors import NotAllowed, ServiceError
from lanzarote.lib.transactions import durable
from lanzarote.monitoring.models import Indicator
from lanzarote.parties.models import State
from lanzarote.replies.models import Reply
from lanzarote.replies.permissions import reply_visibility_q
from lanzarote.treaties.models import Provision, Treaty

from .indexing import activity_index, european_day_index, practice_index
from .models import ActivityParticipant, CapacityBuildingActivity, EuropeanDay, GoodPractice
from .permissions import SECRETARIAT_ONLY, can_manage_cooperation, can_promote_evidence

MAX_TEXT = 4000
UNAUDITED = {"embedding_en", "embedding_fr", "updated_at"}


class CooperationError(ServiceError):
    """The co-operation record cannot be changed that way; the message says why."""


def _require(actor: Any) -> None:
    if not can_manage_cooperation(actor):
        raise NotAllowed(SECRETARIAT_ONLY)


def _clean(text: str, what: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = " ".join((text or "").split())
    if required and not text:
        raise CooperationError(_("give the %(what)s") % {"what": what})
    if len(text) > limit:
        raise CooperationError(
            _("the %(what)s may have at most %(n)s characters") % {"what": what, "n": limit}
        )
    return text


def _lines(values: Iterable[str], what: str) -> list[str]:
    return [t for t in (_clean(v, what, limit=300) for v in values) if t]


def _sources(values: Iterable[str], *, required: bool) -> list[str]:
    sources = [s.strip() for s in values if s and s.strip()]
    for source in sources:
        if not source.startswith(("https://", "http://")) or len(source) > 500:
            raise CooperationError(_("a source must be a web address: %(s)s") % {"s": source[:80]})
    if required and not sources:
        raise CooperationError(_("name at least one source (a web address)"))
    return sources


def _snap(obj: Model) -> dict[str, Any]:
    return {k: v for k, v in snapshot(obj, with_links=True).items() if k not in UNAUDITED}


def _unique_uid(model: type[Model], text: str) -> str:
    base = slugify(text)[:60].strip("-") or "practice"
    uid, n = base, 2
    while model.objects.filter(uid=uid).exists():  # type: ignore[attr-defined]
        uid, n = f"{base}-{n}", n + 1
    return uid


# --- good practices -------------------------------------------------------------------------------


def _practice_fields(
    *,
    title_en: str,
    title_fr: str,
    summary_en: str,
    summary_fr: str,
    publication: str,
    publication_url: str,
    notes: str,
) -> dict[str, str]:
    url = _clean(publication_url, _("address of the publication"), limit=500)
    if url and not url.startswith(("https://", "http://")):
        raise CooperationError(_("the address of the publication must be a web address"))
    return {
        "title_en": _clean(title_en, _("English title"), required=True, limit=300),
        "title_fr": _clean(title_fr, _("French title"), limit=300),
        "summary_en": _clean(summary_en, _("English summary")),
        "summary_fr": _clean(summary_fr, _("French summary")),
        "publication": _clean(publication, _("publication"), limit=300),
        "publication_url": url,
        "notes": _clean(notes, _("notes")),
    }


def _check_links(
    treaty: Treaty, provisions: Iterable[Provision], indicators: Iterable[Indicator]
) -> None:
    if any(p.treaty_id != treaty.pk for p in provisions):
        raise CooperationError(_("a provision named is not one of this treaty"))
    if any(i.scheme.round.treaty_id != treaty.pk for i in indicators):
        raise CooperationError(_("an indicator named is not one of this treaty's rounds"))


@durable
def practice_create(
    *,
    actor: Any,
    treaty: Treaty,
    title_en: str,
    title_fr: str = "",
    summary_en: str = "",
    summary_fr: str = "",
    states: Iterable[State] = (),
    provisions: Iterable[Provision] = (),
    indicators: Iterable[Indicator] = (),
    activity: CapacityBuildingActivity | None = None,
    publication: str = "",
    publication_url: str = "",
    notes: str = "",
    sources: Iterable[str] = (),
) -> GoodPractice:
    """Record a good practice, as a draft: only the Secretariat reads it until it is
    published."""
    _require(actor)
    provisions, indicators = list(provisions), list(indicators)
    _check_links(treaty, provisions, indicators)
    fields = _practice_fields(
        title_en=title_en,
        title_fr=title_fr,
        summary_en=summary_en,
        summary_fr=summary_fr,
        publication=publication,
        publication_url=publication_url,
        notes=notes,
    )
    practice = GoodPractice.objects.create(
        treaty=treaty,
        uid=_unique_uid(GoodPractice, fields["title_en"]),
        activity=activity,
        sources=_sources(sources, required=False),
        created_by=actor,
        **fields,
    )
    practice.states.set(states)
    practice.provisions.set(provisions)
    practice.indicators.set(indicators)
    audit_record(actor=actor, action=Action.PRACTICE_CREATE, obj=practice, after=_snap(practice))
    return practice


@durable
def practice_update(
    *,
    actor: Any,
    practice: GoodPractice,
    title_en: str,
    title_fr: str = "",
    summary_en: str = "",
    summary_fr: str = "",
    states: Iterable[State] = (),
    provisions: Iterable[Provision] = (),
    indicators: Iterable[Indicator] = (),
    publication: str = "",
    publication_url: str = "",
    notes: str = "",
    sources: Iterable[str] = (),
) -> GoodPractice:
    _require(actor)
    provisions, indicators = list(provisions), list(indicators)
    _check_links(practice.treaty, provisions, indicators)
    before = _snap(practice)
    fields = _practice_fields(
        title_en=title_en,
        title_fr=title_fr,
        summary_en=summary_en,
        summary_fr=summary_fr,
        publication=publication,
        publication_url=publication_url,
        notes=notes,
    )
    for name, value in fields.items():
        setattr(practice, name, value)
    practice.sources = _sources(sources, required=practice.is_published)
    practice.save()
    practice.states.set(states)
    practice.provisions.set(provisions)
    practice.indicators.set(indicators)
    audit_record(
        actor=actor,
        action=Action.PRACTICE_UPDATE,
        obj=practice,
        before=before,
        after=_snap(practice),
    )
    practice_index(practice=practice)
    return practice


def _publishable(practice: GoodPractice) -> None:
    """A published practice cites what identified it, and nothing the public may not read."""
    if not (
        practice.sources or practice.finding_id or practice.activity_id or practice.publication
    ):
        raise CooperationError(
            _(
                "name where the Committee identified it (a finding, an activity, a publication) "
                "or a source before publishing"
            )
        )
    evidence = practice.evidence
    if evidence is not None and practice.quote:
        if evidence.legal_unit_id is not None:
            raise CooperationError(
                _(
                    "the passage is from a legal self-assessment, which is private to its author: "
                    "remove the quote before publishing"
                )
            )
        if (
            evidence.reply_id is not None
            and not Reply.objects.filter(reply_visibility_q(None), pk=evidence.reply_id).exists()
        ):
            raise CooperationError(
                _("the passage is from a reply that is not public: it cannot be published")
            )


@durable
def practice_publish(*, actor: Any, practice: GoodPractice) -> GoodPractice:
    """Publish a draft: from now on everyone reads it, search finds it, and it shows beside its
    provisions, States and indicators."""
    _require(actor)
    if practice.is_published:
        raise CooperationError(_("this good practice is published already"))
    _publishable(practice)
    before = _snap(practice)
    practice.status = GoodPractice.Status.PUBLISHED
    practice.published_at = timezone.now()
    practice.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.PRACTICE_PUBLISH,
        obj=practice,
        before=before,
        after=_snap(practice),
    )
    practice_index(practice=practice)
    return practice


@durable
def practice_withdraw(*, actor: Any, practice: GoodPractice, reason: str = "") -> GoodPractice:
    """Take a published practice back to draft: the public no longer reads it."""
    _require(actor)
    if not practice.is_published:
        raise CooperationError(_("this good practice is not published"))
    before = _snap(practice)
    practice.status = GoodPractice.Status.DRAFT
    practice.published_at = None
    practice.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.PRACTICE_WITHDRAW,
        obj=practice,
        before=before,
        after=_snap(practice),
        reason=_clean(reason, _("reason"), limit=300),
    )
    practice_index(practice=practice)
    return practice


@durable
def practice_promote(
    *,
    actor: Any,
    evidence: Evidence,
    title_en: str,
    title_fr: str = "",
    summary_en: str = "",
    summary_fr: str = "",
    publish: bool = True,
) -> GoodPractice:
    """Make a good practice of a finding's evidence passage, in one step: the finding's State,
    indicator and the indicator's provisions become the practice's, the passage its quote; the
    practice is published at once unless ``publish`` is off (or the passage may not be)."""
    finding: Finding = evidence.finding
    if not can_promote_evidence(actor, evidence):
        raise NotAllowed(SECRETARIAT_ONLY)
    if finding.is_demo:
        raise CooperationError(
            _(
                "this finding is demonstration data, which is fictional: it cannot become a good "
                "practice"
            )
        )
    if GoodPractice.objects.filter(evidence=evidence).exists():
        raise CooperationError(_("this passage is a good practice already"))
    indicator = finding.indicator
    treaty = indicator.scheme.round.treaty
    fields = _practice_fields(
        title_en=title_en,
        title_fr=title_fr,
        summary_en=summary_en,
        summary_fr=summary_fr,
        publication="",
        publication_url="",
        notes="",
    )
    practice = GoodPractice(
        treaty=treaty,
        uid=_unique_uid(GoodPractice, fields["title_en"]),
        finding=finding,
        evidence=evidence,
        quote=evidence.quote[:MAX_TEXT],
        quote_source=evidence.source[:300],
        created_by=actor,
        **fields,
    )
    if publish:
        _publishable(practice)
        practice.status = GoodPractice.Status.PUBLISHED
        practice.published_at = timezone.now()
    practice.save()
    practice.states.set([finding.party])
    practice.indicators.set([indicator])
    practice.provisions.set(indicator.provisions.all())
    audit_record(
        actor=actor,
        action=Action.PRACTICE_PROMOTE,
        obj=practice,
        after={**_snap(practice), "from_finding": finding.pk, "from_evidence": evidence.pk},
    )
    practice_index(practice=practice)
    return practice


# --- capacity-building activities -----------------------------------------------------------------


def _activity_fields(
    *,
    kind: str,
    title_en: str,
    title_fr: str,
    start: PartialDate | None,
    end: PartialDate | None,
    place_en: str,
    place_fr: str,
    organisers: Iterable[str],
    themes_en: Iterable[str],
    themes_fr: Iterable[str],
    notes: str,
    sources: Iterable[str],
) -> dict[str, Any]:
    if kind not in CapacityBuildingActivity.Kind.values:
        raise CooperationError(_("unknown kind of activity"))
    if end is not None and start is None:
        raise CooperationError(_("give the start before the end"))
    if start is not None and end is not None and certainly_after(start, end):
        raise CooperationError(_("the activity cannot end before it starts"))
    if start is not None and start.date > timezone.localdate():
        raise CooperationError(_("record an activity once it is held"))
    themes_en, themes_fr = _lines(themes_en, _("theme")), _lines(themes_fr, _("theme"))
    if themes_fr and len(themes_fr) != len(themes_en):
        raise CooperationError(_("give the French of each theme, or none"))
    return {
        "kind": kind,
        "title_en": _clean(title_en, _("English title"), required=True, limit=300),
        "title_fr": _clean(title_fr, _("French title"), limit=300),
        "start": start.date if start else None,
        "start_precision": start.precision.value if start else "",
        "end": end.date if end else None,
        "end_precision": end.precision.value if end else "",
        "place_en": _clean(place_en, _("place"), limit=200),
        "place_fr": _clean(place_fr, _("place"), limit=200),
        "organisers": _lines(organisers, _("organiser")),
        "themes_en": themes_en,
        "themes_fr": themes_fr,
        "notes": _clean(notes, _("notes")),
        "sources": _sources(sources, required=True),
    }


def _participants(activity: CapacityBuildingActivity, participants: Iterable[tuple]) -> None:
    activity.participants.all().delete()
    rows = []
    for state, organisation in participants:
        organisation = _clean(organisation, _("organisation"), limit=200)
        if state is None and not organisation:
            continue
        rows.append(ActivityParticipant(activity=activity, state=state, organisation=organisation))
    ActivityParticipant.objects.bulk_create(rows)


@durable
def activity_create(
    *,
    actor: Any,
    treaty: Treaty,
    kind: str,
    title_en: str,
    title_fr: str = "",
    start: PartialDate | None = None,
    end: PartialDate | None = None,
    place_en: str = "",
    place_fr: str = "",
    organisers: Iterable[str] = (),
    participants: Iterable[tuple[State | None, str]] = (),
    themes_en: Iterable[str] = (),
    themes_fr: Iterable[str] = (),
    provisions: Iterable[Provision] = (),
    notes: str = "",
    sources: Iterable[str] = (),
) -> CapacityBuildingActivity:
    """Record a capacity-building activity that was held, with at least one source."""
    _require(actor)
    provisions = list(provisions)
    _check_links(treaty, provisions, [])
    fields = _activity_fields(
        kind=kind,
        title_en=title_en,
        title_fr=title_fr,
        start=start,
        end=end,
        place_en=place_en,
        place_fr=place_fr,
        organisers=organisers,
        themes_en=themes_en,
        themes_fr=themes_fr,
        notes=notes,
        sources=sources,
    )
    year = fields["start"].year if fields["start"] else "undated"
    activity = CapacityBuildingActivity.objects.create(
        treaty=treaty,
        uid=_unique_uid(CapacityBuildingActivity, f"{year} {fields['title_en']}"),
        **fields,
    )
    activity.provisions.set(provisions)
    _participants(activity, participants)
    audit_record(actor=actor, action=Action.ACTIVITY_CREATE, obj=activity, after=_snap(activity))
    activity_index(activity=activity)
    return activity


@durable
def activity_update(
    *,
    actor: Any,
    activity: CapacityBuildingActivity,
    kind: str,
    title_en: str,
    title_fr: str = "",
    start: PartialDate | None = None,
    end: PartialDate | None = None,
    place_en: str = "",
    place_fr: str = "",
    organisers: Iterable[str] = (),
    participants: Iterable[tuple[State | None, str]] = (),
    themes_en: Iterable[str] = (),
    themes_fr: Iterable[str] = (),
    provisions: Iterable[Provision] = (),
    notes: str = "",
    sources: Iterable[str] = (),
) -> CapacityBuildingActivity:
    _require(actor)
    provisions = list(provisions)
    _check_links(activity.treaty, provisions, [])
    before = _snap(activity)
    fields = _activity_fields(
        kind=kind,
        title_en=title_en,
        title_fr=title_fr,
        start=start,
        end=end,
        place_en=place_en,
        place_fr=place_fr,
        organisers=organisers,
        themes_en=themes_en,
        themes_fr=themes_fr,
        notes=notes,
        sources=sources,
    )
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.save()
    activity.provisions.set(provisions)
    _participants(activity, participants)
    audit_record(
        actor=actor,
        action=Action.ACTIVITY_UPDATE,
        obj=activity,
        before=before,
        after=_snap(activity),
    )
    activity_index(activity=activity)
    return activity


# --- the European Day -----------------------------------------------------------------------------


@durable
def european_day_save(
    *,
    actor: Any,
    treaty: Treaty,
    year: int,
    theme_en: str = "",
    theme_fr: str = "",
    materials: Iterable[dict[str, str]] = (),
    notes: str = "",
    sources: Iterable[str] = (),
) -> EuropeanDay:
    """Record (or correct) a year's European Day: its theme where known, materials, sources."""
    _require(actor)
    if year < 2015 or year > timezone.localdate().year + 1:
        raise CooperationError(_("the European Day is held every year since 2015"))
    links = []
    for m in materials:
        url = _clean(m.get("url", ""), _("address"), limit=500)
        if not url.startswith(("https://", "http://")):
            raise CooperationError(_("each material needs its web address"))
        links.append(
            {
                "title_en": _clean(m.get("title_en", ""), _("title"), required=True, limit=300),
                "title_fr": _clean(m.get("title_fr", ""), _("title"), limit=300),
                "url": url,
            }
        )
    day = EuropeanDay.objects.filter(treaty=treaty, year=year).first()
    before = _snap(day) if day else None
    day = day or EuropeanDay(treaty=treaty, year=year)
    day.theme_en = _clean(theme_en, _("theme"), limit=400)
    day.theme_fr = _clean(theme_fr, _("theme"), limit=400)
    day.materials = links
    day.notes = _clean(notes, _("notes"))
    day.sources = _sources(sources, required=True)
    day.save()
    audit_record(
        actor=actor, action=Action.EUROPEAN_DAY_SAVE, obj=day, before=before, after=_snap(day)
    )
    european_day_index(day=day)
    return day
