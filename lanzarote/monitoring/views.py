"""Pages of rounds and questionnaires."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lanzarote.accounts.permissions import SECRETARIAT_ONLY, can_read_analysis
from lanzarote.committee.forms import AdoptedAtForm
from lanzarote.lib.errors import NotAllowed

from . import selectors, services
from .forms import (
    DeadlineForm,
    ImportUploadForm,
    ProvisionLinksForm,
    QuestionEditForm,
    QuestionnaireForm,
    RoundForm,
    RoundMeetingsForm,
)
from .models import CodingScheme
from .permissions import (
    can_choose_parties,
    can_correct_questions,
    can_edit_questions,
    can_manage_rounds,
)
from .questionnaire_file import (
    ParsedQuestion,
    QuestionnaireImportError,
    parse_questionnaire,
    too_large,
)


def round_list(request):
    secretariat = can_manage_rounds(request.user)
    if request.method == "POST" and not secretariat:
        raise PermissionDenied(SECRETARIAT_ONLY)
    form = RoundForm(request.POST or None) if secretariat else None
    if form is not None and form.is_valid():
        try:
            round_ = services.round_create(actor=request.user, **form.cleaned_data)
        except services.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("monitoring:round", uid=round_.uid)
    context = {"rounds": selectors.round_list(viewer=request.user), "form": form}
    return render(request, "monitoring/round_list.html", context)


def round_detail(request, uid):
    round_ = selectors.round_get(uid=uid, viewer=request.user)
    secretariat = can_manage_rounds(request.user)
    if request.method == "POST" and not secretariat:
        raise PermissionDenied(SECRETARIAT_ONLY)
    form = QuestionnaireForm(request.POST or None) if secretariat else None
    if form is not None and form.is_valid():
        try:
            questionnaire = services.questionnaire_create(
                treaty=round_.treaty,
                round_=round_,
                kind="thematic",
                actor=request.user,
                **form.cleaned_data,
            )
        except services.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("monitoring:questionnaire", uid=questionnaire.uid)
    context = {
        "form": form,
        "round": round_,
        "questionnaires": selectors.round_questionnaires(round_=round_),
        "parties": round_.parties.all(),
        "steps": services.next_steps(round_) if can_manage_rounds(request.user) else [],
        "secretariat": can_manage_rounds(request.user),
        "reads_findings": can_read_analysis(request.user),
        "meetings_form": RoundMeetingsForm(
            treaty=round_.treaty,
            initial={
                "launched_at": round_.launched_at.number if round_.launched_at else None,
                "report_adopted_at": round_.report_adopted_at.number
                if round_.report_adopted_at
                else None,
            },
        )
        if secretariat
        else None,
    }
    return render(request, "monitoring/round_detail.html", context)


@require_POST
@login_required
def round_meetings(request, uid):
    """The Secretariat names the meetings that launched the round and adopted its report."""
    round_ = selectors.round_get(uid=uid, viewer=request.user)
    if not can_manage_rounds(request.user):
        raise PermissionDenied(SECRETARIAT_ONLY)
    form = RoundMeetingsForm(request.POST, treaty=round_.treaty)
    if not form.is_valid():
        messages.error(request, _("Choose meetings from the list."))
    else:
        try:
            services.round_meetings_set(round_=round_, actor=request.user, **form.cleaned_data)
        except NotAllowed:
            raise PermissionDenied from None
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The meetings are recorded."))
    return redirect("monitoring:round", uid=round_.uid)


@require_POST
@login_required
def questionnaire_meeting(request, uid):
    """The Secretariat names the meeting that adopted the questionnaire."""
    questionnaire = selectors.questionnaire_get(uid=uid, viewer=request.user)
    if not can_manage_rounds(request.user):
        raise PermissionDenied(SECRETARIAT_ONLY)
    form = AdoptedAtForm(request.POST, treaty=questionnaire.treaty)
    if not form.is_valid():
        messages.error(request, _("Choose meetings from the list."))
    else:
        try:
            services.questionnaire_adopted_at_set(
                questionnaire=questionnaire,
                meeting=form.cleaned_data["adopted_at"],
                actor=request.user,
            )
        except NotAllowed:
            raise PermissionDenied from None
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The meetings are recorded."))
    return redirect("monitoring:questionnaire", uid=questionnaire.uid)


@require_POST
@login_required
def round_step(request, uid):
    round_ = selectors.round_get(uid=uid, viewer=request.user)
    step = request.POST.get("step", "")
    try:
        if step == "publish_replies":
            services.round_publish_replies(round_=round_, actor=request.user)
        else:
            services.round_step(round_=round_, step=step, actor=request.user)
    except NotAllowed:
        raise PermissionDenied from None
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("monitoring:round", uid=round_.uid)


@require_safe
def questionnaire_detail(request, uid):
    questionnaire = selectors.questionnaire_get(uid=uid, viewer=request.user)
    context = {
        "questionnaire": questionnaire,
        "questions": selectors.question_list(questionnaire=questionnaire),
        "secretariat": can_manage_rounds(request.user),
        "organisations": selectors.organisation_choices(questionnaire=questionnaire)
        if can_manage_rounds(request.user)
        else [],
        "deadline_form": DeadlineForm(initial={"deadline": questionnaire.deadline}),
        "meeting_form": AdoptedAtForm(
            treaty=questionnaire.treaty,
            initial={
                "adopted_at": questionnaire.adopted_at.number if questionnaire.adopted_at else None
            },
        )
        if can_manage_rounds(request.user)
        else None,
        **_question_editing(request.user, questionnaire),
    }
    return render(request, "monitoring/questionnaire_detail.html", context)


def _question_editing(user, questionnaire) -> dict:
    """What the questionnaire page offers for editing its questions, and the corrections made."""
    return {
        "can_edit_questions": can_edit_questions(user, questionnaire),
        "can_correct_questions": can_correct_questions(user, questionnaire),
        "corrections": selectors.question_corrections(questionnaire=questionnaire),
    }


@require_POST
@login_required
def questionnaire_deadline(request, uid):
    questionnaire = selectors.questionnaire_get(uid=uid, viewer=request.user)
    if not can_manage_rounds(request.user):
        raise PermissionDenied(SECRETARIAT_ONLY)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        try:
            services.questionnaire_set_deadline(
                questionnaire=questionnaire,
                deadline=form.cleaned_data["deadline"],
                actor=request.user,
            )
        except NotAllowed:
            raise PermissionDenied from None
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Give the deadline as a date."))
    return redirect("monitoring:questionnaire", uid=questionnaire.uid)


@require_POST
@login_required
def question_provisions(request, uid, number):
    questionnaire = selectors.questionnaire_get(uid=uid, viewer=request.user)
    question = selectors.question_get(questionnaire=questionnaire, number=number)
    form = ProvisionLinksForm(request.POST)
    if form.is_valid():
        try:
            services.question_link_provisions(
                question=question, actor=request.user, uids=form.cleaned_data["provisions"]
            )
        except NotAllowed:
            raise PermissionDenied from None
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
    return redirect(f"{reverse('monitoring:questionnaire', args=[uid])}#q-{question.number}")


@require_POST
@login_required
def questionnaire_publish(request, uid):
    """Publish the replies to a questionnaire outside any round (the General Overview one)."""
    questionnaire = selectors.questionnaire_get(uid=uid, viewer=request.user)
    if questionnaire.round is not None:
        raise PermissionDenied  # a round's replies are published from the round's page
    try:
        services.questionnaire_publish_replies(questionnaire=questionnaire, actor=request.user)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("monitoring:questionnaire", uid=questionnaire.uid)


SESSION_KEY = "questionnaire_import"


@login_required
def questionnaire_import(request, uid):
    """Upload → preview (nothing changes) → confirm (all questions added in one transaction)."""
    questionnaire = selectors.questionnaire_get(uid=uid, viewer=request.user)
    if not can_manage_rounds(request.user):
        raise PermissionDenied(SECRETARIAT_ONLY)
    form = ImportUploadForm()
    preview, error = None, ""
    if request.method == "POST" and request.POST.get("action") == "confirm":
        pending = request.session.get(SESSION_KEY) or {}
        if pending.get("questionnaire") != questionnaire.uid:
            messages.error(request, _("Nothing to confirm: upload the file again."))
            return redirect("monitoring:questionnaire_import", uid=questionnaire.uid)
        questions = [ParsedQuestion(**q) for q in pending["questions"]]
        try:
            services.questionnaire_import(
                questionnaire=questionnaire,
                questions=questions,
                actor=request.user,
                audience=pending["audience"],
            )
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("monitoring:questionnaire_import", uid=questionnaire.uid)
        del request.session[SESSION_KEY]
        messages.success(request, _("%(n)d questions added.") % {"n": len(questions)})
        return redirect("monitoring:questionnaire", uid=questionnaire.uid)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if refusal := too_large(upload.size):  # refused before it is read
                    raise QuestionnaireImportError(refusal)
                preview = parse_questionnaire(content=upload.read(), filename=upload.name)
            except QuestionnaireImportError as exc:
                error = str(exc)
            else:
                request.session[SESSION_KEY] = {
                    "questionnaire": questionnaire.uid,
                    "audience": form.cleaned_data["audience"],
                    "questions": [q.__dict__ for q in preview.questions],
                }
    return render(
        request,
        "monitoring/questionnaire_import.html",
        {
            "questionnaire": questionnaire,
            "form": form,
            "preview": preview,
            "error": error,
        },
    )


def _lines(value: str) -> list[str]:
    return [v.strip() for v in value.replace("\r", "").split("\n") if v.strip()]


def _items(value: str) -> list[str]:
    return [v.strip() for v in value.replace(",", " ").split() if v.strip()]


def scheme_detail(request, uid):
    """A round's coding scheme: public (it is method, not data); the Secretariat edits it."""
    round_ = selectors.round_get(uid=uid, viewer=request.user)
    scheme = get_object_or_404(CodingScheme, round=round_)
    indicators = list(scheme.indicators.prefetch_related("provisions", "questions"))
    editor = can_manage_rounds(request.user)
    if request.method == "POST":
        if not editor:
            raise PermissionDenied(SECRETARIAT_ONLY)
        post = request.POST
        try:
            services.indicator_save(
                scheme=scheme,
                code=post.get("code", "").strip(),
                actor=request.user,
                scale=post.get("scale", ""),
                texts={name: post.get(name, "") for name in services.INDICATOR_TEXT_FIELDS},
                keywords_en=_lines(post.get("keywords_en", "")),
                keywords_fr=_lines(post.get("keywords_fr", "")),
                provisions=_items(post.get("provisions", "")),
                questions=_items(post.get("questions", "")),
            )
        except NotAllowed:
            raise PermissionDenied from None
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The indicator is saved."))
        return redirect("monitoring:scheme", uid=round_.uid)
    history = selectors.indicator_history(indicators=indicators) if editor else []
    return render(
        request,
        "monitoring/scheme.html",
        {
            "round": round_,
            "scheme": scheme,
            "indicators": indicators,
            "editor": editor,
            "scales": list(scheme.scales),
            "history": history,
        },
    )


