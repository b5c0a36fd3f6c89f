"""Publishing: build the data once, store it with a new version number, render it in the
background to HTML, PDF, DOCX and XLSX. A publication is never changed afterwards."""

import hashlib
import logging
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from lanzarote.accounts.permissions import acts_on
from lanzarote.assessments.models import Finding
from lanzarote.audit.actions import Action
from lanzarote.audit.services import audit_record, snapshot
from lanzarote.committee.models import Meeting
from lanzarote.committee.selectors import adoption_problem
from lanzarote.lib.comments import comment_text
from lanzarote.lib.errors import NotAllowed, ServiceError
from lanzarote.lib.transactions import durable
from lanzarote.monitoring.models import CodingScheme, Round
from lanzarote.treaties.models import Treaty

from . import notifications, renderers
from .annual import FIRST_YEAR, annual_build, annual_from_json, annual_to_json
from .factsheet import Sources, factsheet_build, factsheet_from_json, factsheet_to_json
from .models import AnnualReportText, Comment, Publication, Rendering, ReportSection
from .overview import overview_build, overview_from_json, overview_group, overview_to_json
from .permissions import can_comment_draft, can_publish
from .report import report_build, report_from_json, report_to_json

logger = logging.getLogger(__name__)
LANGUAGES = ("en", "fr")
CONTENT_TYPES = {name: renderer.mimetype for name, renderer in renderers.PUBLICATION.items()}


class PublishError(ServiceError):
    """Nothing to publish, or not now; the message says why."""


def _next_version(key: str) -> int:
    return (Publication.objects.filter(key=key).aggregate(v=Max("version"))["v"] or 0) + 1


def _create(kind: str, round_: Round, lang: str, subject: str, data: dict, actor: Any):
    key = Publication.series(kind, round_.uid, "", subject, lang)
    publication = Publication.objects.create(
        kind=kind,
        round=round_,
        lang=lang,
        key=key,
        subject=subject,
        version=_next_version(key),
        data=data,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=Action.PUBLICATION_CREATE,
        obj=publication,
        after={"key": key, "version": publication.version},
    )
    return publication


@durable
def overview_publish(*, round_: Round, actor: Any) -> list[Publication]:
    """Publish the round's comparative overview in English and French (a new version of each);
    the files are rendered by the background worker."""
    if not can_publish(actor) or not acts_on(actor, round_):
        raise NotAllowed(_("only the Secretariat publishes"))
    scheme = CodingScheme.objects.filter(round=round_).select_related("round").first()
    if scheme is None:
        raise PublishError(_("this round has no coding scheme"))
    if not Finding.objects.filter(indicator__scheme=scheme, status=Finding.Status.ADOPTED).exists():
        raise PublishError(_("no finding of this round is adopted yet: nothing to publish"))
    made = []
    for lang in LANGUAGES:
        data = overview_build(scheme=scheme, lang=lang)
        made.append(
            _create(Publication.Kind.OVERVIEW, round_, lang, "", overview_to_json(data), actor)
        )
    ids = [p.pk for p in made]
    transaction.on_commit(lambda: [render_publication.enqueue(pk) for pk in ids])
    return made


@durable
def publish_all(*, round_: Round, actor: Any) -> list[Publication]:
    """One action: the comparative overview, a thematic factsheet for every group with an
    adopted finding, and the country factsheet drafts for the Parties' reply (published after
    it with drafts_publish)."""
    made = overview_publish.nested(round_=round_, actor=actor)
    groups = (
        Finding.objects.filter(indicator__scheme__round=round_, status=Finding.Status.ADOPTED)
        .exclude(indicator__group="")
        .values_list("indicator__group", flat=True)
        .distinct()
    )
    for group in sorted(set(groups)):
        made += thematic_publish.nested(round_=round_, group=group, actor=actor)
    return made + country_factsheets_draft.nested(round_=round_, actor=actor)


