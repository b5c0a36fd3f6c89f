"""Machine assistance for the analyst: for each indicator, the evidence a Party's replies offer,
a proposed value, a confidence and the reason (engine.py does the reading).

Suggestions are computed in a background task, stored with their score and reason, and never
become findings by themselves (assessments.services: suggestion_accept, suggestion_reject). A
new run replaces the open suggestions of the Party; decided ones are kept for measuring quality.
"""

from typing import Any

from django.conf import settings
from django.db import transaction

from lanzarote.assessments.models import Suggestion
from lanzarote.assessments.selectors import party_passages, submitted_replies
from lanzarote.audit.actions import Action
from lanzarote.audit.services import audit_record
from lanzarote.lib import embed
from lanzarote.lib.sanitise import html_to_text
from lanzarote.monitoring.models import CodingScheme, Indicator
from lanzarote.parties.models import State
from lanzarote.replies.models import Answer, PassageLink

from . import engine

SYSTEM = "lanzarote assistance"


def indicator_in(indicator: Indicator) -> engine.IndicatorIn:
    return engine.IndicatorIn(
        code=indicator.code,
        labels={"en": indicator.label_en, "fr": indicator.label_fr or indicator.label_en},
        descriptions={
            "en": indicator.description_en or indicator.label_en,
            "fr": indicator.description_fr or indicator.label_fr or "",
        },
        keywords={"en": tuple(indicator.keywords_en), "fr": tuple(indicator.keywords_fr)},
        questions=tuple(q.number for q in indicator.questions.all()),
        values=tuple(indicator.value_codes()),
    )


def party_candidates(*, scheme: CodingScheme, party: State) -> list[engine.PassageIn]:
    """The Party's passages (with their question and vector) and typed answers."""
    round_ = scheme.round
    passages = list(
        party_passages(round_=round_, party=party).values_list(
            "pk", "text", "language", "embedding"
        )
    )
    numbers = dict(
        PassageLink.objects.filter(
            attachment__reply__in=submitted_replies(round_=round_, party=party),
            question__isnull=False,
        ).values_list("passage_id", "question__number")
    )
    candidates = [
        engine.PassageIn(
            id=f"p{pk}",
            text=text,
            lang=language or "und",
            question=numbers.get(pk),
            vector=embed.decode(bytes(vector)) if vector is not None else None,
        )
        for pk, text, language, vector in passages
    ]
    # Answers typed into the form are evidence too (embedded here: there are few of them).
    answers = [
        (a.pk, html_to_text(a.text), a.reply.language, a.question.number)
        for a in Answer.objects.filter(
            reply__in=submitted_replies(round_=round_, party=party)
        ).select_related("reply", "question")
    ]
    answers = [a for a in answers if a[1]]
    vectors = (
        embed.embedder().passages([a[1] for a in answers])
        if answers and settings.LANZAROTE_EMBEDDINGS
        else None
    )
    candidates += [
        engine.PassageIn(
            id=f"a{pk}",
            text=text,
            lang=lang,
            question=number,
            vector=vectors[i] if vectors is not None else None,
        )
        for i, (pk, text, lang, number) in enumerate(answers)
    ]
    return candidates


def evidence_key(item: dict) -> str:
    """ "p12" for passage 12, "a3" for typed answer 3: how a suggestion's evidence is named."""
    return f"p{item['passage']}" if item.get("passage") else f"a{item['answer']}"


def _source(key) -> dict:
    key = str(key)
    number = int(key[1:])
    return (
        {"passage": number, "answer": None}
        if key[0] == "p"
        else {"passage": None, "answer": number}
    )


def suggestions_compute(*, scheme: CodingScheme, party: State) -> list[Suggestion]:
    """Propose a value and evidence for every indicator of the scheme (one transaction)."""
    candidates = party_candidates(scheme=scheme, party=party)
    use_vectors = settings.LANZAROTE_EMBEDDINGS and any(c.vector is not None for c in candidates)
    model = embed.embedder() if use_vectors else None
    indicators = list(scheme.indicators.prefetch_related("questions"))
    specs = [indicator_in(indicator) for indicator in indicators]
    queries: list[dict[str, Any]] = [
        {lang: model.query(text) for lang, text in engine.query_texts(spec).items()}
        if model is not None
        else {}
        for spec in specs
    ]
    proposals = []
    for n, (indicator, spec) in enumerate(zip(indicators, specs, strict=True)):
        # the other indicators' descriptions: what a passage may be about instead
        others = [q for m, q in enumerate(queries) if m != n and q]
        proposals.append(
            (
                indicator,
                engine.propose(
                    spec,
                    candidates,
                    query_vectors=queries[n] or None,
                    others=others,
                    method="hybrid" if model is not None else "keyword",
                ),
            )
        )
    with transaction.atomic():
        Suggestion.objects.filter(
            indicator__scheme=scheme, party=party, status=Suggestion.Status.OPEN
        ).update(status=Suggestion.Status.SUPERSEDED)
        made = [
            Suggestion.objects.create(
                indicator=indicator,
                party=party,
                value=p.value,
                confidence=p.confidence,
                method=p.method,
                model=model.name if model is not None else "",
                cue=p.cue or "",
                cue_text=p.cue_text[:300],
                scheme_version=scheme.version,
                evidence=[
                    {
                        **_source(e.passage),
                        "score": round(e.score, 4),
                        "terms": list(e.terms),
                        "span": list(e.span) if e.span else None,
                        "similarity": None if e.similarity is None else round(e.similarity, 4),
                        "via_question": e.via_question,
                    }
                    for e in p.evidence
                ],
            )
            for indicator, p in proposals
        ]
        audit_record(
            actor=None,
            actor_label=SYSTEM,
            action=Action.SUGGESTIONS_COMPUTE,
            obj=scheme,
            after={"party": party.iso2, "suggestions": len(made)},
        )
    return made
