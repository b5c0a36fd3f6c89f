"""A round's record in one ZIP file, for offline use and archiving: its questionnaires and
coding scheme, every submitted reply (as data and as a readable page) with the documents attached,
the findings with their evidence, and every published publication's files, with a manifest of
each member's size and SHA-256.

It holds confidential replies (each says whether it is public): only the Secretariat downloads
it, and the operator's `lanzarote export-round`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Iterable
from typing import IO, Any

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import slugify

from lanzarote.assessments.models import Evidence, Finding
from lanzarote.monitoring.models import Indicator, Question, Questionnaire, Round
from lanzarote.replies.exports import reply_export_build, reply_html
from lanzarote.replies.models import Answer, Attachment, Reply
from lanzarote.replies.permissions import is_public

from .models import Publication, Rendering

FORMAT = "lanzarote-round-export"
VERSION = 1
CHUNK = 1024 * 1024


class _Bundle:
    """A ZIP being written, each member's size and SHA-256 noted for the manifest."""

    def __init__(self, out: IO[bytes]):
        self.zip = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self.members: dict[str, dict[str, Any]] = {}

    def write(self, name: str, data: bytes, what: str) -> None:
        self.zip.writestr(name, data)
        self.members[name] = {
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "what": what,
        }

    def json(self, name: str, value: Any, what: str) -> None:
        self.write(name, json.dumps(value, indent=1, ensure_ascii=False).encode(), what)

    def csv(self, name: str, header: list[str], rows: Iterable[list[Any]], what: str) -> None:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows([_cell(v) for v in row] for row in rows)
        self.write(name, text.getvalue().encode("utf-8-sig"), what)  # BOM: spreadsheets read UTF-8

    def stored(self, name: str, stored_name: str, what: str) -> bool:
        """Copy a stored file in, streamed; False when the storage has lost it."""
        digest, size = hashlib.sha256(), 0
        try:
            source = default_storage.open(stored_name, "rb")
        except OSError:
            return False
        info = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
        info.compress_type = zipfile.ZIP_STORED  # documents and renderings are mostly compressed
        with source, self.zip.open(info, "w", force_zip64=True) as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        self.members[name] = {"size": size, "sha256": digest.hexdigest(), "what": what}
        return True


