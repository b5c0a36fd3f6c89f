"""Pages of replies: reading by State, by stakeholder and by question; writing a reply."""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lanzarote.accounts.models import Organisation
from lanzarote.accounts.permissions import is_secretariat
from lanzarote.monitoring.selectors import question_get, questionnaire_get
from lanzarote.parties.models import State

from . import selectors, services
from .forms import AttachmentForm, ByQuestionFilter, ReopenForm, SettingsForm
from .models import Reply
from .permissions import can_edit_reply, can_reopen_reply, can_view_reply, is_public


def _reading(request, questionnaire, reply, respondent):
    if reply is None:
        raise Http404("no visible reply")
    return render(request, "replies/reply_read.html", {
        "questionnaire": questionnaire,
        "reply": reply,
        "respondent": respondent,
        "rows": selectors.reply_answers(reply=reply),
        "attachments": selectors.reply_attachments(reply=reply),
        "public": is_public(reply),
        "can_edit": can_edit_reply(request.user, reply),
        "can_reopen": can_reopen_reply(request.user, reply),
        "secretariat": is_secretariat(request.user),
        "embeddings": settings.LANZAROTE_EMBEDDINGS,
    })  # fmt: skip


def by_state(request, uid, iso2):
    questionnaire = questionnaire_get(uid=uid, viewer=request.user)
    state = get_object_or_404(State, iso2=iso2.upper())
    reply = selectors.reply_of_respondent(questionnaire=questionnaire, viewer=request.user,
                                          party=state)  # fmt: skip
    return _reading(request, questionnaire, reply, state.name)


def by_organisation(request, uid, pk):
    questionnaire = questionnaire_get(uid=uid, viewer=request.user)
    organisation = get_object_or_404(Organisation, pk=pk)
    reply = selectors.reply_of_respondent(questionnaire=questionnaire, viewer=request.user,
                                          organisation=organisation)  # fmt: skip
    return _reading(request, questionnaire, reply, organisation.name)


