"""Writes about rounds and questionnaires: each step checks permission and the current state,
runs in one transaction and writes its audit event."""

import datetime as dt
import re
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lanzarote.accounts.permissions import acts_on
from lanzarote.audit.actions import Action
from lanzarote.audit.services import audit_record, snapshot
from lanzarote.committee.models import Meeting
from lanzarote.committee.selectors import adoption_problem
from lanzarote.lib.errors import NotAllowed, ServiceError
from lanzarote.lib.transactions import durable
from lanzarote.treaties.models import Provision, Treaty

from . import notifications
from .models import CodingScheme, Indicator, Question, Questionnaire, Round
from .permissions import (
    can_choose_parties,
    can_correct_questions,
    can_edit_questions,
    can_manage_rounds,
)
from .questionnaire_file import ParsedQuestion

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

S = Round.Status
# step name -> (from, to): the only ways a round's status changes.
ROUND_STEPS: dict[str, tuple[str, str]] = {
    "open": (S.PREPARING, S.OPEN),
    "close_replies": (S.OPEN, S.REPLIES_CLOSED),
    "start_analysis": (S.REPLIES_CLOSED, S.ANALYSIS),
    "adopt_report": (S.ANALYSIS, S.REPORT_ADOPTED),
    "start_follow_up": (S.REPORT_ADOPTED, S.FOLLOW_UP),
    "close": (S.FOLLOW_UP, S.CLOSED),
}
ROUND_STEP_ACTIONS: dict[str, Action] = {
    "open": Action.ROUND_OPEN,
    "close_replies": Action.ROUND_CLOSE_REPLIES,
    "start_analysis": Action.ROUND_START_ANALYSIS,
    "adopt_report": Action.ROUND_ADOPT_REPORT,
    "start_follow_up": Action.ROUND_START_FOLLOW_UP,
    "close": Action.ROUND_CLOSE,
}


class WorkflowError(ServiceError):
    """A step the current state does not allow; the message says why."""


def _require_secretariat(actor: Any, obj: Any = None) -> None:
    if not can_manage_rounds(actor):
        raise NotAllowed(_("only the Secretariat may do this"))
    if obj is not None and not acts_on(actor, obj):
        raise NotAllowed(_("a demonstration login acts on demonstration data only"))


def next_steps(round_: Round) -> list[str]:
    return [name for name, (source, _target) in ROUND_STEPS.items() if source == round_.status]


@durable
def round_create(
    *,
    treaty: Treaty,
    uid: str,
    kind: str,
    name_en: str,
    actor: Any,
    name_fr: str = "",
    theme_en: str = "",
    theme_fr: str = "",
    is_demo: bool = False,
) -> Round:
    _require_secretariat(actor, Round(is_demo=is_demo))
    if Round.objects.filter(uid=uid).exists():
        raise WorkflowError(_("a round with the id %(uid)s already exists") % {"uid": uid})
    round_ = Round.objects.create(
        treaty=treaty,
        uid=uid,
        kind=kind,
        name_en=name_en,
        name_fr=name_fr,
        theme_en=theme_en,
        theme_fr=theme_fr,
        is_demo=is_demo,
    )
    audit_record(actor=actor, action=Action.ROUND_CREATE, obj=round_, after=snapshot(round_))
    return round_