def _cell(value: Any) -> Any:
    """A cell as text a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _when(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def _round_data(round_: Round) -> dict[str, Any]:
    questionnaires = Questionnaire.objects.filter(round=round_).order_by("uid")
    questions = Question.objects.filter(questionnaire__round=round_).order_by(
        "questionnaire__uid", "position"
    )
    indicators = Indicator.objects.filter(scheme__round=round_).order_by("position", "code")
    scheme = getattr(round_, "scheme", None)
    return {
        "uid": round_.uid,
        "kind": round_.kind,
        "status": round_.status,
        "name": {"en": round_.name_en, "fr": round_.name_fr},
        "theme": {"en": round_.theme_en, "fr": round_.theme_fr},
        "launched": _when(round_.launched),
        "is_demo": round_.is_demo,
        "questionnaires": [
            {
                "uid": q.uid,
                "kind": q.kind,
                "title": {"en": q.title_en, "fr": q.title_fr},
                "deadline": _when(q.deadline),
                "replies_published_at": _when(q.replies_published_at),
                "questions": [
                    {
                        "number": question.number,
                        "title": {"en": question.title_en, "fr": question.title_fr},
                        "text": {"en": question.text_en, "fr": question.text_fr},
                        "audience": question.audience,
                    }
                    for question in questions
                    if question.questionnaire_id == q.pk
                ],
            }
            for q in questionnaires
        ],
        "coding_scheme": None
        if scheme is None
        else {
            "title": {"en": scheme.title_en, "fr": scheme.title_fr},
            "version": scheme.version,
            "scales": scheme.scales,
            "indicators": [
                {
                    "code": i.code,
                    "group": i.group,
                    "label": {"en": i.label_en, "fr": i.label_fr},
                    "scale": i.scale,
                }
                for i in indicators
            ],
        },
    }


def _reply_name(reply: Reply) -> str:
    who = reply.party.iso2 if reply.party is not None else slugify(reply.respondent_name)
    return f"replies/{reply.questionnaire.uid}/{who or 'respondent'}-{reply.pk}"


def round_bundle_write(*, round_: Round, out: IO[bytes], exported_by: str) -> dict[str, Any]:
    """Write the round's bundle into `out` (a seekable binary file); returns its manifest."""
    bundle = _Bundle(out)
    bundle.json("round.json", _round_data(round_), "the round, its questionnaires and indicators")

    replies = list(
        Reply.objects.filter(questionnaire__round=round_, status=Reply.Status.SUBMITTED)
        .select_related("questionnaire", "party", "organisation")
        .order_by("questionnaire__uid", "pk")
    )
    answers: dict[int, list[Answer]] = {}
    for answer in Answer.objects.filter(reply__in=replies).select_related("question"):
        answers.setdefault(answer.reply_id, []).append(answer)
    attachments: dict[int, list[Attachment]] = {}
    for attachment in Attachment.objects.filter(reply__in=replies).select_related("document"):
        attachments.setdefault(attachment.reply_id, []).append(attachment)

    documents: dict[str, str] = {}  # stored name -> member name (stored once, by hash)
    missing: list[str] = []
    rows = []
    for reply in replies:
        attached = []
        for attachment in attachments.get(reply.pk, []):
            document = attachment.document
            stored_name = str(document.file.name)
            if stored_name not in documents:
                extension = stored_name.rsplit(".", 1)[-1] if "." in stored_name else "bin"
                member = f"documents/{document.sha256}.{extension}"
                if bundle.stored(member, stored_name, "a document attached to a reply"):
                    documents[stored_name] = member
                else:
                    missing.append(stored_name)
            attached.append(
                {
                    "name": attachment.original_name,
                    "sha256": document.sha256,
                    "file": documents.get(stored_name),
                    "uploaded_at": _when(attachment.uploaded_at),
                }
            )
        name = _reply_name(reply)
        public = is_public(reply)
        bundle.json(
            f"{name}.json",
            {
                "id": reply.pk,
                "questionnaire": reply.questionnaire.uid,
                "respondent": reply.respondent_name,
                "party": reply.party.iso2 if reply.party is not None else None,
                "organisation": reply.organisation.name_en if reply.organisation else None,
                "language": reply.language,
                "public": public,
                "publication_agreed": reply.publication_agreed,
                "entered_by_secretariat": reply.entered_by_secretariat,
                "submitted_at": _when(reply.submitted_at),
                "answers": [
                    {"question": a.question.number, "text_html": a.text}
                    for a in sorted(answers.get(reply.pk, []), key=lambda a: a.question.position)
                ],
                "attachments": attached,
            },
            "a submitted reply: its answers (HTML as saved) and attached documents",
        )
        bundle.write(
            f"{name}.html",
            reply_html(reply_export_build(reply=reply)).encode(),
            "the same reply as a page to read",
        )
        rows.append(
            [
                reply.questionnaire.uid,
                reply.respondent_name,
                reply.party.iso2 if reply.party is not None else "",
                reply.language,
                "yes" if public else "no",
                _when(reply.submitted_at),
                len(attached),
                f"{name}.json",
            ]
        )
    bundle.csv(
        "replies.csv",
        [
            "questionnaire",
            "respondent",
            "party",
            "language",
            "public",
            "submitted_at",
            "documents",
            "file",
        ],
        rows,
        "the submitted replies, one a line",
    )

    findings = list(
        Finding.objects.filter(indicator__scheme__round=round_)
        .select_related("indicator", "party")
        .order_by("indicator__position", "indicator__code", "party__iso2")
    )
    evidence: dict[int, list[Evidence]] = {}
    for item in Evidence.objects.filter(finding__in=findings).select_related("passage__document"):
        evidence.setdefault(item.finding_id, []).append(item)
    bundle.json(
        "findings.json",
        [
            {
                "indicator": f.indicator.code,
                "party": f.party.iso2,
                "value": f.value,
                "status": f.status,
                "rationale": f.rationale,
                "adopted_at": _when(f.adopted_at),
                "evidence": [
                    {
                        "quote": e.quote,
                        "source": e.source,
                        "page": e.page,
                        "reply": e.reply_id,
                        "document_sha256": e.passage.document.sha256 if e.passage else None,
                    }
                    for e in evidence.get(f.pk, [])
                ],
            }
            for f in findings
        ],
        "the findings, party by indicator, with the quotes they rest on",
    )
    bundle.csv(
        "findings.csv",
        ["indicator", "party", "value", "status", "rationale", "evidence"],
        (
            [
                f.indicator.code,
                f.party.iso2,
                f.value,
                f.status,
                f.rationale,
                len(evidence.get(f.pk, [])),
            ]
            for f in findings
        ),
        "the same findings, one a line",
    )

    publications = list(
        Publication.objects.filter(round=round_, status=Publication.Status.PUBLISHED)
        .select_related("party")
        .order_by("kind", "key", "version")
    )
    renderings = Rendering.objects.filter(publication__in=publications).order_by("pk")
    files: dict[int, list[dict[str, Any]]] = {}
    for rendering in renderings:
        member = f"publications/{str(rendering.file.name).rsplit('/', 1)[-1]}"
        if not bundle.stored(member, str(rendering.file.name), "a published file"):
            missing.append(str(rendering.file.name))
            member = ""
        files.setdefault(rendering.publication_id, []).append(
            {"format": rendering.format, "file": member or None, "sha256": rendering.sha256}
        )
    bundle.json(
        "publications.json",
        [
            {
                "kind": p.kind,
                "key": p.key,
                "version": p.version,
                "lang": p.lang,
                "party": p.party.iso2 if p.party is not None else None,
                "created_at": _when(p.created_at),
                "files": files.get(p.pk, []),
            }
            for p in publications
        ],
        "every published version of the round's publications and its files",
    )

    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "round": round_.uid,
        "exported_at": timezone.now().isoformat(),
        "exported_by": exported_by,
        "counts": {
            "replies": len(replies),
            "documents": len(documents),
            "findings": len(findings),
            "publications": len(publications),
        },
        "missing_files": missing,
        "note": "Draft replies are not included. Replies marked public: false are confidential.",
        "members": bundle.members,
    }
    bundle.zip.writestr("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False))
    bundle.zip.close()
    return manifest


def round_bundle_name(round_: Round) -> str:
    return f"{round_.uid}-export-{timezone.localdate():%Y%m%d}.zip"
