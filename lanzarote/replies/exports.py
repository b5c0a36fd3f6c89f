"""A respondent's submitted reply as a file (PDF, DOCX): built once as a frozen dataclass, then
rendered as the publications are (lib/pdf.py: WeasyPrint from HTML with no fetching; lib/word.py:
python-docx from the shared base document), in the reply's language."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lanzarote.lib.dates import date_text
from lanzarote.lib.pdf import html_to_pdf
from lanzarote.lib.sanitise import html_to_text
from lanzarote.lib.word import docx_base, paragraph

from .models import Reply
from .selectors import reply_answers, reply_attachments

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|div|tr)>|<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class ExportedAnswer:
    number: str
    title: str
    html: str  # the answer as saved (sanitised on save), for the PDF
    paragraphs: tuple[str, ...]  # the same as plain paragraphs, for the DOCX


@dataclass(frozen=True)
class ReplyExport:
    lang: str
    title: str
    respondent: str
    questionnaire: str
    status: str
    submitted: str
    entered_by_secretariat: bool
    answers: tuple[ExportedAnswer, ...]
    attachments: tuple[str, ...]
    is_demo: bool


def _paragraphs(html: str) -> tuple[str, ...]:
    return tuple(p for p in (html_to_text(part) for part in _BLOCK_END.split(html)) if p)


def reply_export_build(*, reply: Reply) -> ReplyExport:
    """What the file shows: every question addressed to the respondent with its answer (or
    "No answer."), the documents attached, and when it was submitted."""
    lang = reply.language if reply.language in ("en", "fr") else "en"
    with translation.override(lang):
        answers = tuple(
            ExportedAnswer(
                number=row.question.number,
                title=str(row.question.title),
                html=row.answer.text if row.answer and row.answer.text else "",
                paragraphs=_paragraphs(row.answer.text) if row.answer and row.answer.text else (),
            )
            for row in reply_answers(reply=reply)
        )
        submitted = date_text(reply.submitted_at) if reply.submitted_at else ""
        return ReplyExport(
            lang=lang,
            title=_("Reply of %(respondent)s") % {"respondent": reply.respondent_name},
            respondent=reply.respondent_name,
            questionnaire=str(reply.questionnaire.title),
            status=str(reply.get_status_display()),
            submitted=submitted,
            entered_by_secretariat=reply.entered_by_secretariat,
            answers=answers,
            attachments=tuple(a.original_name for a in reply_attachments(reply=reply)),
            is_demo=reply.questionnaire.is_demo,
        )


def reply_html(data: ReplyExport) -> str:
    with translation.override(data.lang):
        return render_to_string("replies/export.html", {"data": data, "lang": data.lang})


def reply_pdf(data: ReplyExport) -> bytes:
    return html_to_pdf(reply_html(data))


def reply_docx(data: ReplyExport) -> bytes:
    from docx.enum.style import WD_STYLE_TYPE

    with translation.override(data.lang):
        base = docx_base(10)
        document = base.new()
        title, h2 = (
            base.get_style_id(n, WD_STYLE_TYPE.PARAGRAPH) for n in ("Heading 1", "Heading 2")
        )
        if data.is_demo:
            paragraph(document, _("Demonstration data: fictional, not a real reply."))
        paragraph(document, data.title, title)
        paragraph(document, _meta(data))
        for answer in data.answers:
            heading = _("Question %(n)s") % {"n": answer.number}
            paragraph(document, f"{heading} – {answer.title}" if answer.title else heading, h2)
            for text in answer.paragraphs or (_("No answer."),):
                paragraph(document, text)
        paragraph(document, _("Attached documents"), h2)
        for name in data.attachments or (_("None."),):
            paragraph(document, name)
        return base.bytes(document)


def _meta(data: ReplyExport) -> str:
    parts = [data.questionnaire, data.status]
    if data.submitted:
        parts.append(_("submitted on %(date)s") % {"date": data.submitted})
    if data.entered_by_secretariat:
        parts.append(_("entered by the Secretariat on the respondent's behalf"))
    return " · ".join(parts)


def reply_file(*, reply: Reply, fmt: str) -> tuple[str, str, bytes]:
    """(file name, content type, bytes) of the reply in one format."""
    data = reply_export_build(reply=reply)
    content = reply_pdf(data) if fmt == "pdf" else reply_docx(data)
    name = f"{slugify(reply.questionnaire.uid)}-{slugify(data.respondent) or 'reply'}.{fmt}"
    return name, FORMATS[fmt], content