@durable
def round_step(*, round_: Round, step: str, actor: Any, when: dt.date | None = None) -> Round:
    """Move a round one step along its lifecycle, or refuse with the reason."""
    _require_secretariat(actor, round_)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if step not in ROUND_STEPS:
        raise WorkflowError(_("unknown step %(step)s") % {"step": repr(step)})
    source, target = ROUND_STEPS[step]
    if round_.status != source:
        raise WorkflowError(
            _("a round that is “%(current)s” cannot go to “%(target)s”; it must be “%(source)s”")
            % {
                "current": round_.get_status_display(),
                "target": S(target).label,
                "source": S(source).label,
            }
        )
    if step == "open":
        questionnaires = list(round_.questionnaires.all())
        if not questionnaires:
            raise WorkflowError(_("a round opens with at least one questionnaire"))
        for questionnaire in questionnaires:
            if not questionnaire.questions.exists():
                raise WorkflowError(
                    _("the questionnaire “%(title)s” has no question yet")
                    % {"title": questionnaire.title}
                )
            if not questionnaire.deadline:
                raise WorkflowError(
                    _("the questionnaire “%(title)s” has no deadline yet")
                    % {"title": questionnaire.title}
                )
        if not round_.launched:
            round_.launched, round_.launched_precision = when or timezone.localdate(), "day"
    before = snapshot(round_)
    round_.status = target
    round_.save()
    audit_record(
        actor=actor,
        action=ROUND_STEP_ACTIONS[step],
        obj=round_,
        before=before,
        after=snapshot(round_),
    )
    if step == "open":
        transaction.on_commit(partial(notifications.round_opened, round_id=round_.pk), robust=True)
    return round_


@durable
def round_publish_replies(*, round_: Round, actor: Any) -> Round:
    """Make the round's submitted replies public: every Party's, and each stakeholder's that
    agreed to publication. Replies submitted later are public as soon as they are submitted."""
    _require_secretariat(actor, round_)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status in (S.PREPARING, S.OPEN):
        raise WorkflowError(_("replies are published once the round's replies are closed"))
    questionnaires = list(round_.questionnaires.filter(replies_published_at__isnull=True))
    if not questionnaires:
        raise WorkflowError(_("the replies of this round are already published"))
    for questionnaire in questionnaires:
        questionnaire_publish_replies.nested(questionnaire=questionnaire, actor=actor)
    return round_


@durable
def questionnaire_publish_replies(*, questionnaire: Questionnaire, actor: Any) -> Questionnaire:
    _require_secretariat(actor, questionnaire)
    if questionnaire.replies_published_at:
        raise WorkflowError(_("the replies to this questionnaire are already published"))
    before = snapshot(questionnaire)
    questionnaire.replies_published_at = timezone.now()
    questionnaire.save(update_fields=["replies_published_at"])
    audit_record(
        actor=actor,
        action=Action.QUESTIONNAIRE_PUBLISH_REPLIES,
        obj=questionnaire,
        before=before,
        after=snapshot(questionnaire),
    )
    return questionnaire


@durable
def questionnaire_create(
    *,
    treaty: Treaty,
    uid: str,
    kind: str,
    title_en: str,
    actor: Any,
    round_: Round | None = None,
    title_fr: str = "",
    deadline: dt.date | None = None,
    is_demo: bool = False,
) -> Questionnaire:
    _require_secretariat(actor, Questionnaire(is_demo=is_demo))
    if kind == Questionnaire.Kind.GENERAL_OVERVIEW and round_ is not None:
        raise WorkflowError(_("the General Overview questionnaire belongs to no round"))
    if round_ is not None and round_.status != S.PREPARING:
        raise WorkflowError(_("questionnaires are added while the round is in preparation"))
    if Questionnaire.objects.filter(uid=uid).exists():
        raise WorkflowError(_("a questionnaire with the id %(uid)s already exists") % {"uid": uid})
    questionnaire = Questionnaire.objects.create(
        treaty=treaty,
        uid=uid,
        kind=kind,
        title_en=title_en,
        title_fr=title_fr,
        round=round_,
        deadline=deadline,
        is_demo=is_demo,
    )
    audit_record(
        actor=actor,
        action=Action.QUESTIONNAIRE_CREATE,
        obj=questionnaire,
        after=snapshot(questionnaire),
    )
    return questionnaire


def _editable(questionnaire: Questionnaire) -> None:
    if questionnaire.round is None:
        # The General Overview questionnaire and past ones known from the sources: their
        # questions are reference data, loaded from the data files.
        raise WorkflowError(_("this questionnaire's questions come from the reference data"))
    if questionnaire.round.status != S.PREPARING:
        raise WorkflowError(_("the questions are fixed once the round is open"))