@login_required
def question_edit(request, uid, number):
    """Edit or translate one question (a correction with a reason once the round is open)."""
    questionnaire = selectors.questionnaire_get(uid=uid, viewer=request.user)
    question = selectors.question_get(questionnaire=questionnaire, number=number)
    preparing = can_edit_questions(request.user, questionnaire)
    if not (preparing or can_correct_questions(request.user, questionnaire)):
        raise PermissionDenied(_("Only the Secretariat edits a round's questions."))
    initial = {k: getattr(question, k) for k in services.QUESTION_TEXT_FIELDS}
    form = QuestionEditForm(
        request.POST or None, initial={**initial, "audience": question.audience}
    )
    if not preparing:
        form.fields["audience"].disabled = True
    else:
        del form.fields["reason"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.question_edit(
                question=question,
                actor=request.user,
                texts={k: data[k] for k in services.QUESTION_TEXT_FIELDS},
                audience=data["audience"] if preparing else None,
                reason=data.get("reason", ""),
            )
        except services.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Question %(n)s is saved.") % {"n": question.number})
            return redirect(f"{reverse('monitoring:questionnaire', args=[uid])}#q-{number}")
    return render(
        request,
        "monitoring/question_edit.html",
        {
            "questionnaire": questionnaire,
            "question": question,
            "form": form,
            "preparing": preparing,
        },
    )


@require_POST
@login_required
def question_move(request, uid, number):
    questionnaire = selectors.questionnaire_get(uid=uid, viewer=request.user)
    question = selectors.question_get(questionnaire=questionnaire, number=number)
    if not can_edit_questions(request.user, questionnaire):
        raise PermissionDenied(_("The questions are reordered while the round is in preparation."))
    try:
        services.question_move(
            question=question, direction=request.POST.get("direction", ""), actor=request.user
        )
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect(f"{reverse('monitoring:questionnaire', args=[uid])}#q-{number}")


@login_required
def round_parties(request, uid):
    """The Secretariat chooses the Parties a round monitors, while it is in preparation."""
    round_ = selectors.round_get(uid=uid, viewer=request.user)
    if not can_choose_parties(request.user, round_):
        raise PermissionDenied(
            _(
                "The Parties monitored are chosen by the Secretariat while the "
                "round is in preparation."
            )
        )
    choices = sorted(selectors.parties_to_choose(round_=round_), key=lambda s: str(s.name))
    if request.method == "POST":
        wanted = set(request.POST.getlist("party"))
        states = [s for s in choices if s.iso2 in wanted]
        unknown = wanted - {s.iso2 for s in states}
        if unknown:
            messages.error(
                request,
                _("Not a Party to this treaty: %(codes)s")
                % {"codes": ", ".join(sorted(unknown))[:200]},
            )
        else:
            services.round_set_parties(round_=round_, states=states, actor=request.user)
            messages.success(request, _("The Parties monitored are saved."))
            return redirect("monitoring:round", uid=round_.uid)
    chosen = set(round_.parties.values_list("pk", flat=True))
    return render(
        request,
        "monitoring/round_parties.html",
        {
            "round": round_,
            "choices": choices,
            "chosen": chosen,
        },
    )
