"""A synthetic monitoring record at scale: States × rounds × questions, with documents.

`scale_build(states=200, rounds=10, questions=200, passages=500)` makes, for each of `rounds`
rounds, a questionnaire of `questions` questions, open for replies, with a coding scheme of
`indicators` indicators (default: up to 200); then, for each of the first `states` States
(alphabetical; the reference data's world list has 249), a submitted reply per questionnaire
with two typed answers and one attached document of `passages` passages, each passage linked
to a question and indexed for search, and an adopted finding per indicator. 200 × 10 replies ×
500 passages is 1,000,000 passages. Calling it again with more States adds the replies and
findings of the States that have none yet, so a test can grow the record from N to 2N.

The structure (rounds, questionnaires, questions, schemes, replies, answers, submissions) is
made through the services, as real work is; the bulk (documents' passages and their links, read
here instead of extracted from files, and the findings) is inserted in bulk, then indexed by the
same function that indexes a document read for real (`replies.indexing.attachment_index`). All
text is synthetic policy wording. A tool for tests and benchmarks, not product code.
"""

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

WORDS = [
    "training",
    "helpline",
    "reporting",
    "co-ordination",
    "prevention",
    "victims",
    "children",
    "professionals",
    "awareness",
    "campaign",
    "police",
    "prosecution",
    "court",
    "hearing",
    "interview",
    "protocol",
    "data",
    "statistics",
    "schools",
    "sport",
    "coaches",
    "health",
    "workers",
    "social",
    "services",
    "online",
    "grooming",
    "material",
    "offence",
    "jurisdiction",
    "assistance",
    "therapy",
    "shelter",
    "parliament",
    "strategy",
    "budget",
    "evaluation",
    "ombudsperson",
]
WORDS_FR = [
    "formation",
    "signalement",
    "coordination",
    "prévention",
    "victimes",
    "enfants",
    "professionnels",
    "campagne",
    "police",
    "poursuites",
    "tribunal",
    "audition",
    "protocole",
    "données",
    "écoles",
    "sport",
    "santé",
    "services",
    "infraction",
    "juridiction",
    "assistance",
    "thérapie",
    "stratégie",
    "budget",
    "évaluation",
    "médiateur",
]


@dataclass(frozen=True)
class ScaleWorld:
    rounds: list[str]  # round uids
    questionnaires: list[str]  # questionnaire uids
    states: list[str]  # ISO codes of the States that replied
    passages: int