@durable
def questionnaire_set_deadline(
    *, questionnaire: Questionnaire, deadline: dt.date, actor: Any
) -> Questionnaire:
    """A deadline may be set or extended at any time before the round closes its replies."""
    _require_secretariat(actor, questionnaire)
    round_ = questionnaire.round
    if round_ is not None and round_.status not in (S.PREPARING, S.OPEN):
        raise WorkflowError(_("the deadline cannot change once the replies are closed"))
    before = snapshot(questionnaire)
    questionnaire.deadline = deadline
    questionnaire.save(update_fields=["deadline"])
    audit_record(
        actor=actor,
        action=Action.QUESTIONNAIRE_DEADLINE,
        obj=questionnaire,
        before=before,
        after=snapshot(questionnaire),
    )
    return questionnaire


@durable
def questionnaire_import(
    *,
    questionnaire: Questionnaire,
    questions: list[ParsedQuestion],
    actor: Any,
    audience: str = Question.Audience.BOTH,
) -> list[Question]:
    """Add the questions found by an import (previewed first) to a questionnaire still being
    prepared. All or nothing: a number already in the questionnaire stops it."""
    _require_secretariat(actor, questionnaire)
    _editable(questionnaire)
    existing = set(questionnaire.questions.values_list("number", flat=True))
    clash = sorted(existing & {q.number for q in questions})
    if clash:
        raise WorkflowError(
            _("the questionnaire already has question(s) %(numbers)s")
            % {"numbers": ", ".join(clash)}
        )
    position = questionnaire.questions.count()
    created: dict[str, Question] = {q.number: q for q in questionnaire.questions.all()}
    made = []
    for parsed in questions:
        position += 1
        parent = created.get(parsed.parent) if parsed.parent else None
        question = Question.objects.create(
            questionnaire=questionnaire,
            number=parsed.number,
            parent=parent,
            position=position,
            title_en=parsed.title_en[:300],
            title_fr=parsed.title_fr[:300],
            text_en=parsed.text_en,
            text_fr=parsed.text_fr,
            audience=audience,
        )
        created[parsed.number] = question
        made.append(question)
    audit_record(
        actor=actor,
        action=Action.QUESTIONNAIRE_IMPORT,
        obj=questionnaire,
        after={"questions": [q.number for q in made]},
    )
    return made


@durable
def question_link_provisions(*, question: Question, uids: list[str], actor: Any) -> Question:
    """Link a question to the provisions it concerns, by stable id."""
    _require_secretariat(actor, question.questionnaire)
    provisions = list(Provision.objects.filter(uid__in=uids))
    missing = sorted(set(uids) - {p.uid for p in provisions})
    if missing:
        raise WorkflowError(_("unknown provision(s) %(ids)s") % {"ids": ", ".join(missing)})
    before = snapshot(question, with_links=True)
    question.provisions.set(provisions)
    audit_record(
        actor=actor,
        action=Action.QUESTION_PROVISIONS,
        obj=question,
        before=before,
        after=snapshot(question, with_links=True),
    )
    return question


@durable
def question_set_audience(*, question: Question, audience: str, actor: Any) -> Question:
    """Whom a question is addressed to, while its questionnaire is being prepared."""
    _require_secretariat(actor, question.questionnaire)
    _editable(question.questionnaire)
    if audience not in Question.Audience.values:
        raise WorkflowError(_("unknown audience %(value)s") % {"value": repr(audience)})
    before = snapshot(question)
    question.audience = audience
    question.save(update_fields=["audience"])
    audit_record(
        actor=actor,
        action=Action.QUESTION_AUDIENCE,
        obj=question,
        before=before,
        after=snapshot(question),
    )
    return question


INDICATOR_TEXT_FIELDS = ("label_en", "label_fr", "description_en", "description_fr", "group")


