"""The treaty's legal catalogue (obligations and their elements, ``legal_elements.json`` in the
treaty's data folder) as the app uses it: loaded once per treaty, proposals from the engine turned
into what the models store, and the provisions each reference names."""

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from lanzarote.treaties.models import Provision

from . import engine

FILE = "legal_elements.json"
CHUNK = 1000  # units linked between two progress reports (the engine embeds at least 50 a call)


class NoCatalogue(Exception):
    """The treaty has no legal catalogue: its legislation cannot be read against it."""


@dataclass(frozen=True)
class ElementIn:
    code: str
    satisfied: bool
    evidence: str


@dataclass(frozen=True)
class Proposal:
    ref: str
    confidence: float
    reason: str
    partly: bool
    age: int | None
    elements: tuple[ElementIn, ...]


@functools.cache
def for_treaty(code: str) -> engine.Catalogue:
    path = Path(code) / FILE
    if not (engine.DATA_ROOT / path).exists():
        raise NoCatalogue(code)
    return engine.load_catalogue(path)


def has_catalogue(code: str) -> bool:
    return (engine.DATA_ROOT / code / FILE).exists()


def propose(
    units: Sequence[Any],
    *,
    language: str,
    catalogue: engine.Catalogue,
    progress: Callable[[int], None] | None = None,
) -> list[list[Proposal]]:
    """For each unit (anything with number, heading and text), its proposed links, best first."""
    results: list[engine.UnitLinks] = []
    read = [engine.Unit(u.number, u.heading, u.text) for u in units]
    # what each unit names is read over the whole act, not chunk by chunk
    contexts = engine.unit_contexts(read)
    for start in range(0, len(read), CHUNK):
        results += engine.link_units(
            read[start : start + CHUNK],
            language=language,
            catalogue=catalogue,
            use_embeddings=bool(settings.LANZAROTE_EMBEDDINGS),
            contexts=contexts[start : start + CHUNK],
        )
        if progress is not None:
            progress(min(start + CHUNK, len(units)))
    # a unit that names others of its act ("an offence under section 151") takes their links,
    # resolved over the whole act, not chunk by chunk
    results = engine.resolve_references(results)
    return [[_proposal(link, language) for link in result.links] for result in results]


def _proposal(link: engine.Link, language: str) -> Proposal:
    return Proposal(
        ref=link.ref,
        confidence=float(link.confidence),
        reason=link.reason(language),
        partly=link.status == "partly",
        age=link.age.under if link.age is not None else None,
        elements=tuple(
            ElementIn(
                code=check.element.id,
                satisfied=check.satisfied,
                # an age shown, but below the Convention's: not satisfied, and said so
                evidence=", ".join(check.words)
                + (f" (< {check.limited_to})" if check.limited_to is not None else "")
                + (engine.NAMED_NOTE[language] if check.named else ""),
            )
            for check in link.elements
        ),
    )


def provisions_by_ref(catalogue: engine.Catalogue) -> dict[str, int]:
    uids = {o.provision: o.ref for o in catalogue.obligations}
    found = dict(Provision.objects.filter(uid__in=uids).values_list("uid", "pk"))
    return {ref: found[uid] for uid, ref in uids.items() if uid in found}


def obligation(catalogue: engine.Catalogue, ref: str) -> engine.ObligationSpec | None:
    return next((o for o in catalogue.obligations if o.ref == ref), None)


def missing(spec: engine.ObligationSpec, satisfied: set[str]) -> tuple[engine.ElementSpec, ...]:
    """The required elements of ``spec`` not among ``satisfied`` (ids); of a group of
    alternatives (possess or procure...), one satisfied member is enough."""
    return engine._missing(
        engine.ElementCheck(e, ("",) if e.id in satisfied else ()) for e in spec.elements
    )


@functools.cache
def positions_for_treaty(code: str) -> tuple[engine.Position, ...]:
    """The Committee's legal positions on the treaty's obligations (none when it has no file)."""
    path = Path(code) / "legal_positions.json"
    if not (engine.DATA_ROOT / path).exists():
        return ()
    return engine.load_positions(path, catalogue=for_treaty(code))