def _actor():
    from lanzarote.accounts.models import Profile

    user, created = get_user_model().objects.get_or_create(username="scale-secretariat")
    if created:
        Profile.objects.create(user=user, role=Profile.Role.SECRETARIAT)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _sentence(rng: random.Random, words: list[str], n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."


def _structure(*, prefix: str, rounds: int, questions: int, indicators: int, actor) -> list:
    from lanzarote.monitoring import services as monitoring
    from lanzarote.monitoring.models import Questionnaire
    from lanzarote.monitoring.questionnaire_file import ParsedQuestion
    from lanzarote.treaties.models import Treaty

    treaty = Treaty.objects.get(code="cets201")
    made = []
    for r in range(rounds):
        uid = f"{prefix}-{r + 1}"
        questionnaire = Questionnaire.objects.filter(uid=f"{uid}-q").first()
        if questionnaire is None:
            round_ = monitoring.round_create(
                treaty=treaty,
                uid=uid,
                kind="thematic",
                name_en=f"Synthetic round {r + 1} (scale)",
                name_fr=f"Cycle synthétique {r + 1} (échelle)",
                actor=actor,
            )
            questionnaire = monitoring.questionnaire_create(
                treaty=treaty,
                uid=f"{uid}-q",
                kind=Questionnaire.Kind.THEMATIC,
                round_=round_,
                title_en=f"Synthetic questionnaire {r + 1}",
                title_fr=f"Questionnaire synthétique {r + 1}",
                deadline=timezone.localdate() + dt.timedelta(days=60),
                actor=actor,
            )
            monitoring.questionnaire_import(
                questionnaire=questionnaire,
                questions=[
                    ParsedQuestion(
                        str(n + 1),
                        None,
                        f"Topic {n + 1}",
                        f"Synthetic question {n + 1}: which {WORDS[n % len(WORDS)]} measures "
                        "exist?",
                        f"Sujet {n + 1}",
                        f"Question synthétique {n + 1} : quelles mesures de "
                        f"{WORDS_FR[n % len(WORDS_FR)]} existent ?",
                    )
                    for n in range(questions)
                ],
                actor=actor,
            )
            scheme = monitoring.scheme_create(
                round_=round_, title_en=f"Synthetic scheme {r + 1}", actor=actor
            )
            for n in range(indicators):
                monitoring.indicator_save(
                    scheme=scheme,
                    code=f"s{n + 1}",
                    actor=actor,
                    scale="yes-partly-no",
                    texts={
                        "label_en": f"Synthetic indicator {n + 1}",
                        "label_fr": f"Indicateur synthétique {n + 1}",
                        "group": f"group-{n % 8}",
                    },
                    keywords_en=[WORDS[n % len(WORDS)]],
                    keywords_fr=[WORDS_FR[n % len(WORDS_FR)]],
                    provisions=[],
                    questions=[str(n % questions + 1)],
                )
            monitoring.round_step(round_=round_, step="open", actor=actor)
        made.append(Questionnaire.objects.select_related("round").get(pk=questionnaire.pk))
    return made


def _document(*, reply, questions: list, passages: int, rng: random.Random, actor) -> int:
    """A read document of `passages` passages attached to the reply, linked and indexed."""
    from lanzarote.lib.bulk import insert_rows
    from lanzarote.replies.indexing import attachment_index
    from lanzarote.replies.models import Attachment, Document, Passage, PassageLink

    digest = hashlib.sha256(f"scale:{reply.pk}".encode()).hexdigest()
    now = timezone.now()
    document = Document.objects.create(
        sha256=digest,
        file=f"documents/{digest[:2]}/{digest}.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=passages * 300,
        status=Document.Status.READY,
        pages=max(1, passages // 10),
        progress_page=max(1, passages // 10),
        language="en",
        ready_at=now,
    )
    attachment = Attachment.objects.create(
        reply=reply, document=document, original_name="synthetic-reply.pdf", uploaded_by=actor
    )
    rows, offset = [], 0
    for index in range(passages):
        french = index % 4 == 3
        text = _sentence(rng, WORDS_FR if french else WORDS, rng.randint(20, 60))
        rows.append(
            (
                document.pk,
                index,
                index // 10 + 1,
                offset,
                offset + len(text),
                text,
                False,
                "fr" if french else "en",
            )
        )
        offset += len(text) + 1
    fields = ["document", "index", "page", "start", "end", "text", "heading", "language"]
    insert_rows(Passage, fields, rows)
    ids = Passage.objects.filter(document=document).order_by("index").values_list("pk", flat=True)
    insert_rows(
        PassageLink,
        ["attachment", "passage", "question", "method", "confidence"],
        [
            (attachment.pk, pk, questions[n * len(questions) // passages].pk, "numbering", 1.0)
            for n, pk in enumerate(ids)
        ],
    )
    return attachment_index(attachment=attachment)


def scale_build(
    *,
    states: int,
    rounds: int,
    questions: int,
    passages: int,
    indicators: int | None = None,
    prefix: str = "scale",
    seed: int = 1,
    progress=None,
) -> ScaleWorld:
    from lanzarote.assessments.models import Finding
    from lanzarote.monitoring.models import Indicator
    from lanzarote.parties.models import State
    from lanzarote.replies import services as replies
    from lanzarote.replies.models import Reply

    actor = _actor()
    indicators = min(questions, 200) if indicators is None else indicators
    questionnaires = _structure(
        prefix=prefix, rounds=rounds, questions=questions, indicators=indicators, actor=actor
    )
    chosen = list(State.objects.order_by("iso2")[:states])
    rng = random.Random(seed)
    values = ["yes", "partly", "no", "not_reported"]
    for questionnaire in questionnaires:
        asked = list(questionnaire.questions.order_by("position", "pk"))
        done = set(questionnaire.replies.values_list("party_id", flat=True))
        scheme_indicators = list(
            Indicator.objects.filter(scheme__round=questionnaire.round)
            .select_related("scheme")
            .order_by("pk")
        )
        for state in chosen:
            if state.pk in done:
                continue
            reply = replies.reply_start(questionnaire=questionnaire, actor=actor, party=state)
            for question in asked[:2]:
                replies.answer_save(
                    reply=reply,
                    question=question,
                    text=f"<p>{_sentence(rng, WORDS, 30)}</p>",
                    actor=actor,
                )
            with transaction.atomic():
                _document(
                    reply=Reply.objects.select_related("questionnaire").get(pk=reply.pk),
                    questions=asked,
                    passages=passages,
                    rng=rng,
                    actor=actor,
                )
            replies.reply_submit(reply=reply, actor=actor)
            Finding.objects.bulk_create(
                Finding(
                    indicator=indicator,
                    party=state,
                    value=rng.choice(values),
                    status=Finding.Status.ADOPTED,
                    scheme_version=indicator.scheme.version,
                    rationale="Synthetic.",
                )
                for indicator in scheme_indicators
            )
            if progress:
                progress(questionnaire.uid, state.iso2)
    return ScaleWorld(
        rounds=[q.round.uid for q in questionnaires],
        questionnaires=[q.uid for q in questionnaires],
        states=[s.iso2 for s in chosen],
        passages=len(chosen) * len(questionnaires) * passages,
    )