@durable
def indicator_save(
    *,
    scheme: CodingScheme,
    code: str,
    actor: Any,
    scale: str,
    texts: dict[str, str],
    keywords_en: list[str],
    keywords_fr: list[str],
    provisions: list[str],
    questions: list[str],
) -> Indicator:
    """Create or change an indicator of a round's coding scheme. Every change raises the
    scheme's version by one and is audited with the indicator before and after (links
    included), so findings say which version they were made under."""
    scheme = (
        CodingScheme.objects.select_for_update(of=("self",))
        .select_related("round")
        .get(pk=scheme.pk)
    )
    _require_secretariat(actor, scheme.round)
    if not SLUG.match(code):
        raise WorkflowError(_("the code is lower-case letters, digits and hyphens"))
    if scale not in scheme.scales:
        raise WorkflowError(_("unknown scale %(value)s") % {"value": repr(scale)})
    if not texts.get("label_en", "").strip():
        raise WorkflowError(_("an indicator needs an English label"))
    found = list(Provision.objects.filter(uid__in=provisions, treaty=scheme.round.treaty))
    missing = sorted(set(provisions) - {p.uid for p in found})
    if missing:
        raise WorkflowError(_("unknown provision(s) %(ids)s") % {"ids": ", ".join(missing)})
    round_questions = Question.objects.filter(
        questionnaire__round=scheme.round, number__in=questions
    )
    unknown = sorted(set(questions) - {q.number for q in round_questions})
    if unknown:
        raise WorkflowError(
            _("no question %(numbers)s in this round's questionnaires")
            % {"numbers": ", ".join(unknown)}
        )
    indicator = scheme.indicators.filter(code=code).first()
    before = snapshot(indicator, with_links=True) if indicator else None
    if indicator is None:
        position = (
            scheme.indicators.order_by("-position").values_list("position", flat=True).first() or 0
        ) + 1
        indicator = Indicator(scheme=scheme, code=code, position=position)
    for name in INDICATOR_TEXT_FIELDS:
        setattr(indicator, name, texts.get(name, "").strip()[: 300 if "label" in name else 5000])
    indicator.scale = scale
    indicator.keywords_en = [k.strip() for k in keywords_en if k.strip()][:30]
    indicator.keywords_fr = [k.strip() for k in keywords_fr if k.strip()][:30]
    indicator.save()
    indicator.provisions.set(found)
    indicator.questions.set(round_questions)
    after = snapshot(indicator, with_links=True)
    if before == after:
        return indicator
    scheme.version += 1
    scheme.save(update_fields=["version"])
    audit_record(
        actor=actor,
        action=Action.INDICATOR_SAVE,
        obj=indicator,
        before=before,
        after=after,
        reason=f"scheme version {scheme.version}",
    )
    return indicator


YES_PARTLY_NO = [
    {"value": "yes", "label_en": "Yes", "label_fr": "Oui"},
    {"value": "partly", "label_en": "Partly", "label_fr": "En partie"},
    {"value": "no", "label_en": "No", "label_fr": "Non"},
    {"value": "not_reported", "label_en": "Not reported", "label_fr": "Non communiqué"},
]


@durable
def scheme_create(
    *,
    round_: Round,
    title_en: str,
    title_fr: str = "",
    actor: Any,
    scales: dict[str, list[dict]] | None = None,
) -> CodingScheme:
    """Give a round a coding scheme (version 1, no indicator yet: add them with
    indicator_save). The default scale is yes / partly / no / not reported."""
    _require_secretariat(actor, round_)
    if CodingScheme.objects.filter(round=round_).exists():
        raise WorkflowError(_("this round already has a coding scheme"))
    if not title_en.strip():
        raise WorkflowError(_("a coding scheme needs an English title"))
    scheme = CodingScheme.objects.create(
        round=round_,
        title_en=title_en.strip()[:300],
        title_fr=title_fr.strip()[:300],
        scales=scales or {"yes-partly-no": YES_PARTLY_NO},
    )
    audit_record(actor=actor, action=Action.SCHEME_CREATE, obj=scheme, after=snapshot(scheme))
    return scheme


QUESTION_TEXT_FIELDS = ("title_en", "title_fr", "text_en", "text_fr")
QUESTION_LIMITS = {"title_en": 300, "title_fr": 300, "text_en": 20_000, "text_fr": 20_000}


