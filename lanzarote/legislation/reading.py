"""Reading an uploaded act: extract its text, cut it into the legislation's own units, link each
unit to the obligations it implements, element by element. Run by the background task beside
``act_add`` (legislation/services.py).

Nothing half-made is shown: the units, links and element checks of an act are written in one
transaction, the same one that marks the act ready. Progress (units read, units linked) is
written as it goes in the act's own counters, so the page and the API can show it. Whatever
cannot be read marks the act failed with a reason a person can act on, and writes nothing else.
"""

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lanzarote.lib.bulk import insert_rows
from lanzarote.lib.extract import ExtractionError, Limits, read_pages
from lanzarote.lib.storage import disk_full, stored_copy_intact

from . import catalogue as catalogues
from .models import Act, ElementCheck, Link, Unit

logger = logging.getLogger(__name__)
LANGUAGES = ("en", "fr")


class ActRefused(Exception):
    """The act cannot be read; ``reason`` is a short code, the message is for people."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Outcome:
    units: int
    links: int
    layout: str
    message: str


def max_pages() -> int:
    return int(getattr(settings, "LANZAROTE_MAX_ACT_PAGES", 1000))


def act_read(*, act_id: int) -> Act:
    """Read the act, or mark it failed with the reason. Claims it first (queued → reading), so a
    second worker given the same act leaves it alone."""
    claimed = Act.objects.filter(pk=act_id, status=Act.Status.QUEUED).update(
        status=Act.Status.READING, error="", error_reason=""
    )
    act = Act.objects.select_related("assessment__treaty", "uploaded_by__profile").get(pk=act_id)
    if not claimed:
        return act
    # the reasons are written for the person who uploaded the act, in their language
    profile = getattr(act.uploaded_by, "profile", None) if act.uploaded_by_id else None
    language = getattr(profile, "language", "") or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            _read(act)
    except ActRefused as refused:
        _fail(act, str(refused), refused.reason)
    except ExtractionError as error:
        _fail(act, str(error), error.reason)
    except OSError as error:
        if not disk_full(error):
            raise
        with translation.override(language):
            message = _("the server's disk was full; upload the act again later")
        _fail(act, message, "disk_full")
    act.refresh_from_db()
    return act


def _fail(act: Act, message: str, reason: str) -> None:
    Act.objects.filter(pk=act.pk).update(
        status=Act.Status.FAILED, error=message, error_reason=reason[:30]
    )


def _read(act: Act) -> None:
    name = str(act.file.name)
    if not stored_copy_intact(name=name, size=act.size, sha256=act.sha256):
        raise ActRefused(
            _("the stored copy of the act is damaged; upload it again"), reason="damaged"
        )
    limit = max_pages()
    try:
        source: bytes | str = default_storage.path(name)  # PDFium reads a PDF from the disk
    except NotImplementedError:  # object storage: the bytes (acts are capped in size)
        with default_storage.open(name, "rb") as stored:
            source = stored.read()
    reading = read_pages(
        source,
        kind=act.kind,
        limits=Limits(
            pages=limit + 1,
            characters=int(settings.LANZAROTE_MAX_CHARACTERS) * 2,
            seconds=float(getattr(settings, "LANZAROTE_MAX_READ_SECONDS", 120)),
        ),
    )
    if reading.total_pages > limit:
        raise ActRefused(
            _(
                "the file has %(pages)s pages; at most %(limit)s are read at once: upload the act "
                "in parts (for example book by book)"
            )
            % {"pages": f"{reading.total_pages:,}", "limit": f"{limit:,}"},
            reason="too_many_pages",
        )
    if reading.cut:
        raise ActRefused(
            _(
                "the act is too long to be read at once; upload it in parts (for example book by book)"
            ),
            reason="too_long",
        )
    language = _language(reading.pages)
    from .segment import segment  # loads the language model: only readers need it

    segmentation = segment(reading.pages)
    if not segmentation.units:
        raise ActRefused(_("no text could be cut into units in this file"), reason="no_units")
    linkable = [unit for unit in segmentation.units if _linkable(unit, segmentation)]
    Act.objects.filter(pk=act.pk).update(
        pages=reading.total_pages,
        language=language,
        layout=segmentation.layout,
        units_total=len(linkable),
        units_linked=0,
        status=Act.Status.LINKING,
    )
    catalogue = catalogues.for_treaty(act.assessment.treaty.code)
    proposed = iter(
        catalogues.propose(
            linkable,
            language=language,
            catalogue=catalogue,
            progress=lambda done: _progress(act, done),
        )
    )
    # containers and subsections are kept to cite, not linked on their own
    proposals = [
        next(proposed) if _linkable(unit, segmentation) else [] for unit in segmentation.units
    ]
    linked = sum(1 for unit_links in proposals if unit_links)
    if not segmentation.recognised and not linked:
        raise ActRefused(
            _(
                "this file does not read as legislation: no section or article numbering was "
                "found, and no part of it matches an obligation of the Convention"
            ),
            reason="not_legislation",
        )
    _store(act, segmentation, proposals, catalogue)


def _linkable(unit: Any, segmentation: Any) -> bool:
    """Provisions (sections, articles) are linked, their text whole with their subsections;
    without a recognised numbering, paragraphs are. Divisions and subsections are kept to cite."""
    from .segment import PROVISION_KINDS

    if not segmentation.recognised:
        return unit.kind == "paragraph"
    return unit.kind in PROVISION_KINDS


def _language(pages: list[Any]) -> str:
    from lanzarote.lib.language import detect_language

    text = "\n".join(page.text for page in pages)
    # Several samples: a statute book starts with a title page and tables.
    samples = [text[i : i + 4000] for i in range(0, min(len(text), 200_000), 50_000)]
    votes: dict[str, float] = {}
    for sample in samples:
        language, confidence = detect_language(sample)
        votes[language] = votes.get(language, 0.0) + confidence
    language = max(votes, key=lambda k: votes[k]) if votes else "und"
    if language not in LANGUAGES:
        raise ActRefused(
            _(
                "the act is not in English or French, the languages the Convention's obligations "
                "are read in; upload an official English or French version if there is one"
            ),
            reason="language",
        )
    return language


def _progress(act: Act, done: int) -> None:
    Act.objects.filter(pk=act.pk).update(units_linked=done)


@transaction.atomic
def _store(act: Act, segmentation: Any, proposals: list[list[Any]], catalogue: Any) -> None:
    Act.objects.select_for_update().filter(pk=act.pk).exists()
    provisions = catalogues.provisions_by_ref(catalogue)
    units = [
        Unit(
            act=act,
            order=order,
            kind=unit.kind,
            number=unit.number[:40],
            label=unit.label[:80],
            heading=unit.heading[:500],
            text=unit.text,
            path=list(unit.path),
            level=unit.level,
            page=unit.page,
            start=unit.start,
            end=unit.end,
        )
        for order, unit in enumerate(segmentation.units)
    ]
    created = Unit.objects.bulk_create(units, batch_size=500)
    parents = [(created[order], unit.parent) for order, unit in enumerate(segmentation.units)]
    with_parent = [row for row, parent in parents if parent is not None]
    for row, parent in parents:
        if parent is not None:
            row.parent = created[parent]
    if with_parent:
        Unit.objects.bulk_update(with_parent, ["parent"], batch_size=500)
    links: list[Link] = []
    checks: list[tuple[int, list[Any]]] = []
    for row, unit_links in zip(created, proposals, strict=True):
        for rank, proposal in enumerate(unit_links, start=1):
            links.append(
                Link(
                    unit=row,
                    ref=proposal.ref,
                    provision_id=provisions[proposal.ref],
                    rank=rank,
                    confidence=round(proposal.confidence, 4),
                    reason=proposal.reason,
                    coverage=Link.Coverage.PARTLY if proposal.partly else Link.Coverage.COVERED,
                    protected_age=proposal.age,
                )
            )
            checks.append((len(links) - 1, proposal.elements))
    Link.objects.bulk_create(links, batch_size=500)
    insert_rows(
        ElementCheck,
        ("link", "code", "satisfied", "machine_satisfied", "evidence"),
        (
            (
                links[index].pk,
                element.code,
                element.satisfied,
                element.satisfied,
                element.evidence[:300],
            )
            for index, elements in checks
            for element in elements
        ),
    )
    Act.objects.filter(pk=act.pk).update(
        status=Act.Status.READY,
        units_linked=sum(1 for unit in segmentation.units if _linkable(unit, segmentation)),
        ready_at=timezone.now(),
    )