@durable
def thematic_publish(*, round_: Round, group: str, actor: Any) -> list[Publication]:
    """Publish the thematic factsheet of one group of indicators (findings, a chart and a map
    per indicator, the Parties' values) in English and French."""
    if not can_publish(actor) or not acts_on(actor, round_):
        raise NotAllowed(_("only the Secretariat publishes"))
    scheme = CodingScheme.objects.filter(round=round_).select_related("round").first()
    if scheme is None:
        raise PublishError(_("this round has no coding scheme"))
    if not Finding.objects.filter(
        indicator__scheme=scheme, indicator__group=group, status=Finding.Status.ADOPTED
    ).exists():
        raise PublishError(_("no finding of this group is adopted yet: nothing to publish"))
    made = []
    for lang in LANGUAGES:
        theme = overview_group(overview_build(scheme=scheme, lang=lang), group)
        plain = {**overview_to_json(theme), "group_label": theme.indicators[0].group_label}
        made.append(_create(Publication.Kind.THEMATIC, round_, lang, group, plain, actor))
    ids = [p.pk for p in made]
    transaction.on_commit(lambda: [render_publication.enqueue(pk) for pk in ids])
    return made


def publication_render(*, publication_id: int) -> Publication:
    """Render every format and store the files; the publication is marked published with the
    other language of its set (its version in English and French) once both are stored — a
    round never shows one language without the other. A failure fails the whole set with its
    reason, and removes its files."""
    publication = Publication.objects.select_related("round").get(pk=publication_id)
    if publication.status != Publication.Status.BUILDING:
        return publication  # published or failed already, or not asked for yet
    stored: list[str] = []
    try:
        if not publication.renderings.exists():  # stored already: a re-queued render only waits
            files = publication_files(publication)
            renderings = []
            for fmt, (filename, content) in files.items():
                name = default_storage.save(f"publications/{filename}", ContentFile(content))
                stored.append(name)
                renderings.append(
                    Rendering(
                        publication=publication,
                        format=fmt,
                        file=name,
                        sha256=hashlib.sha256(content).hexdigest(),
                        size=len(content),
                    )
                )
            Rendering.objects.bulk_create(renderings)
        _set_publish_when_stored(publication)
    except Exception as exc:  # recorded, never half-published
        logger.exception("rendering publication %s failed", publication.pk)
        for name in stored:
            default_storage.delete(name)
        _set_fail(publication, f"{type(exc).__name__}: {exc}")
    publication.refresh_from_db()
    return publication


# The default priority (0): after reading documents (50), before embeddings (-50, which may take
# hours for a large document), so a publication is not queued behind them (replies/ingestion.py, embedding.py).
@task()
def render_publication(publication_id: int) -> None:
    """Thin: the id in, the service above (tests run it immediately)."""
    publication_render(publication_id=publication_id)


def _set_of(publication: Publication):
    """The publication and its other language, made together (same kind, subject, version)."""
    return Publication.objects.filter(
        kind=publication.kind,
        round=publication.round,
        year=publication.year,
        party_id=publication.party_id,
        subject=publication.subject,
        version=publication.version,
    )


@transaction.atomic
def _set_publish_when_stored(publication: Publication) -> None:
    members = list(
        _set_of(publication).order_by("pk").select_for_update().prefetch_related("renderings")
    )
    if any(m.status == Publication.Status.FAILED for m in members):
        raise PublishError(_("the other language of this publication failed"))
    if any(len(m.renderings.all()) < len(CONTENT_TYPES) for m in members):
        return  # the other language is still being rendered: it publishes both
    for member in members:
        if member.status != Publication.Status.BUILDING:
            continue
        before = snapshot(member)
        member.status = Publication.Status.PUBLISHED
        member.save(update_fields=["status"])
        audit_record(
            actor=None,
            actor_label="lanzarote publish",
            action=Action.PUBLICATION_PUBLISH,
            obj=member,
            before=before,
            after=snapshot(member),
        )


