"""Pages of replies: reading by State, by stakeholder and by question; writing a reply."""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from lanzarote.accounts.models import Organisation
from lanzarote.accounts.permissions import RESPONDENT_ONLY, SECRETARIAT_ONLY
from lanzarote.lib.downloads import csv_download, xlsx_download
from lanzarote.lib.errors import NotAllowed
from lanzarote.monitoring.selectors import (
    focal_points_by_party,
    question_get,
    questionnaire_get,
    round_get,
)
from lanzarote.parties.models import State

from . import selectors, services
from .exports import FORMATS, reply_file
from .forms import AttachmentForm, ByQuestionFilter, ReopenForm, SettingsForm
from .models import PassageLink, Reply
from .notifications import ReminderError, reminder_send
from .permissions import (
    can_correct_links,
    can_download_reply,
    can_edit_reply,
    can_enter_on_behalf,
    can_follow_replies,
    can_reopen_reply,
    can_retry_reading,
    can_see_history,
    can_view_reply,
    can_write_for,
    is_public,
)


def _reading(request, questionnaire, reply, respondent):
    if reply is None:
        raise Http404("no visible reply")
    return render(
        request,
        "replies/reply_read.html",
        {
            "questionnaire": questionnaire,
            "reply": reply,
            "respondent": respondent,
            "rows": selectors.reply_answers(reply=reply),
            "attachments": selectors.reply_attachments(reply=reply),
            "public": is_public(reply),
            "can_edit": can_edit_reply(request.user, reply),
            "can_reopen": can_reopen_reply(request.user, reply),
            "can_download": can_download_reply(request.user, reply),
            "secretariat": can_enter_on_behalf(request.user),
            "reopened": selectors.reply_reopened(reply=reply)
            if can_write_for(request.user, reply)
            else None,
            "embeddings": settings.LANZAROTE_EMBEDDINGS,
            "worker_silence": selectors.worker_silence(),
        },
    )


@require_safe
def by_state(request, uid, iso2):
    questionnaire = questionnaire_get(uid=uid, viewer=request.user)
    state = get_object_or_404(State, iso2=iso2.upper())
    reply = selectors.reply_of_respondent(
        questionnaire=questionnaire, viewer=request.user, party=state
    )
    return _reading(request, questionnaire, reply, state.name)


@require_safe
def by_organisation(request, uid, pk):
    questionnaire = questionnaire_get(uid=uid, viewer=request.user)
    organisation = get_object_or_404(Organisation, pk=pk)
    reply = selectors.reply_of_respondent(
        questionnaire=questionnaire, viewer=request.user, organisation=organisation
    )
    return _reading(request, questionnaire, reply, organisation.name)


ANSWERS_PER_PAGE = 20  # an answer may be 100,000 characters long
PASSAGES_PER_PAGE = 50