@durable
def question_edit(
    *,
    question: Question,
    texts: dict[str, str],
    actor: Any,
    audience: str | None = None,
    reason: str = "",
) -> Question:
    """Edit or translate a question's title and text (English and French). While the round is in
    preparation this is an edit; once it is open, a correction: the wording may still be put
    right (a typo, a late translation) but only with a reason, which is recorded and shown beside
    the question, and whom it is addressed to no longer changes."""
    questionnaire = question.questionnaire
    preparing = can_edit_questions(actor, questionnaire)
    if not preparing and not can_correct_questions(actor, questionnaire):
        if questionnaire.round is None and can_manage_rounds(actor):
            raise WorkflowError(_("this questionnaire's questions come from the reference data"))
        raise NotAllowed(_("only the Secretariat edits a round's questions"))
    texts = {k: (texts.get(k) or "").strip() for k in QUESTION_TEXT_FIELDS}
    for key, limit in QUESTION_LIMITS.items():
        if len(texts[key]) > limit:
            raise WorkflowError(
                _("%(field)s: at most %(n)s characters") % {"field": key, "n": f"{limit:,}"}
            )
    if not (texts["title_en"] or texts["text_en"]):
        raise WorkflowError(_("a question has a title or a text in English"))
    if audience is not None and audience not in Question.Audience.values:
        raise WorkflowError(_("unknown audience %(value)s") % {"value": repr(audience)})
    changed_audience = audience is not None and audience != question.audience
    if not preparing:
        if changed_audience:
            raise WorkflowError(
                _("whom a question is addressed to is fixed once the round is open")
            )
        if not reason.strip():
            raise WorkflowError(
                _(
                    "the round is open: say why the question is corrected (it is shown to those "
                    "who reply)"
                )
            )
    question = Question.objects.select_for_update().get(pk=question.pk)
    before = snapshot(question)
    for key, value in texts.items():
        setattr(question, key, value)
    if audience is not None and changed_audience:
        question.audience = audience
    after = snapshot(question)
    if after == before:
        return question
    question.save()
    audit_record(
        actor=actor,
        action=Action.QUESTION_EDIT if preparing else Action.QUESTION_CORRECT,
        obj=question,
        before=before,
        after=after,
        reason="" if preparing else reason.strip()[:500],
    )
    return question


def _blocks(questions: list[Question], parent_id: int | None) -> list[list[Question]]:
    """The questions under one parent, each with its descendants (in the current order)."""
    children: dict[int | None, list[Question]] = {}
    for q in questions:
        children.setdefault(q.parent_id, []).append(q)

    def descend(q: Question) -> list[Question]:
        return [q, *(d for child in children.get(q.pk, []) for d in descend(child))]

    return [descend(q) for q in children.get(parent_id, [])]


def _flatten(questions: list[Question], parent_id: int | None = None) -> list[Question]:
    return [q for block in _blocks(questions, parent_id) for q in block]


@durable
def questions_reorder(
    *, questionnaire: Questionnaire, numbers: list[str], actor: Any
) -> list[Question]:
    """Put a questionnaire's questions in a new order, while its round is in preparation: every
    question once, each sub-question after the question it belongs to."""
    if not can_edit_questions(actor, questionnaire):
        if can_manage_rounds(actor):
            raise WorkflowError(_("the questions are fixed once the round is open"))
        raise NotAllowed(_("only the Secretariat edits a round's questions"))
    questions = {q.number: q for q in questionnaire.questions.select_for_update(of=("self",))}
    if len(numbers) != len(set(numbers)) or set(numbers) != set(questions):
        raise WorkflowError(_("give every question of the questionnaire once"))
    place = {number: i for i, number in enumerate(numbers, start=1)}
    by_pk = {q.pk: q for q in questions.values()}
    for q in questions.values():
        if q.parent_id and place[by_pk[q.parent_id].number] > place[q.number]:
            raise WorkflowError(
                _("question %(child)s comes after question %(parent)s")
                % {"child": q.number, "parent": by_pk[q.parent_id].number}
            )
    before = [q.number for q in sorted(questions.values(), key=lambda q: q.position)]
    if before == numbers:
        return [questions[n] for n in numbers]
    moved = []
    for number, position in place.items():
        if questions[number].position != position:
            questions[number].position = position
            moved.append(questions[number])
    Question.objects.bulk_update(moved, ["position"])
    audit_record(
        actor=actor,
        action=Action.QUESTIONNAIRE_REORDER,
        obj=questionnaire,
        before={"order": before},
        after={"order": numbers},
    )
    return [questions[n] for n in numbers]