def _set_fail(publication: Publication, reason: str) -> None:
    """Fail every unpublished member of the set, deleting any files already stored for them."""
    with transaction.atomic():
        members = list(
            _set_of(publication)
            .exclude(status=Publication.Status.PUBLISHED)
            .exclude(status=Publication.Status.DRAFT)
        )
        names = list(
            Rendering.objects.filter(publication__in=members).values_list("file", flat=True)
        )
        Rendering.objects.filter(publication__in=members).delete()
        for member in members:
            error = (
                reason
                if member.pk == publication.pk
                else _("the other language of this publication failed: %(reason)s")
                % {"reason": reason}
            )
            Publication.objects.filter(pk=member.pk).update(
                status=Publication.Status.FAILED, error=error[:2000]
            )
            audit_record(
                actor=None,
                actor_label="lanzarote publish",
                action=Action.PUBLICATION_FAILED,
                obj=member,
                before={"status": member.status},
                after={"status": Publication.Status.FAILED, "error": error[:2000]},
            )
    for name in names:
        default_storage.delete(name)


def publications_recover(*, interrupted: set, pending: set) -> tuple[int, int]:
    """Publications left "being rendered" that no queued or running task covers (the worker
    died, or the task was lost): queued again, or failed with the reason when their rendering
    was interrupted too often (ids in `interrupted`). Returns (re-queued, failed)."""
    requeued = failed = 0
    stuck = Publication.objects.filter(status=Publication.Status.BUILDING).exclude(pk__in=pending)
    for publication in stuck:
        if publication.pk in interrupted:
            _set_fail(
                publication,
                _("the worker stopped while rendering it, several times; publish it again"),
            )
            failed += 1
        else:
            render_publication.enqueue(publication.pk)
            requeued += 1
    return requeued, failed


def publication_files_orphaned(*, min_age: timedelta) -> int:
    """Remove stored publication files that no rendering names (left by a rendering that was
    interrupted before its rows were written), older than min_age. Returns how many."""
    folder = "publications"
    try:
        _, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return 0
    known = set(Rendering.objects.values_list("file", flat=True))
    limit = timezone.now() - min_age
    removed = 0
    for name in names:
        path = f"{folder}/{name}"
        if path in known or default_storage.get_modified_time(path) > limit:
            continue
        default_storage.delete(path)
        logger.warning("removed %s: no publication names it", path)
        removed += 1
    return removed


_DATA: dict[str, Callable[[dict], Any]] = {
    Publication.Kind.OVERVIEW: overview_from_json,
    Publication.Kind.THEMATIC: overview_from_json,  # the overview of one group of indicators
    Publication.Kind.COUNTRY: factsheet_from_json,
    Publication.Kind.REPORT: report_from_json,
    Publication.Kind.ANNUAL: annual_from_json,
}


def publication_edition(publication: Publication, *, draft: bool = False) -> renderers.Edition:
    """What the renderers are given: the publication's stored data as built, its version, and
    the stem of its files' names."""
    kind, plain = publication.kind, publication.data
    if kind not in _DATA:
        raise ValueError(f"no renderer for {kind}")
    if draft:
        iso2 = publication.party.iso2.lower() if publication.party else "all"
        round_uid = publication.round.uid if publication.round else ""
        stem = f"draft-factsheet-{round_uid}-{iso2}-{publication.lang}-v{publication.version}"
    else:
        stem = f"{publication.key.replace(':', '-')}-v{publication.version}"
    return renderers.Edition(
        kind=kind,
        data=_DATA[kind](plain),
        version=publication.version,
        demo=publication.is_demo,
        stem=stem,
        group_label=plain.get("group_label", publication.subject),
        draft=draft,
    )


def publication_files(publication: Publication) -> dict[str, tuple[str, bytes]]:
    """Each format's (file name, bytes) of a publication: every publication renderer applied to
    its stored data (the PDF prints the HTML, made once)."""
    edition = publication_edition(publication)
    files = {}
    for name, renderer in renderers.PUBLICATION.items():
        filename, _type, content = renderer.render(edition, publication.lang)
        files[name] = (filename, content)
    return files


def draft_file(*, publication: Publication, fmt: str) -> tuple[str, str, bytes]:
    """A country factsheet's draft as a file, marked as a draft: (file name, type, bytes)."""
    edition = publication_edition(publication, draft=True)
    return renderers.DRAFT[fmt].render(edition, publication.lang)