@require_safe
def by_question(request, uid, number):
    questionnaire = questionnaire_get(uid=uid, viewer=request.user)
    question = question_get(questionnaire=questionnaire, number=number)
    form = ByQuestionFilter(request.GET or None)
    kind, party = "", None
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        if code := form.cleaned_data["party"]:
            party = State.objects.filter(iso2=code.upper()).first()
    answers = selectors.answers_to_question(
        question=question, viewer=request.user, respondent_kind=kind, party=party
    )
    passages = selectors.passages_for_question(
        question=question, viewer=request.user, respondent_kind=kind, party=party
    )
    # Bounded pages: a question can gather thousands of passages (13,196 made a 14 MB page).
    answers = Paginator(answers, ANSWERS_PER_PAGE).get_page(request.GET.get("page"))
    passages = Paginator(passages, PASSAGES_PER_PAGE).get_page(request.GET.get("passages"))
    questions = list(questionnaire.questions.only("number", "position"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    return render(
        request,
        "replies/by_question.html",
        {
            "questionnaire": questionnaire,
            "question": question,
            "answers": answers,
            "form": form,
            "passages": passages,
            "secretariat": can_correct_links(request.user),
            "all_questions": questions,
            "previous": questions[index - 1] if index > 0 else None,
            "next": questions[index + 1] if index + 1 < len(questions) else None,
        },
    )


@require_POST
@login_required
def reply_start(request, uid):
    questionnaire = questionnaire_get(uid=uid, viewer=request.user)
    party = organisation = None
    if can_enter_on_behalf(request.user):
        party = State.objects.filter(iso2=request.POST.get("party", "").upper()[:2]).first()
        organisation_id = request.POST.get("organisation", "")
        organisation = (
            Organisation.objects.filter(pk=int(organisation_id)).first()
            if organisation_id.isdigit()
            else None
        )
    try:
        reply = services.reply_start(
            questionnaire=questionnaire, actor=request.user, party=party, organisation=organisation
        )
    except NotAllowed:
        raise PermissionDenied from None
    except services.ReplyError as exc:
        messages.error(request, str(exc))
        return redirect("monitoring:questionnaire", uid=questionnaire.uid)
    return redirect("replies:edit", pk=reply.pk)


class Locked(Exception):
    """The reply was submitted meanwhile (a second click, another tab)."""

    def __init__(self, reply: Reply) -> None:
        super().__init__()
        self.reply = reply


def _editable_reply(request, pk) -> Reply:
    reply = selectors.reply_get(pk=pk, viewer=request.user)
    if not can_edit_reply(request.user, reply):
        if reply.status == Reply.Status.SUBMITTED:
            raise Locked(reply)
        raise PermissionDenied(RESPONDENT_ONLY)
    return reply


def _locked(request, reply, message: str = ""):
    messages.info(request, message or services.locked_message(reply))
    return redirect("replies:edit", pk=reply.pk)


def login_required_htmx(view):
    """login_required; but the page's own requests (htmx, autosave) of a person whose session
    has ended get a short 401 to show beside the field, never the login page swapped in."""
    protected = login_required(view)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.htmx and not request.user.is_authenticated:
            response = HttpResponse(
                _("Your session has ended; sign in in another tab, your text is kept here."),
                status=401,
                content_type="text/plain; charset=utf-8",
            )
            response["HX-Reswap"] = "none"
            return response
        return protected(request, *args, **kwargs)

    return wrapper


def editable_reply(view):
    """POST views that change a draft: the view gets the reply; a reply submitted meanwhile
    sends the person back to it with a message (htmx gets a 409 it shows in place)."""

    @functools.wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        try:
            reply = _editable_reply(request, pk)
        except Locked as locked:
            if request.htmx:
                return HttpResponse(
                    services.locked_message(locked.reply),
                    status=409,
                    content_type="text/plain; charset=utf-8",
                )
            return _locked(request, locked.reply)
        return view(request, reply, *args, **kwargs)

    return wrapper


def _version(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _save_all(request, reply, rows):
    """The whole form (browsers without JavaScript, or "Save all"): checked as a whole, saved
    all or nothing; refused, the form comes back with every typed text and the reasons."""
    posted = []
    for row in rows:
        pk = row.question.pk
        if f"answer-{pk}" not in request.POST:
            continue  # never erase by omission
        text = request.POST[f"answer-{pk}"]
        row.seen_version = _version(request.POST.get(f"version-{pk}"))
        if selectors.text_digest(text) == request.POST.get(f"shown-{pk}"):
            continue  # left as it was shown: nothing to save, nothing to record
        row.typed = text
        posted.append((row.question, text, row.seen_version))
    try:
        saved = services.answers_save(reply=reply, answers=posted, actor=request.user)
    except services.ReplyLocked as exc:
        return _locked(request, reply, str(exc))
    except services.AnswersRefused as refused:
        for row in rows:
            row.error = refused.errors.get(row.question.pk, "")
            row.conflict = refused.conflicts.get(row.question.pk)
        messages.error(request, str(refused))
        return _edit_page(request, reply, rows, status=422)
    changed = sum(1 for answer in saved if answer.pk)
    if changed:
        message = ngettext(
            "Saved: %(n)s answer changed.", "Saved: %(n)s answers changed.", changed
        ) % {"n": changed}
    else:
        message = _("Saved: nothing had changed.")
    messages.success(request, message)
    return redirect("replies:edit", pk=reply.pk)


def _edit_page(request, reply, rows, status=200):
    editable = can_edit_reply(request.user, reply)
    answered = sum(1 for row in rows if row.answer and row.answer.text)
    return render(
        request,
        "replies/reply_edit.html",
        {
            "reply": reply,
            "questionnaire": reply.questionnaire,
            "rows": rows,
            "editable": editable,
            "answered": answered,
            "total": len(rows),
            "attachments": selectors.reply_attachments(reply=reply),
            "attachment_form": AttachmentForm(),
            "settings_form": SettingsForm(
                initial={"language": reply.language, "publication_agreed": reply.publication_agreed}
            ),
            "reopen_form": ReopenForm(),
            "can_reopen": can_reopen_reply(request.user, reply),
            "reopened": selectors.reply_reopened(reply=reply),
            "on_behalf": can_enter_on_behalf(request.user),
            # who may have typed answers here: shown what this browser kept of them once locked
            "writer": can_write_for(request.user, reply),
            "embeddings": settings.LANZAROTE_EMBEDDINGS,
            "worker_silence": selectors.worker_silence(),
            "limit": services.MAX_ANSWER_CHARACTERS,
        },
        status=status,
    )


@login_required
def reply_edit(request, pk):
    reply = selectors.reply_get(pk=pk, viewer=request.user)
    rows = selectors.reply_answers(reply=reply)
    if request.method == "POST":
        if not can_edit_reply(request.user, reply):
            if reply.status == Reply.Status.SUBMITTED and can_view_reply(request.user, reply):
                return _locked(request, reply)
            raise PermissionDenied(RESPONDENT_ONLY)
        return _save_all(request, reply, rows)
    return _edit_page(request, reply, rows)


@require_POST
@login_required_htmx
@editable_reply
def answer_autosave(request, reply, question_pk):
    """The page's script: save one answer as it is typed; answers with the saved state, the
    version and the progress, or in place with why it was not saved (the text stays typed)."""
    question = get_object_or_404(reply.questionnaire.questions, pk=question_pk)
    field = f"answer-{question.pk}"
    if field not in request.POST:
        return HttpResponse(
            _("No answer was sent."), status=400, content_type="text/plain; charset=utf-8"
        )  # never erase by omission
    text = request.POST[field]
    try:
        answer = services.answer_save(
            reply=reply,
            question=question,
            text=text,
            actor=request.user,
            version=_version(request.POST.get(f"version-{question.pk}")),
        )
    except services.AnswerConflict as conflict:
        return render(
            request,
            "replies/_saved.html#conflict",
            {
                "question": question,
                "theirs": conflict.answer,
                "typed": conflict.typed,
            },
            status=409,
        )
    # a reply submitted meanwhile (409) or an answer refused (422): core.middleware answers
    rows = selectors.reply_answers(reply=reply)
    answered = sum(1 for row in rows if row.answer and row.answer.text)
    return render(
        request,
        "replies/_saved.html",
        {
            "answer": answer,
            "answered": answered,
            "total": len(rows),
        },
    )


@require_POST
@login_required
@editable_reply
def reply_settings(request, reply):
    form = SettingsForm(request.POST)
    if form.is_valid():
        # only the stakeholder itself decides on publication
        own = not reply.party_id and not can_enter_on_behalf(request.user)
        agreed = form.cleaned_data["publication_agreed"] if own else None
        services.reply_update_settings(
            reply=reply,
            actor=request.user,
            language=form.cleaned_data["language"],
            publication_agreed=agreed,
        )
        messages.success(request, _("Saved."))
    return redirect("replies:edit", pk=reply.pk)


@require_POST
@login_required
@editable_reply
def reply_submit(request, reply):
    try:
        reply = services.reply_submit(reply=reply, actor=request.user)
    except services.ReplyError as exc:
        messages.error(request, str(exc))
        return redirect("replies:edit", pk=reply.pk)
    if reply.is_late:
        messages.warning(request, _("Submitted after the deadline: the reply is marked late."))
    else:
        messages.success(request, _("Submitted. The reply is now locked."))
    return redirect("replies:edit", pk=reply.pk)


@require_POST
@login_required
def reply_reopen(request, pk):
    reply = selectors.reply_get(pk=pk, viewer=request.user)
    if not can_reopen_reply(request.user, reply):
        raise PermissionDenied(SECRETARIAT_ONLY)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the reply is reopened."))
    else:
        try:
            services.reply_reopen(
                reply=reply, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ReplyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Reopened: the respondent can change it again."))
    return redirect("replies:edit", pk=reply.pk)


@require_POST
@login_required
@editable_reply
def attachment_upload(request, reply):
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request, form.errors["file"][0] if request.FILES else _("Choose a document to attach.")
        )
        return redirect("replies:edit", pk=reply.pk)
    upload = form.cleaned_data["file"]
    if upload.size > services.max_upload_bytes():
        messages.error(
            request,
            _("The document is larger than %(mb)s MB.")
            % {"mb": services.max_upload_bytes() // (1024 * 1024)},
        )
        return redirect("replies:edit", pk=reply.pk)
    try:
        services.attachment_add(
            reply=reply, name=upload.name, data=upload.read(), actor=request.user
        )
    except services.ReplyError as exc:
        messages.error(request, _("Not attached: %(reason)s") % {"reason": exc})
    else:
        messages.success(request, _("Attached."))
    return redirect("replies:edit", pk=reply.pk)


@require_POST
@login_required
def attachment_remove(request, pk):
    attachment = selectors.attachment_get(pk=pk, viewer=request.user)
    try:
        services.attachment_remove(attachment=attachment, actor=request.user)
    except NotAllowed:
        raise PermissionDenied from None
    return redirect("replies:edit", pk=attachment.reply_id)


@require_POST
@login_required
def link_correct(request, pk):
    """The Secretariat sets the question a passage answers (or none); kept by later runs."""
    # ingestion loads the PDF reader and numpy: only the views that run it import it.
    from .ingestion import link_correct as correct

    link = get_object_or_404(
        PassageLink.objects.select_related("attachment__reply__questionnaire"), pk=pk
    )
    selectors.reply_get(pk=link.attachment.reply_id, viewer=request.user)  # 404 if hidden
    number = request.POST.get("question", "")
    questions = link.attachment.reply.questionnaire.questions
    question = questions.filter(number=number).first() if number else None
    if number and question is None:
        return HttpResponse(_("No such question."), status=400)
    correct(link=link, question=question, actor=request.user)
    messages.success(request, _("The passage's question is set."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@require_safe
def attachment_status(request, pk):
    """htmx: the document's reading status, polled while it is being read."""
    attachment = selectors.attachment_get(pk=pk, viewer=request.user)
    return render(
        request,
        "replies/_document_status.html",
        {
            "attachment": attachment,
            "document": attachment.document,
            "embeddings": settings.LANZAROTE_EMBEDDINGS,
            "worker_silence": selectors.worker_silence(),
            "secretariat": can_retry_reading(request.user),
        },
    )


@require_POST
@login_required
def attachment_retry(request, pk):
    """The Secretariat reads again a document that failed for a passing cause (a full disk)."""
    from .ingestion import document_retry

    attachment = selectors.attachment_get(pk=pk, viewer=request.user)
    try:
        document_retry(document=attachment.document, actor=request.user)
    except NotAllowed:
        raise PermissionDenied from None
    if request.htmx:
        return attachment_status(request, pk)
    messages.success(request, _("The document will be read again."))
    return redirect("replies:edit", pk=attachment.reply_id)


@require_safe
def attachment_download(request, pk):
    attachment = selectors.attachment_get(pk=pk, viewer=request.user)
    document = attachment.document
    # Only a PDF opens in the browser (at the cited page); HTML and the rest are always saved,
    # so an uploaded page can never run in the site's origin.
    inline = request.GET.get("inline") == "1" and document.kind == "pdf"
    try:
        stored_size = default_storage.size(document.file.name)
    except OSError:
        stored_size = -1
    if stored_size != document.size:  # never serve a cut copy as the document
        response = HttpResponse(
            _("The stored copy is damaged; upload the document again."),
            status=410,
            content_type="text/plain; charset=utf-8",
        )
        response["Cache-Control"] = "private, no-store"
        return response
    response = FileResponse(
        default_storage.open(document.file.name, "rb"),
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@login_required
def reply_history(request, pk):
    reply = selectors.reply_get(pk=pk, viewer=request.user)
    if not can_see_history(request.user, reply):
        raise PermissionDenied(SECRETARIAT_ONLY)
    rows = selectors.reply_history(reply=reply)
    return render(request, "replies/reply_history.html", {"reply": reply, "rows": rows})


@login_required
def reply_download(request, pk, fmt):
    """A submitted reply as a PDF or Word file, for its respondent and the Secretariat."""
    reply = get_object_or_404(
        Reply.objects.select_related("questionnaire__round", "party", "organisation"), pk=pk
    )
    if fmt not in FORMATS:
        raise Http404("no such format")
    if not can_view_reply(request.user, reply):
        raise Http404("no visible reply")  # its existence is not told
    if not can_download_reply(request.user, reply):
        raise PermissionDenied(
            _("A submitted reply is downloaded by its respondent and the Secretariat.")
        )
    name, content_type, content = reply_file(reply=reply, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def questionnaire_state_of_play(request, uid, fmt=""):
    """The same table for one questionnaire: the General Overview one belongs to no round."""
    questionnaire = questionnaire_get(uid=uid, viewer=request.user)
    return _state_of_play(
        request, questionnaire.round, [questionnaire], fmt, f"state-of-play-{questionnaire.uid}"
    )


@require_POST
@login_required
def questionnaire_remind(request, uid):
    """The Secretariat e-mails a reminder to every respondent that has not submitted."""
    questionnaire = questionnaire_get(uid=uid, viewer=request.user)
    if not can_follow_replies(request.user):
        raise PermissionDenied(SECRETARIAT_ONLY)
    try:
        addresses = reminder_send(questionnaire=questionnaire, actor=request.user)
    except ReminderError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext(
                "Reminder sent to %(n)d person.",
                "Reminder sent to %(n)d people.",
                len(addresses),
            )
            % {"n": len(addresses)},
        )
    if questionnaire.round is None:
        return redirect("replies:questionnaire_state_of_play", uid=questionnaire.uid)
    return redirect("replies:state_of_play", uid=questionnaire.round.uid)


@require_safe
def state_of_play(request, uid, fmt=""):
    round_ = round_get(uid=uid, viewer=request.user)
    return _state_of_play(
        request, round_, list(round_.questionnaires.all()), fmt, f"state-of-play-{round_.uid}"
    )


PLAY_FIELDS = [
    "questionnaire",
    "respondent",
    "kind",
    "focal_points",
    "status",
    "answered",
    "expected",
    "submitted_at",
    "late",
]


def _state_of_play(request, round_, questionnaires, fmt, filename):
    """Who has replied, who is late, how complete each reply is, who speaks for each Party;
    totals per questionnaire; as a page, CSV or XLSX (for the Secretariat)."""
    if not can_follow_replies(request.user):
        raise PermissionDenied(SECRETARIAT_ONLY)
    tables = [(q, selectors.state_of_play(questionnaire=q)) for q in questionnaires]
    party_ids = {row.party.pk for _q, rows in tables for row in rows if row.party is not None}
    is_demo = bool(round_.is_demo) if round_ is not None else False
    focal_points = focal_points_by_party(party_ids, is_demo=is_demo)
    if fmt in ("csv", "xlsx"):
        out = [
            {
                "questionnaire": q.uid,
                "respondent": row.respondent,
                "kind": "party" if row.party else row.organisation.kind,
                "focal_points": "; ".join(p.email for p in focal_points.get(row.party.pk, []))
                if row.party
                else "",
                "status": row.reply.status if row.reply else "not_started",
                "answered": row.answered,
                "expected": row.expected,
                "submitted_at": row.reply.submitted_at.isoformat()
                if row.reply and row.reply.submitted_at
                else "",
                "late": row.late,
            }
            for q, rows in tables
            for row in rows
        ]
        if fmt == "csv":
            return csv_download(filename=f"{filename}.csv", fields=PLAY_FIELDS, rows=out)
        return xlsx_download(
            filename=f"{filename}.xlsx", fields=PLAY_FIELDS, rows=out, title="State of play"
        )
    if fmt:
        raise Http404("no such format")
    summaries = []
    for questionnaire, rows in tables:
        submitted = sum(1 for row in rows if row.reply and row.reply.submitted_at)
        people = [(row, focal_points.get(row.party.pk, []) if row.party else None) for row in rows]
        summaries.append(
            (
                questionnaire,
                people,
                {
                    "respondents": len(rows),
                    "submitted": submitted,
                    "started": sum(1 for row in rows if row.reply and not row.reply.submitted_at),
                    "not_started": sum(1 for row in rows if not row.reply),
                    "late": sum(1 for row in rows if row.late),
                    "to_remind": sum(
                        1
                        for row in rows
                        if not (row.reply and row.reply.submitted_at)
                        and (row.party is not None or row.reply)
                    ),
                },
            )
        )
    can_remind = round_ is not None and round_.status == round_.Status.OPEN
    return render(
        request,
        "replies/state_of_play.html",
        {
            "round": round_,
            "tables": summaries,
            "can_remind": can_remind,
        },
    )