def question_move(*, question: Question, direction: str, actor: Any) -> list[Question]:
    """Move a question (with its sub-questions) one place up or down among its siblings."""
    if direction not in ("up", "down"):
        raise WorkflowError(_("move a question up or down"))
    questions = list(question.questionnaire.questions.order_by("position"))
    blocks = _blocks(questions, question.parent_id)
    index = next(i for i, block in enumerate(blocks) if block[0].pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(blocks):
        raise WorkflowError(
            _("this question is already first")
            if direction == "up"
            else _("this question is already last")
        )
    blocks[index], blocks[other] = blocks[other], blocks[index]
    moved = {q.pk for block in blocks for q in block}
    siblings = iter(q for block in blocks for q in block)
    order = [next(siblings).number if q.pk in moved else q.number for q in questions]
    return questions_reorder(questionnaire=question.questionnaire, numbers=order, actor=actor)


@durable
def round_set_parties(*, round_: Round, states: list[Any], actor: Any) -> Round:
    """Choose the Parties a round monitors, while it is in preparation. None chosen means every
    Party to the treaty (the rule applied where no list is recorded)."""
    if not can_choose_parties(actor, round_):
        if can_manage_rounds(actor):
            raise WorkflowError(
                _("the Parties monitored are chosen while the round is in preparation")
            )
        raise NotAllowed(_("only the Secretariat chooses the Parties a round monitors"))
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    before = sorted(round_.parties.values_list("iso2", flat=True))
    after = sorted({s.iso2 for s in states})
    if before == after:
        return round_
    round_.parties.set(states)
    round_.parties_count = len(after) or None
    round_.save(update_fields=["parties_count"])
    audit_record(
        actor=actor,
        action=Action.ROUND_PARTIES,
        obj=round_,
        before={"parties": before},
        after={"parties": after},
    )
    return round_


@durable
def round_meetings_set(
    *, round_: Round, launched_at: Meeting | None, report_adopted_at: Meeting | None, actor: Any
) -> Round:
    """Name the Committee's meetings that launched the round and adopted its report (or none:
    not known)."""
    _require_secretariat(actor, round_)
    for meeting in (launched_at, report_adopted_at):
        problem = adoption_problem(meeting=meeting, treaty_id=round_.treaty_id, demo=round_.is_demo)
        if problem:
            raise WorkflowError(problem)
    if launched_at and report_adopted_at and report_adopted_at.start < launched_at.start:
        raise WorkflowError(_("the report cannot be adopted before the round is launched"))
    before = snapshot(round_)
    round_.launched_at, round_.report_adopted_at = launched_at, report_adopted_at
    round_.save(update_fields=["launched_at", "report_adopted_at"])
    audit_record(
        actor=actor,
        action=Action.ADOPTION_MEETING,
        obj=round_,
        before={k: before[k] for k in ("launched_at_id", "report_adopted_at_id")},
        after={
            "launched_at_id": round_.launched_at_id,
            "report_adopted_at_id": round_.report_adopted_at_id,
        },
    )
    return round_


@durable
def questionnaire_adopted_at_set(
    *, questionnaire: Questionnaire, meeting: Meeting | None, actor: Any
) -> Questionnaire:
    """Name the Committee's meeting that adopted the questionnaire (or none: not known)."""
    _require_secretariat(actor, questionnaire)
    problem = adoption_problem(
        meeting=meeting, treaty_id=questionnaire.treaty_id, demo=questionnaire.is_demo
    )
    if problem:
        raise WorkflowError(problem)
    before = questionnaire.adopted_at_id
    questionnaire.adopted_at = meeting
    questionnaire.save(update_fields=["adopted_at"])
    audit_record(
        actor=actor,
        action=Action.ADOPTION_MEETING,
        obj=questionnaire,
        before={"adopted_at_id": before},
        after={"adopted_at_id": questionnaire.adopted_at_id},
    )
    return questionnaire