@durable
def country_factsheets_draft(*, round_: Round, actor: Any) -> list[Publication]:
    """Prepare a draft factsheet for every Party with an adopted finding in the round, in
    English and French, for the Party's right of reply. A series that already has a draft gets
    it rebuilt from today's findings (its comments stay)."""
    from lanzarote.parties.models import State

    if not can_publish(actor) or not acts_on(actor, round_):
        raise NotAllowed(_("only the Secretariat publishes"))
    # the indicators and the treaty read once for all the factsheets
    scheme = (
        CodingScheme.objects.filter(round=round_)
        .select_related("round__treaty")
        .prefetch_related("indicators")
        .first()
    )
    if scheme is None:
        raise PublishError(_("this round has no coding scheme"))
    parties = State.objects.filter(
        findings__indicator__scheme=scheme, findings__status=Finding.Status.ADOPTED
    ).distinct()
    if not parties:
        raise PublishError(_("no finding of this round is adopted yet: nothing to publish"))
    made = []
    sources = Sources(scheme)  # read once for all the factsheets
    for party in parties:
        for lang in LANGUAGES:
            data = factsheet_to_json(
                factsheet_build(scheme=scheme, party=party, lang=lang, sources=sources)
            )
            key = Publication.series("country", round_.uid, party.iso2, "", lang)
            draft = Publication.objects.filter(key=key, status=Publication.Status.DRAFT).first()
            if draft is not None:
                draft.data = data
                draft.save(update_fields=["data"])
                audit_record(
                    actor=actor,
                    action=Action.PUBLICATION_DRAFT_REBUILD,
                    obj=draft,
                    after={"key": key, "version": draft.version},
                )
                made.append(draft)
                continue
            draft = Publication.objects.create(
                kind=Publication.Kind.COUNTRY,
                round=round_,
                party=party,
                lang=lang,
                key=key,
                version=_next_version(key),
                data=data,
                created_by=actor,
                status=Publication.Status.DRAFT,
            )
            audit_record(
                actor=actor,
                action=Action.PUBLICATION_DRAFT,
                obj=draft,
                after={"key": key, "version": draft.version},
            )
            made.append(draft)
    transaction.on_commit(
        partial(notifications.drafts_ready, publication_ids=[d.pk for d in made]), robust=True
    )
    return made


@durable
def drafts_publish(*, round_: Round, actor: Any) -> list[Publication]:
    """Publish every draft factsheet of the round as it stands (rendered in the background)."""
    if not can_publish(actor) or not acts_on(actor, round_):
        raise NotAllowed(_("only the Secretariat publishes"))
    drafts = list(
        Publication.objects.select_for_update(of=("self",))
        .filter(round=round_, status=Publication.Status.DRAFT)
        .order_by("pk")
    )
    if not drafts:
        raise PublishError(_("there is no draft to publish: prepare the drafts first"))
    for draft in drafts:
        draft.status = Publication.Status.BUILDING
        draft.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action=Action.PUBLICATION_CREATE,
            obj=draft,
            after={"key": draft.key, "version": draft.version},
        )
    ids = [d.pk for d in drafts]
    transaction.on_commit(lambda: [render_publication.enqueue(pk) for pk in ids])
    return drafts


@durable
def comment_add(*, publication: Publication, actor: Any, text: str) -> Comment:
    """The Party's focal point comments on its draft factsheet (and the Secretariat answers)."""
    publication = Publication.objects.select_for_update(of=("self",)).get(pk=publication.pk)
    if not can_comment_draft(actor, publication):
        raise NotAllowed(_("the Party's focal point and the Secretariat comment on a draft"))
    text = comment_text(text, error=PublishError)
    comment = Comment.objects.create(publication=publication, author=actor, text=text)
    audit_record(
        actor=actor,
        action=Action.PUBLICATION_COMMENT,
        obj=publication,
        after={"comment": comment.pk, "text": comment.text[:500]},
    )
    transaction.on_commit(
        partial(notifications.draft_commented, comment_id=comment.pk), robust=True
    )
    return comment