def by_question(request, uid, number):
    questionnaire = questionnaire_get(uid=uid, viewer=request.user)
    question = question_get(questionnaire=questionnaire, number=number)
    form = ByQuestionFilter(request.GET or None)
    kind, party = "", None
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        if code := form.cleaned_data["party"]:
            party = State.objects.filter(iso2=code.upper()).first()
    answers = selectors.answers_to_question(question=question, viewer=request.user,
                                            respondent_kind=kind, party=party)  # fmt: skip
    passages = selectors.passages_for_question(question=question, viewer=request.user,
                                               respondent_kind=kind, party=party)  # fmt: skip
    questions = list(questionnaire.questions.only("number", "position"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    return render(request, "replies/by_question.html", {
        "questionnaire": questionnaire, "question": question, "answers": answers, "form": form,
        "passages": passages, "secretariat": is_secretariat(request.user),
        "all_questions": questions,
        "previous": questions[index - 1] if index > 0 else None,
        "next": questions[index + 1] if index + 1 < len(questions) else None,
    })  # fmt: skip


@require_POST
@login_required
def reply_start(request, uid):
    questionnaire = questionnaire_get(uid=uid, viewer=request.user)
    party = organisation = None
    if is_secretariat(request.user):  # entering a reply on a respondent's behalf
        party = State.objects.filter(iso2=request.POST.get("party", "").upper()[:2]).first()
        organisation_id = request.POST.get("organisation", "")
        organisation = (
            Organisation.objects.filter(pk=int(organisation_id)).first()
            if organisation_id.isdigit()
            else None
        )
    try:
        reply = services.reply_start(questionnaire=questionnaire, actor=request.user, party=party,
                                     organisation=organisation)  # fmt: skip
    except services.PermissionDenied:
        raise PermissionDenied from None
    except services.ReplyError as exc:
        messages.error(request, str(exc))
        return redirect("monitoring:questionnaire", uid=questionnaire.uid)
    return redirect("replies:edit", pk=reply.pk)


class Locked(Exception):
    """The reply was submitted meanwhile (a second click, another tab)."""


def _editable_reply(request, pk) -> Reply:
    reply = selectors.reply_get(pk=pk, viewer=request.user)
    if not can_edit_reply(request.user, reply):
        if reply.status == Reply.Status.SUBMITTED:
            raise Locked
        raise PermissionDenied
    return reply


def _locked(request, pk):
    messages.info(request, _("This reply is already submitted; it is locked."))
    return redirect("replies:edit", pk=pk)


def editable_reply(view):
    """POST views that change a draft: the view gets the reply; a reply submitted meanwhile
    sends the person back to it with a message (htmx gets a 409 it shows in place)."""

    @functools.wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        try:
            reply = _editable_reply(request, pk)
        except Locked:
            if request.htmx:
                return HttpResponse(_("This reply is already submitted; it is locked."), status=409)
            return _locked(request, pk)
        return view(request, reply, *args, **kwargs)

    return wrapper


@login_required
def reply_edit(request, pk):
    reply = selectors.reply_get(pk=pk, viewer=request.user)
    editable = can_edit_reply(request.user, reply)
    rows = selectors.reply_answers(reply=reply)
    if request.method == "POST":  # the whole form, for browsers without JavaScript
        if not editable:
            if reply.status == Reply.Status.SUBMITTED and can_view_reply(request.user, reply):
                return _locked(request, pk)
            raise PermissionDenied
        for row in rows:
            field = f"answer-{row.question.pk}"
            if field in request.POST:
                services.answer_save(reply=reply, question=row.question,
                                     text=request.POST[field], actor=request.user)  # fmt: skip
        messages.success(request, _("Saved."))
        return redirect("replies:edit", pk=reply.pk)
    answered = sum(1 for row in rows if row.answer and row.answer.text)
    return render(request, "replies/reply_edit.html", {
        "reply": reply, "questionnaire": reply.questionnaire, "rows": rows, "editable": editable,
        "answered": answered, "total": len(rows),
        "attachments": selectors.reply_attachments(reply=reply),
        "attachment_form": AttachmentForm(),
        "settings_form": SettingsForm(initial={"language": reply.language,
                                               "publication_agreed": reply.publication_agreed}),
        "reopen_form": ReopenForm(), "can_reopen": can_reopen_reply(request.user, reply),
        "on_behalf": is_secretariat(request.user),
        "embeddings": settings.LANZAROTE_EMBEDDINGS,
    })  # fmt: skip


@require_POST
@login_required
@editable_reply
def answer_autosave(request, reply, question_pk):
    """htmx: save one answer as it is typed; answers with the saved state and the progress."""
    question = get_object_or_404(reply.questionnaire.questions, pk=question_pk)
    field = f"answer-{question.pk}"
    if field not in request.POST:
        return HttpResponse(_("No answer was sent."), status=400)  # never erase by omission
    try:
        answer = services.answer_save(reply=reply, question=question, text=request.POST[field],
                                      actor=request.user)  # fmt: skip
    except services.ReplyError as exc:
        return HttpResponse(str(exc), status=422)
    rows = selectors.reply_answers(reply=reply)
    answered = sum(1 for row in rows if row.answer and row.answer.text)
    return render(request, "replies/_saved.html", {
        "answer": answer, "answered": answered, "total": len(rows),
    })  # fmt: skip


@require_POST
@login_required
@editable_reply
def reply_settings(request, reply):
    form = SettingsForm(request.POST)
    if form.is_valid():
        # only the stakeholder itself decides on publication
        own = not reply.party_id and not is_secretariat(request.user)
        agreed = form.cleaned_data["publication_agreed"] if own else None
        services.reply_update_settings(reply=reply, actor=request.user,
                                       language=form.cleaned_data["language"],
                                       publication_agreed=agreed)  # fmt: skip
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
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the reply is reopened."))
    else:
        services.reply_reopen(reply=reply, actor=request.user, reason=form.cleaned_data["reason"])
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
        messages.error(request, _("The document is larger than %(mb)s MB.")
                       % {"mb": services.max_upload_bytes() // (1024 * 1024)})  # fmt: skip
        return redirect("replies:edit", pk=reply.pk)
    try:
        services.attachment_add(reply=reply, name=upload.name, data=upload.read(),
                                actor=request.user)  # fmt: skip
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
    except services.PermissionDenied:
        raise PermissionDenied from None
    return redirect("replies:edit", pk=attachment.reply_id)


@require_POST
@login_required
def link_correct(request, pk):
    """The Secretariat sets the question a passage answers (or none); kept by later runs."""
    from .ingestion import link_correct as correct
    from .models import PassageLink

    link = get_object_or_404(PassageLink.objects.select_related("attachment__reply__questionnaire"),
                             pk=pk)  # fmt: skip
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


def attachment_status(request, pk):
    """htmx: the document's reading status, polled while it is being read."""
    attachment = selectors.attachment_get(pk=pk, viewer=request.user)
    return render(request, "replies/_document_status.html",
                  {"attachment": attachment, "document": attachment.document,
                   "embeddings": settings.LANZAROTE_EMBEDDINGS})  # fmt: skip


def attachment_download(request, pk):
    attachment = selectors.attachment_get(pk=pk, viewer=request.user)
    document = attachment.document
    # Only a PDF opens in the browser (at the cited page); HTML and the rest are always saved,
    # so an uploaded page can never run in the site's origin.
    inline = request.GET.get("inline") == "1" and document.kind == "pdf"
    response = FileResponse(default_storage.open(document.file.name, "rb"),
                            as_attachment=not inline, filename=attachment.original_name,
                            content_type=document.content_type)  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def reply_history(request, pk):
    reply = selectors.reply_get(pk=pk, viewer=request.user)
    if not is_secretariat(request.user):
        raise PermissionDenied
    rows = selectors.reply_history(reply=reply)
    return render(request, "replies/reply_history.html", {"reply": reply, "rows": rows})