def _require_publisher(actor: Any, round_: Round) -> None:
    if not can_publish(actor) or not acts_on(actor, round_):
        raise NotAllowed(_("only the Secretariat writes the report"))


@durable
def section_save(
    *,
    round_: Round,
    actor: Any,
    kind: str,
    section: ReportSection | None = None,
    group: str = "",
    texts: dict[str, str] | None = None,
    position: int | None = None,
) -> ReportSection:
    """Add or change a section of the round's implementation report (audited)."""
    _require_publisher(actor, round_)
    if kind not in ReportSection.Kind.values:
        raise PublishError(_("a section is text, the findings of a group or recommendations"))
    texts = {k: (v or "").strip() for k, v in (texts or {}).items()}
    if kind == ReportSection.Kind.TEXT and not (texts.get("text_en") or texts.get("title_en")):
        raise PublishError(_("write the section's English title or text"))
    if kind == ReportSection.Kind.FINDINGS or (
        kind == ReportSection.Kind.RECOMMENDATIONS and group
    ):
        scheme = CodingScheme.objects.filter(round=round_).first()
        if scheme is None:
            raise PublishError(
                _("this round has no coding scheme: its report has text and recommendations only")
            )
        if scheme is None or not scheme.indicators.filter(group=group).exists():
            raise PublishError(
                _("this round has no group of indicators %(group)s") % {"group": repr(group)}
            )
    before = snapshot(section) if section is not None else None
    if section is None:
        last = ReportSection.objects.filter(round=round_).aggregate(p=Max("position"))["p"] or 0
        section = ReportSection(round=round_, position=position or last + 1)
    elif position is not None:
        section.position = position
    section.kind = kind
    section.group = group if kind != ReportSection.Kind.TEXT else ""
    for name in ("title_en", "title_fr"):
        setattr(section, name, texts.get(name, "")[:300])
    for name in ("text_en", "text_fr"):
        setattr(section, name, texts.get(name, "")[:50000])
    section.updated_by = actor
    section.save()
    audit_record(
        actor=actor,
        action=Action.REPORT_SECTION,
        obj=section,
        before=before,
        after=snapshot(section),
    )
    return section


@durable
def section_delete(*, section: ReportSection, actor: Any) -> None:
    _require_publisher(actor, section.round)
    audit_record(
        actor=actor, action=Action.REPORT_SECTION_DELETE, obj=section, before=snapshot(section)
    )
    section.delete()


@durable
def report_publish(*, round_: Round, actor: Any) -> list[Publication]:
    """Publish the implementation report in English and French, four formats each (the DOCX is
    for final editing)."""
    _require_publisher(actor, round_)
    if not ReportSection.objects.filter(round=round_).exists():
        raise PublishError(_("the report has no section yet"))
    made = [
        _create(
            Publication.Kind.REPORT,
            round_,
            lang,
            "",
            report_to_json(report_build(round_=round_, lang=lang)),
            actor,
        )
        for lang in LANGUAGES
    ]
    ids = [p.pk for p in made]
    transaction.on_commit(lambda: [render_publication.enqueue(pk) for pk in ids])
    return made


# --- the annual activity report ----------------------------------------------------------------


def _require_annual_writer(actor: Any) -> None:
    # acts_on with no object: a demonstration login never writes a (real) annual report
    if not can_publish(actor) or not acts_on(actor, None):
        raise NotAllowed(_("only the Secretariat writes the annual activity report"))


def annual_year_check(year: int) -> None:
    """A year the record can report on: from FIRST_YEAR to this year."""
    today = timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise PublishError(
            _("an annual activity report covers a year from %(first)s to %(last)s")
            % {"first": FIRST_YEAR, "last": today.year}
        )


@durable
def annual_text_save(
    *,
    treaty: Treaty,
    year: int,
    actor: Any,
    after: str,
    texts: dict[str, str],
    text: AnnualReportText | None = None,
    position: int | None = None,
) -> AnnualReportText:
    """Add or change one of the Secretariat's texts in a year's annual report (audited)."""
    _require_annual_writer(actor)
    annual_year_check(year)
    if after not in AnnualReportText.After.values:
        raise PublishError(_("choose the section the text follows"))
    texts = {k: (v or "").strip() for k, v in texts.items()}
    if not (texts.get("text_en") or texts.get("title_en")):
        raise PublishError(_("write the section's English title or text"))
    before = snapshot(text) if text is not None else None
    if text is None:
        last = (
            AnnualReportText.objects.filter(treaty=treaty, year=year).aggregate(p=Max("position"))[
                "p"
            ]
            or 0
        )
        text = AnnualReportText(treaty=treaty, year=year, position=position or last + 1)
    elif position is not None:
        text.position = position
    text.after = after
    for name in ("title_en", "title_fr"):
        setattr(text, name, texts.get(name, "")[:300])
    for name in ("text_en", "text_fr"):
        setattr(text, name, texts.get(name, "")[:50000])
    text.updated_by = actor
    text.save()
    audit_record(
        actor=actor, action=Action.ANNUAL_TEXT, obj=text, before=before, after=snapshot(text)
    )
    return text


@durable
def annual_text_delete(*, text: AnnualReportText, actor: Any) -> None:
    _require_annual_writer(actor)
    audit_record(actor=actor, action=Action.ANNUAL_TEXT_DELETE, obj=text, before=snapshot(text))
    text.delete()


def annual_series(treaty: Treaty, year: int, lang: str) -> str:
    return f"{Publication.Kind.ANNUAL}:{treaty.code}:{year}:{lang}"


@durable
def annual_publish(*, treaty: Treaty, year: int, actor: Any) -> list[Publication]:
    """Publish the year's annual activity report in English and French, four formats each,
    built from the record as it stands (a new version of each when published again)."""
    _require_annual_writer(actor)
    annual_year_check(year)
    made = []
    for lang in LANGUAGES:
        key = annual_series(treaty, year, lang)
        publication = Publication.objects.create(
            kind=Publication.Kind.ANNUAL,
            round=None,
            year=year,
            lang=lang,
            key=key,
            subject=treaty.code,
            version=_next_version(key),
            data=annual_to_json(annual_build(treaty=treaty, year=year, lang=lang)),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=Action.PUBLICATION_CREATE,
            obj=publication,
            after={"key": key, "version": publication.version},
        )
        made.append(publication)
    ids = [p.pk for p in made]
    transaction.on_commit(lambda: [render_publication.enqueue(pk) for pk in ids])
    return made


ADOPTED_KINDS = (Publication.Kind.REPORT, Publication.Kind.ANNUAL)


@durable
def publication_adopted_at_set(
    *, publication: Publication, meeting: Meeting | None, actor: Any
) -> list[Publication]:
    """Name the Committee's meeting that adopted an implementation report or an annual report
    (or none: not known), on the version in both languages."""
    if publication.kind not in ADOPTED_KINDS:
        raise PublishError(_("only a report adopted by the Committee names its meeting"))
    if publication.round is not None:
        _require_publisher(actor, publication.round)
        treaty_id = publication.round.treaty_id
    else:
        _require_annual_writer(actor)
        treaty_id = Treaty.objects.get(code=publication.subject).pk
    problem = adoption_problem(meeting=meeting, treaty_id=treaty_id, demo=publication.is_demo)
    if problem:
        raise PublishError(problem)
    editions = list(
        Publication.objects.filter(
            key__in=[publication.key[:-2] + lang for lang in LANGUAGES],
            version=publication.version,
        )
    )
    for edition in editions:
        before = edition.adopted_at_id
        edition.adopted_at = meeting
        edition.save(update_fields=["adopted_at"])
        audit_record(
            actor=actor,
            action=Action.ADOPTION_MEETING,
            obj=edition,
            before={"adopted_at_id": before},
            after={"adopted_at_id": edition.adopted_at_id},
        )
    return editions
