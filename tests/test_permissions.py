"""Every page and every API route, with every persona and the relevant object states.

The world is the fictional demonstration data (lanzarote demo): a round whose replies are
published (France's reply public, the ombudsperson's confidential) and a round open for replies
(Italy's draft), plus a round still in preparation. Each request runs in a transaction that is
rolled back, so one persona's POST never changes what the next one sees.

A URL pattern or an API route without an expectation here fails `test_every_route_has_an_
expectation`: deny by default starts with knowing who may do what.
"""

import datetime
import hashlib
import re
import shutil
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from lanzarote.accounts.models import Organisation
from lanzarote.api import api
from lanzarote.core.demo import demo_load
from lanzarote.monitoring import services as monitoring
from lanzarote.monitoring.models import Round
from lanzarote.replies.models import Attachment, Reply
from lanzarote.treaties.models import Treaty
from tests.conftest import built_once, make_user

PERSONAS = ["anon", "sec", "com", "fr", "it", "ngo", "out"]
# Real personas (not the demonstration logins, which act on demonstration data only).
PERSONA_FIXTURES = {
    "sec": "secretariat",
    "com": "committee_member",
    "fr": "focal_point_france",
    "it": "focal_point_italy",
    "ngo": "ngo_member",
    "out": "outsider",
}
LOGIN = 302  # sent to the login page


def every(status: int, **exceptions: int) -> dict[str, int]:
    return {persona: exceptions.get(persona, status) for persona in PERSONAS}


@dataclass
class Case:
    name: str  # "namespace:name" of the URL pattern, or "api GET /path"
    method: str
    url: str  # may use {placeholders} filled from the world
    expected: dict[str, int]
    data: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.name} {self.method} {self.url}"


PUB, OPEN = "demo-published-questionnaire", "demo-open-questionnaire"
OWN_ONLY = every(404, anon=LOGIN, sec=200, it=200)  # Italy's draft: Italy and the Secretariat
SEC_ONLY_POST = every(403, anon=LOGIN, sec=302)
ICT = "round-2"
NEXT_YEAR = datetime.date.today().year + 1  # a planned meeting's year
FINDINGS_READERS = every(403, anon=LOGIN, sec=200, com=200)
SEC_ONLY = every(403, anon=LOGIN, sec=200)
SEC_ONLY_WRITE = every(403, anon=LOGIN, sec=302)

CASES = [
    # the public portal
    Case("home", "GET", "/en/", every(200)),
    Case("healthz", "GET", "/healthz", every(200)),  # for load balancers: counts and ages only
    Case("open_data", "GET", "/en/data/", every(200)),
    Case("system", "GET", "/en/system/", SEC_ONLY),  # the background worker's state
    Case("search", "GET", "/en/search/?q=child", every(200)),
    Case("treaties:treaty", "GET", "/en/treaties/cets201/", every(200)),
    Case("treaties:article", "GET", "/en/treaties/cets201/articles/20/", every(200)),
    Case("treaties:obligations", "GET", "/en/treaties/cets201/obligations/", every(200)),
    Case("treaties:provisions_csv", "GET", "/en/treaties/cets201/provisions.csv", every(200)),
    Case("treaties:provisions_json", "GET", "/en/treaties/cets201/provisions.json", every(200)),
    Case("treaties:provision", "GET", "/en/provisions/cets201:20.1.a/", every(200)),
    Case("treaties:provision", "GET", "/en/provisions/ets185:9.1.e/", every(200)),
    Case("treaties:concordance", "GET", "/en/concordance/", every(200)),
    Case("treaties:concordance", "GET", "/en/concordance/?treaty=nope", every(404)),
    Case("treaties:concordance_csv", "GET", "/en/concordance.csv", every(200)),
    Case("treaties:concordance_json", "GET", "/en/concordance.json?treaty=opsc", every(200)),
    Case("parties:joining", "GET", "/en/treaties/cets201/joining/", every(200)),
    Case("parties:joining", "GET", "/en/treaties/opsc/joining/", every(404)),
    Case("parties:status_list", "GET", "/en/treaties/cets201/parties/", every(200)),
    Case("parties:status_map", "GET", "/en/treaties/cets201/parties/map.svg", every(200)),
    Case("parties:status_csv", "GET", "/en/treaties/cets201/parties.csv", every(200)),
    Case("parties:status_json", "GET", "/en/treaties/cets201/parties.json", every(200)),
    Case("parties:state", "GET", "/en/states/FR/", every(200)),
    Case("parties:accessions", "GET", "/en/accessions/", every(200)),
    Case("parties:accessions", "POST", "/en/accessions/", every(403, sec=200)),
    Case("parties:accession", "GET", "/en/accessions/{accession}/", every(200)),
    Case(
        "parties:accession",
        "POST",
        "/en/accessions/{accession}/",
        every(403, sec=400),
        {"step": "deposit"},
    ),
    # the Committee's meetings: 28 is reference data; 99 the Secretariat's, with a restricted
    # and a public document
    Case("committee:meetings", "GET", "/en/meetings/", every(200)),
    Case("committee:meeting", "GET", "/en/meetings/28/", every(200)),
    Case("committee:meeting", "GET", "/en/meetings/99/", every(200)),
    Case("committee:meeting", "GET", "/en/meetings/12/", every(404)),  # a gap in the record
    Case("committee:meeting_new", "GET", "/en/meetings/new/", SEC_ONLY),
    Case(
        "committee:meeting_new",
        "POST",
        "/en/meetings/new/",
        SEC_ONLY_WRITE,
        {"number": "100", "start": f"{NEXT_YEAR}-03-01", "status": "planned"},
    ),
    Case("committee:meeting_edit", "GET", "/en/meetings/99/edit/", SEC_ONLY),
    Case(
        "committee:meeting_edit",
        "POST",
        "/en/meetings/99/edit/",
        SEC_ONLY_WRITE,
        {"start": f"{NEXT_YEAR}-01-10", "status": "planned"},
    ),
    Case(
        "committee:agenda", "POST", "/en/meetings/99/agenda/", SEC_ONLY_WRITE, {"items_en": "Item"}
    ),
    Case(
        "committee:decision_add",
        "POST",
        "/en/meetings/99/decisions/",
        SEC_ONLY_WRITE,
        {"kind": "decision", "text_en": "Synthetic decision"},
    ),
    Case("committee:publish", "POST", "/en/meetings/99/publish/", SEC_ONLY_WRITE),
    # no file sent: the form says so
    Case(
        "committee:document_add",
        "POST",
        "/en/meetings/99/documents/",
        SEC_ONLY_WRITE | {"sec": 400},
    ),
    Case(
        "committee:document",
        "GET",
        "/en/meetings/99/documents/{restricted_document}/",
        every(404, sec=200, com=200),
    ),
    Case("committee:document", "GET", "/en/meetings/99/documents/{public_document}/", every(200)),
    Case(
        "committee:declassify",
        "POST",
        "/en/meetings/99/documents/{restricted_document}/declassify/",
        SEC_ONLY_WRITE,
    ),
    # what a meeting adopted, named on the adopted object by the Secretariat
    Case(
        "monitoring:round_meetings",
        "POST",
        "/en/rounds/round-2/meetings/",
        SEC_ONLY_WRITE,
        {"launched_at": "", "report_adopted_at": "36"},
    ),
    Case(
        "monitoring:questionnaire_meeting",
        "POST",
        f"/en/questionnaires/{PUB}/meeting/",
        every(403, anon=LOGIN, sec=302),
        {"adopted_at": ""},
    ),
    Case(
        "reports:publication_meeting",
        "POST",
        "/en/publications/{fr_draft}/meeting/",
        every(404, anon=LOGIN),  # a country factsheet is not adopted by the Committee
        {"adopted_at": "36"},
    ),
    Case("api GET /api/meetings", "GET", "/api/meetings", every(200)),
    Case("api GET /api/activities", "GET", "/api/activities?kind=conference", every(200)),
    Case("api GET /api/good-practices", "GET", "/api/good-practices?state=IS", every(200)),
    Case("api GET /api/european-days", "GET", "/api/european-days", every(200)),
    Case("api GET /api/meetings/{number}", "GET", "/api/meetings/99", every(200)),
    Case("committee:meetings_csv", "GET", "/en/treaties/cets201/meetings.csv", every(200)),
    # co-operation: activities and the Barnahus practice are reference data; a draft practice
    # is the Secretariat's own until published
    Case("cooperation:activities", "GET", "/en/cooperation/activities/", every(200)),
    Case(
        "cooperation:activity",
        "GET",
        "/en/cooperation/activities/2012-reykjavik-barnahus/",
        every(200),
    ),
    Case(
        "cooperation:practices", "GET", "/en/good-practices/?q=child&pillar=protection", every(200)
    ),
    Case("cooperation:practice", "GET", "/en/good-practices/{barnahus}/", every(200)),
    Case(
        "cooperation:practice",
        "GET",
        "/en/good-practices/{draft_practice}/",
        every(404, sec=200),
    ),
    Case("cooperation:practice_new", "GET", "/en/good-practices/new/", SEC_ONLY),
    Case(
        "cooperation:practice_new",
        "POST",
        "/en/good-practices/new/",
        SEC_ONLY_WRITE,
        {"title_en": "Synthetic practice"},
    ),
    Case("cooperation:practice_edit", "GET", "/en/good-practices/{draft_practice}/edit/", SEC_ONLY),
    Case(
        "cooperation:practice_edit",
        "POST",
        "/en/good-practices/{draft_practice}/edit/",
        SEC_ONLY_WRITE,
        {"title_en": "Synthetic practice, renamed"},
    ),
    Case(
        "cooperation:practice_publish",
        "POST",
        "/en/good-practices/{draft_practice}/publish/",
        SEC_ONLY_WRITE,
    ),
    Case(
        "cooperation:practice_withdraw",
        "POST",
        "/en/good-practices/{barnahus}/withdraw/",
        SEC_ONLY_WRITE,
    ),
    Case(
        "cooperation:promote",
        "POST",
        "/en/good-practices/promote/{evidence}/",
        SEC_ONLY_WRITE,
        {"title_en": "Synthetic practice from a passage", "publish": "on"},
    ),
    Case("cooperation:european_day", "GET", "/en/european-day/", every(200)),
    Case(
        "cooperation:european_day_save",
        "POST",
        "/en/european-day/save/",
        SEC_ONLY_WRITE,
        {"year": "2020", "theme_en": "Synthetic", "sources": "https://example.org/2020"},
    ),
    Case("cooperation:activity_new", "GET", "/en/cooperation/activities/new/", SEC_ONLY),
    Case(
        "cooperation:activity_new",
        "POST",
        "/en/cooperation/activities/new/",
        SEC_ONLY_WRITE,
        {"kind": "event", "title_en": "Synthetic", "sources": "https://example.org/event"},
    ),
    Case(
        "cooperation:activity_edit",
        "GET",
        "/en/cooperation/activities/2012-reykjavik-barnahus/edit/",
        SEC_ONLY,
    ),
    Case(
        "cooperation:activity_edit",
        "POST",
        "/en/cooperation/activities/2012-reykjavik-barnahus/edit/",
        SEC_ONLY_WRITE,
        {
            "kind": "study_visit",
            "title_en": "Study visit, renamed (synthetic)",
            "start": "2012-05",
            "sources": "https://example.org/visit",
        },
    ),
    Case("cooperation:activities_csv", "GET", "/en/treaties/cets201/activities.csv", every(200)),
    Case("cooperation:activities_json", "GET", "/en/treaties/cets201/activities.json", every(200)),
    Case("cooperation:practices_csv", "GET", "/en/treaties/cets201/good-practices.csv", every(200)),
    Case(
        "cooperation:practices_json", "GET", "/en/treaties/cets201/good-practices.json", every(200)
    ),
    Case("cooperation:days_csv", "GET", "/en/treaties/cets201/european-day.csv", every(200)),
    Case("cooperation:days_json", "GET", "/en/treaties/cets201/european-day.json", every(200)),
    Case("committee:meetings_json", "GET", "/en/treaties/cets201/meetings.json", every(200)),
    # accounts
    Case("my_work", "GET", "/en/accounts/", every(200, anon=LOGIN)),
    Case("accounts:login", "GET", "/en/accounts/login/", every(302, anon=200)),
    Case("accounts:logout", "POST", "/en/accounts/logout/", every(302)),
    Case("accounts:invitation", "GET", "/en/accounts/invitation/MQ/invalid-token/", every(200)),
    Case("accounts:unlock", "GET", "/en/accounts/unlock/altered-token/", every(400)),
    Case("accounts:password_reset", "GET", "/en/accounts/password-reset/", every(200)),
    Case("accounts:password_reset_done", "GET", "/en/accounts/password-reset/sent/", every(200)),
    Case("accounts:password_reset_confirm", "GET", "/en/accounts/reset/MQ/bad/", every(200)),
    Case("accounts:password_reset_complete", "GET", "/en/accounts/reset/done/", every(200)),
    Case("accounts:users", "GET", "/en/accounts/users/", every(403, anon=LOGIN, sec=200)),
    Case("accounts:users", "POST", "/en/accounts/users/", every(403, anon=LOGIN, sec=200)),
    # rounds and questionnaires
    Case("monitoring:rounds", "GET", "/en/rounds/", every(200)),
    Case("monitoring:rounds", "POST", "/en/rounds/", every(403, sec=200)),
    Case("monitoring:round", "POST", "/en/rounds/in-preparation/", every(404, sec=200)),
    Case(
        "replies:questionnaire_state_of_play",
        "GET",
        "/en/questionnaires/general-overview/state-of-play/",
        every(403, sec=200),
    ),
    Case("monitoring:round", "GET", "/en/rounds/demo-published/", every(200)),
    Case("monitoring:round", "GET", "/en/rounds/in-preparation/", every(404, sec=200)),
    Case(
        "monitoring:round_step",
        "POST",
        "/en/rounds/demo-open/step/",
        SEC_ONLY_POST,
        {"step": "close_replies"},
    ),
    Case(
        "monitoring:round_step",
        "POST",
        "/en/rounds/in-preparation/step/",
        every(404, anon=LOGIN, sec=302),
        {"step": "open"},
    ),
    Case(
        "replies:state_of_play",
        "GET",
        "/en/rounds/demo-open/state-of-play/",
        every(403, sec=200),
    ),
    Case("monitoring:questionnaire", "GET", f"/en/questionnaires/{PUB}/", every(200)),
    Case("replies:remind", "POST", "/en/questionnaires/general-overview/remind/", SEC_ONLY_POST),
    Case(
        "replies:state_of_play_download",
        "GET",
        "/en/rounds/demo-open/state-of-play.csv",
        every(403, sec=200),
    ),
    Case(
        "replies:questionnaire_state_of_play_download",
        "GET",
        "/en/questionnaires/general-overview/state-of-play.xlsx",
        every(403, sec=200),
    ),
    Case(
        "monitoring:questionnaire_publish",
        "POST",
        "/en/questionnaires/general-overview/publish/",
        SEC_ONLY_POST,
    ),
    Case(
        "monitoring:questionnaire_publish",
        "POST",
        f"/en/questionnaires/{PUB}/publish/",
        every(403, anon=LOGIN),
    ),
    Case(
        "monitoring:question_provisions",
        "POST",
        f"/en/questionnaires/{OPEN}/questions/1/provisions/",
        SEC_ONLY_POST,
        {"provisions": "cets201:5.2"},
    ),
    Case(
        "monitoring:deadline",
        "POST",
        f"/en/questionnaires/{OPEN}/deadline/",
        SEC_ONLY_POST,
        {"deadline": "2030-01-31"},
    ),
    Case(
        "monitoring:questionnaire_import",
        "GET",
        "/en/questionnaires/in-preparation-q/import/",
        every(404, anon=LOGIN, sec=200),
    ),
    Case(
        "monitoring:questionnaire_import",
        "GET",
        f"/en/questionnaires/{OPEN}/import/",
        every(403, anon=LOGIN, sec=200),
    ),
    # reading replies
    Case("replies:by_state", "GET", f"/en/questionnaires/{PUB}/states/FR/", every(200)),
    Case(
        "replies:by_state",
        "GET",
        f"/en/questionnaires/{OPEN}/states/IT/",
        every(404, sec=200, it=200),
    ),
    # submitted, not yet published: the Committee and the Secretariat only
    Case(
        "replies:by_state",
        "GET",
        f"/en/questionnaires/{OPEN}/states/DE/",
        every(404, sec=200, com=200),
    ),
    Case(
        "api GET /api/replies/{pk}",
        "GET",
        "/api/replies/{de_submitted}",
        every(404, sec=200, com=200),
    ),
    Case(
        "replies:by_organisation",
        "GET",
        f"/en/questionnaires/{PUB}/organisations/{{ngo_org}}/",
        every(200),
    ),
    Case(
        "replies:by_organisation",
        "GET",
        f"/en/questionnaires/{PUB}/organisations/{{ombud}}/",
        every(404, sec=200, com=200),
    ),
    Case("replies:by_question", "GET", f"/en/questionnaires/{PUB}/questions/1/", every(200)),
    Case(
        "replies:link_correct",
        "POST",
        "/en/links/{link}/",
        every(404, anon=LOGIN, sec=302, it=403),
        {"question": "1"},
    ),
    Case(
        "replies:attachment_status",
        "GET",
        "/en/attachments/{draft_attachment}/status/",
        every(404, sec=200, it=200),
    ),
    Case(
        "replies:attachment",
        "GET",
        "/en/attachments/{draft_attachment}/",
        every(404, sec=200, it=200),
    ),
    # writing replies
    Case(
        "replies:start", "POST", f"/en/questionnaires/{OPEN}/reply/", every(302, com=403, out=403)
    ),
    Case("replies:edit", "GET", "/en/replies/{it_draft}/", OWN_ONLY),
    Case("replies:edit", "GET", "/en/replies/{fr_published}/", every(200, anon=LOGIN)),
    # a submitted reply is locked: whoever may read it is sent back to it, nothing is written
    Case("replies:edit", "POST", "/en/replies/{fr_published}/", every(302)),
    # posted without an answer field: refused (400) rather than erasing the answer
    Case(
        "replies:autosave",
        "POST",
        "/en/replies/{it_draft}/answers/{it_question}/",
        every(404, anon=LOGIN, sec=400, it=400),
    ),
    Case(
        "replies:settings",
        "POST",
        "/en/replies/{it_draft}/settings/",
        every(404, anon=LOGIN, sec=302, it=302),
        {"language": "fr"},
    ),
    Case(
        "replies:submit",
        "POST",
        "/en/replies/{it_draft}/submit/",
        every(404, anon=LOGIN, sec=302, it=302),
    ),
    Case(
        "replies:reopen",
        "POST",
        "/en/replies/{fr_published}/reopen/",
        every(403, anon=LOGIN, sec=302),
        {"reason": "synthetic"},
    ),
    Case(
        "replies:attach",
        "POST",
        "/en/replies/{it_draft}/attachments/",
        every(404, anon=LOGIN, sec=302, it=302),
    ),
    Case(
        "replies:attachment_remove",
        "POST",
        "/en/attachments/{draft_attachment}/remove/",
        every(404, anon=LOGIN, sec=302, it=302),
    ),
    # reading again: the Secretariat, and only a document whose failure a new attempt may cure
    Case(
        "replies:attachment_retry",
        "POST",
        "/en/attachments/{draft_attachment}/retry/",
        every(404, anon=LOGIN, sec=403, it=403),
    ),
    Case(
        "replies:history",
        "GET",
        "/en/replies/{it_draft}/history/",
        every(404, anon=LOGIN, sec=200, it=403),
    ),
    # the API: the same rules
    Case("api GET /api/rounds", "GET", "/api/rounds", every(200)),
    Case("api GET /api/search", "GET", "/api/search?q=synthetic", every(200)),
    Case("api GET /api/rounds/{uid}", "GET", "/api/rounds/in-preparation", every(404, sec=200)),
    Case("api GET /api/questionnaires/{uid}", "GET", f"/api/questionnaires/{PUB}", every(200)),
    Case(
        "api GET /api/questionnaires/{uid}/replies",
        "GET",
        f"/api/questionnaires/{PUB}/replies",
        every(200),
    ),
    Case(
        "api GET /api/replies/{pk}",
        "GET",
        "/api/replies/{ombud_reply}",
        every(404, sec=200, com=200),
    ),
    Case(
        "api GET /api/replies/{pk}", "GET", "/api/replies/{it_draft}", every(404, sec=200, it=200)
    ),
    Case(
        "api GET /api/questionnaires/{uid}/questions/{number}/answers",
        "GET",
        f"/api/questionnaires/{PUB}/questions/1/answers",
        every(200),
    ),
    Case("api GET /api/accessions/{pk}", "GET", "/api/accessions/{accession}", every(200)),
    # assessment (the real ICT round, whose coding scheme is reference data): the Secretariat
    # writes; Committee members read reviewed findings and comment; nobody else reads findings
    *[
        Case(name, "GET", url, FINDINGS_READERS)
        for name, url in [
            ("assessments:overview", f"/en/rounds/{ICT}/assessment/"),
            ("assessments:workspace", f"/en/rounds/{ICT}/assessment/FR/"),
            (
                "assessments:workspace",
                f"/en/rounds/{ICT}/assessment/FR/?indicator=csam-definition&q=law",
            ),
            ("assessments:finding", "/en/findings/{reviewed_finding}/"),
        ]
    ],
    Case("assessments:finding", "GET", "/en/findings/{draft_finding}/", SEC_ONLY),
    Case("monitoring:scheme", "GET", f"/en/rounds/{ICT}/scheme/", every(200)),
    Case("reports:overview", "GET", f"/en/rounds/{ICT}/overview/", FINDINGS_READERS),
    Case(
        "reports:indicator_figure",
        "GET",
        f"/en/rounds/{ICT}/overview/csam-term/chart.svg",
        FINDINGS_READERS,
    ),
    Case("reports:overview_publish", "POST", f"/en/rounds/{ICT}/overview/publish/", SEC_ONLY_WRITE),
    Case("reports:publications", "GET", "/en/publications/", every(200)),
    Case("reports:report", "GET", f"/en/rounds/{ICT}/report/", every(403, anon=LOGIN, sec=200)),
    Case(
        "reports:report",
        "POST",
        f"/en/rounds/{ICT}/report/",
        every(403, anon=LOGIN, sec=302),
        {"kind": "text", "title_en": "Synthetic"},
    ),
    Case("reports:report_publish", "POST", f"/en/rounds/{ICT}/report/publish/", SEC_ONLY_WRITE),
    # a round's whole record, confidential replies included
    Case("reports:round_export", "GET", "/en/rounds/demo-published/export.zip", SEC_ONLY),
    Case("reports:annual_reports", "GET", "/en/annual-reports/", every(200)),
    Case("reports:annual_report", "GET", "/en/annual-reports/cets201/2019/", SEC_ONLY),
    Case(
        "reports:annual_report",
        "POST",
        "/en/annual-reports/cets201/2019/",
        SEC_ONLY_WRITE,
        {"after": "start", "title_en": "Synthetic"},
    ),
    Case(
        "reports:annual_publish", "POST", "/en/annual-reports/cets201/2019/publish/", SEC_ONLY_WRITE
    ),
    Case("reports:publish_all", "POST", f"/en/rounds/{ICT}/publish-all/", SEC_ONLY_WRITE),
    Case(
        "reports:thematic_publish",
        "POST",
        f"/en/rounds/{ICT}/thematic/jurisdiction/publish/",
        SEC_ONLY_WRITE,
    ),
    Case(
        "api GET /api/rounds/{uid}/overview", "GET", f"/api/rounds/{ICT}/overview", every(404)
    ),  # nothing published in this world; published data is everyone's
    Case("reports:factsheets_draft", "POST", f"/en/rounds/{ICT}/factsheets/draft/", SEC_ONLY_WRITE),
    Case("reports:drafts_publish", "POST", f"/en/rounds/{ICT}/factsheets/publish/", SEC_ONLY_WRITE),
    # France's draft: the Secretariat, the Committee and France's focal point read it; the
    # Secretariat and France comment on it; to anyone else it is not found, as if absent
    Case(
        "reports:draft",
        "GET",
        "/en/publications/{fr_draft}/draft/",
        every(404, anon=LOGIN, sec=200, com=200, fr=200),
    ),
    Case(
        "reports:draft",
        "POST",
        "/en/publications/{fr_draft}/draft/",
        every(404, anon=LOGIN, sec=302, fr=302, com=403),
        {"text": "Synthetic comment"},
    ),
    # published files are everyone's (tested in test_reports); an unknown one is not found
    Case("reports:publication_file", "GET", "/en/publications/999999.pdf", every(404)),
    Case("reports:overview_download", "GET", f"/en/rounds/{ICT}/overview.csv", FINDINGS_READERS),
    Case("api GET /api/rounds/{uid}/scheme", "GET", f"/api/rounds/{ICT}/scheme", every(200)),
    # the list is filtered, not refused: each persona sees what it may (checked below)
    Case("api GET /api/rounds/{uid}/findings", "GET", f"/api/rounds/{ICT}/findings", every(200)),
    Case(
        "monitoring:scheme",
        "POST",
        f"/en/rounds/{ICT}/scheme/",
        every(403, sec=302),
        {"code": "csam-term", "scale": "yes-partly-no", "label_en": "Synthetic label"},
    ),
    Case(
        "assessments:finding",
        "POST",
        "/en/findings/{reviewed_finding}/",
        every(403, anon=LOGIN, sec=302, com=302),
        {"text": "Synthetic comment"},
    ),
    Case(
        "assessments:finding",
        "POST",
        "/en/findings/{draft_finding}/",
        every(403, anon=LOGIN),  # comments are on reviewed findings only
        {"text": "Synthetic comment"},
    ),
    Case("assessments:suggest", "POST", f"/en/rounds/{ICT}/assessment/FR/suggest/", SEC_ONLY_WRITE),
    Case(
        "assessments:finding_save",
        "POST",
        f"/en/rounds/{ICT}/assessment/FR/csam-term/",
        SEC_ONLY_WRITE,
        {"value": "partly"},
    ),
    Case(
        "assessments:evidence_add",
        "POST",
        f"/en/rounds/{ICT}/assessment/FR/csam-term/evidence/",
        SEC_ONLY_WRITE,
        {"passage": "1"},
    ),
    Case("assessments:evidence_remove", "POST", "/en/evidence/{evidence}/remove/", SEC_ONLY_WRITE),
    Case(
        "assessments:finding_step",
        "POST",
        "/en/findings/{draft_finding}/step/",
        SEC_ONLY_WRITE,
        {"step": "review"},
    ),
    Case(
        "assessments:finding_step",
        "POST",
        "/en/findings/{reviewed_finding}/step/",
        SEC_ONLY_WRITE,
        {"step": "adopt"},
    ),
    Case(
        "assessments:suggestion",
        "POST",
        "/en/suggestions/{suggestion}/",
        SEC_ONLY_WRITE,
        {"decision": "reject"},
    ),
    # several findings, or a Party's suggestions, at once (nothing chosen: the page says so)
    Case("assessments:findings", "GET", f"/en/rounds/{ICT}/assessment/findings/", FINDINGS_READERS),
    Case(
        "assessments:findings",
        "POST",
        f"/en/rounds/{ICT}/assessment/findings/",
        every(403, anon=LOGIN, sec=200),
        {"step": "review"},
    ),
    Case(
        "assessments:accept_party", "GET", f"/en/rounds/{ICT}/assessment/FR/accept-all/", SEC_ONLY
    ),
    Case(
        "assessments:accept_party",
        "POST",
        f"/en/rounds/{ICT}/assessment/FR/accept-all/",
        SEC_ONLY_WRITE,
    ),
    # questions edited (corrected, with a reason, once the round is open: an empty post is
    # refused on the page) and reordered in preparation only; the Parties a round monitors
    Case(
        "monitoring:question_edit",
        "GET",
        f"/en/questionnaires/{OPEN}/questions/1/edit/",
        every(403, anon=LOGIN, sec=200),
    ),
    Case(
        "monitoring:question_edit",
        "POST",
        f"/en/questionnaires/{OPEN}/questions/1/edit/",
        every(403, anon=LOGIN, sec=200),
    ),
    Case(
        "monitoring:question_move",
        "POST",
        f"/en/questionnaires/{OPEN}/questions/1/move/",
        every(403, anon=LOGIN),
        {"direction": "down"},
    ),
    Case(
        "monitoring:round_parties",
        "GET",
        "/en/rounds/in-preparation/parties/",
        every(404, anon=LOGIN, sec=200),
    ),
    Case(
        "monitoring:round_parties",
        "POST",
        "/en/rounds/in-preparation/parties/",
        every(404, anon=LOGIN, sec=302),
    ),
    Case("monitoring:round_parties", "GET", f"/en/rounds/{ICT}/parties/", every(403, anon=LOGIN)),
    # a submitted reply as a file: its respondent and the Secretariat (others who may read it
    # are refused); France's draft factsheet as a file: whoever reads the draft
    Case(
        "replies:download",
        "GET",
        "/en/replies/{fr_published}/download.docx",
        every(403, anon=LOGIN, sec=200, fr=200),
    ),
    Case(
        "reports:draft_download",
        "GET",
        "/en/publications/{fr_draft}/draft.docx",
        every(404, anon=LOGIN, sec=200, com=200, fr=200),
    ),
    # many invitations from a CSV file (an empty post: the page says the file is empty)
    Case("accounts:invite_csv", "GET", "/en/accounts/users/import/", SEC_ONLY),
    Case("accounts:invite_csv", "POST", "/en/accounts/users/import/", SEC_ONLY),
]
CASES += [
    Case("recommendations:round", "GET", f"/en/rounds/{ICT}/recommendations/", every(200)),
    Case("recommendations:party", "GET", "/en/states/FR/recommendations/", every(200)),
    Case("recommendations:new", "GET", f"/en/rounds/{ICT}/recommendations/new/", SEC_ONLY),
    Case(
        "recommendations:new",
        "POST",
        f"/en/rounds/{ICT}/recommendations/new/",
        SEC_ONLY_WRITE,
        {"grade": "invite", "text_en": "Synthetic.", "addressed_to_all": "on"},
    ),
    Case(
        "recommendations:edit",
        "GET",
        f"/en/rounds/{ICT}/recommendations/{{draft_rec}}/edit/",
        SEC_ONLY,
    ),
    # a draft is the Secretariat's and the Committee's; others are told it does not exist
    Case(
        "recommendations:detail",
        "GET",
        "/en/recommendations/{draft_rec}/",
        every(404, sec=200, com=200),
    ),
    Case("recommendations:detail", "GET", "/en/recommendations/{adopted_rec}/", every(200)),
    Case(
        "recommendations:step",
        "POST",
        "/en/recommendations/{adopted_rec}/step/",
        SEC_ONLY_WRITE,
        {"action": "request", "deadline": "2099-02-01"},
    ),
    Case(
        "recommendations:step",
        "POST",
        "/en/recommendations/{draft_rec}/step/",
        every(404, anon=LOGIN, sec=302, com=403),
        {"action": "adopt", "adopted_on": "2022-01-01"},
    ),
    # France's focal point reports for France; a stakeholder may give input; nobody else
    Case(
        "recommendations:step",
        "POST",
        "/en/recommendations/{adopted_rec}/step/",
        every(403, anon=LOGIN, fr=302, ngo=302),
        {"action": "report", "party": "FR", "text": "Synthetic report."},
    ),
    # comments on a draft: the Committee and the Secretariat (others do not see the draft)
    Case(
        "recommendations:step",
        "POST",
        "/en/recommendations/{draft_rec}/step/",
        every(404, anon=LOGIN, sec=302, com=302),
        {"action": "comment", "text": "Synthetic."},
    ),
    Case(
        "api GET /api/rounds/{uid}/recommendations",
        "GET",
        f"/api/rounds/{ICT}/recommendations",
        every(200),
    ),
]
# Public, read-only API routes of treaty and status data: everyone, every time.
PUBLIC_API = [
    "/api/treaties",
    "/api/treaties/{code}",
    "/api/treaties/{code}/provisions",
    "/api/provisions/{uid}",
    "/api/treaties/{code}/obligations",
    "/api/treaties/{code}/reservation-clauses",
    "/api/states",
    "/api/states/{iso2}",
    "/api/treaties/{code}/statuses",
    "/api/treaties/{code}/reservations",
    "/api/accessions",
    "/api/concordance",
]
CASES += [
    Case(
        f"api GET {path}",
        "GET",
        path.replace("{code}", "cets201")
        .replace("{uid}", "cets201:20.1.a")
        .replace("{iso2}", "FR"),
        every(200),
    )
    for path in PUBLIC_API
]
# Legal self-assessment: private to its author (francois) until shared or published; the world
# has one private self-assessment with an act and a unit, and one shared with the Secretariat.
SA = "/en/self-assessments/{sa_private}"
OWNER_ONLY = every(404, fr=200)
OWNER_POST = every(404, anon=LOGIN, fr=302)
CASES += [
    Case("legislation:assessments", "GET", "/en/self-assessments/", every(200)),
    Case("legislation:assessments", "POST", "/en/self-assessments/", every(302), {"title": ""}),
    Case("legislation:assessment", "GET", f"{SA}/", OWNER_ONLY),
    Case(
        "legislation:assessment",
        "GET",
        "/en/self-assessments/{sa_shared}/",
        every(404, fr=200, sec=200),
    ),
    Case("legislation:assessment_state", "POST", f"{SA}/state/", OWNER_POST, {"do": "share"}),
    Case("legislation:acts_add", "POST", f"{SA}/acts/", OWNER_POST),
    Case("legislation:act_status", "GET", f"{SA}/acts/{{sa_act}}/", OWNER_ONLY),
    Case("legislation:act_remove", "POST", f"{SA}/acts/{{sa_act}}/remove/", OWNER_POST),
    Case("legislation:unit", "GET", f"{SA}/units/{{sa_unit}}/", OWNER_ONLY),
    Case(
        "legislation:unit",
        "POST",
        f"{SA}/units/{{sa_unit}}/",
        every(404, fr=302),
        {"do": "add", "ref": "26(1)"},
    ),
    Case("reports:self_assessment_file", "GET", f"{SA}/report.html", OWNER_ONLY),
    Case("legislation:labels", "GET", f"{SA}/labels.jsonl", OWNER_ONLY),
    Case("api GET /api/self-assessments", "GET", "/api/self-assessments", every(200)),
    Case(
        "api GET /api/self-assessments/{pk}",
        "GET",
        "/api/self-assessments/{sa_private}",
        OWNER_ONLY,
    ),
]
# Published things are everyone's: a self-assessment its author published, a publication and
# its file; a draft publication is not found through the API (issue 15's navigable API).
CASES += [
    Case("legislation:assessment", "GET", "/en/self-assessments/{sa_published}/", every(200)),
    Case(
        "api GET /api/self-assessments/{pk}",
        "GET",
        "/api/self-assessments/{sa_published}",
        every(200),
    ),
    Case(
        "reports:self_assessment_file",
        "GET",
        "/en/self-assessments/{sa_published}/report.html",
        every(200),
    ),
    Case("api GET /api/questionnaires", "GET", "/api/questionnaires", every(200)),
    Case("api GET /api/publications", "GET", "/api/publications", every(200)),
    Case("api GET /api/publications/{pk}", "GET", "/api/publications/{published_pub}", every(200)),
    Case("api GET /api/publications/{pk}", "GET", "/api/publications/{fr_draft}", every(404)),
    Case("reports:publication_file", "GET", "/en/publications/{published_pub}.html", every(200)),
    Case("reports:publication_file", "GET", "/en/publications/{fr_draft}.docx", every(404)),
]
# Not walked here: Django's admin (deny-by-default through AuditedAdmin, tested in test_admin)
# and the API's own documentation pages.
EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_NAMES = {"api:openapi-json", "api:openapi-view"}


def _named_patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_route_has_an_expectation():
    covered = {case.name for case in CASES}
    names = {
        n
        for n in _named_patterns(get_resolver().url_patterns)
        if n.split(":")[0] not in EXCLUDED_NAMESPACES and n not in EXCLUDED_NAMES
    }
    api_routes = {
        f"api {method.upper()} {path}"
        for path, operations in api.get_openapi_schema()["paths"].items()
        for method in operations
    }
    names = {n for n in names if not n.startswith("api:")} | api_routes
    assert not names - covered, f"routes with no expectation: {sorted(names - covered)}"


# The world is built once for the module (the demonstration data alone takes most of a second)
# and each test runs inside it in a savepoint rolled back after the test (tests/conftest.py,
# `built_once`). The personas are part of it, made as tests/conftest.py makes them.
PERSONA_USERNAMES = {
    "secretariat": "sofia",
    "committee_member": "carla",
    "focal_point_france": "francois",
    "focal_point_italy": "giulia",
    "ngo_member": "nadia",
    "outsider": "oscar",
}


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("world") / "files"
    with built_once(django_db_blocker, media, _world_build) as built:
        yield media, built


@pytest.fixture
def world(_world, db, settings):
    media, built = _world
    if media.exists():
        shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return built


def _persona(name):
    @pytest.fixture(name=name)
    def persona(world):
        return get_user_model().objects.get(username=PERSONA_USERNAMES[name])

    return persona


secretariat = _persona("secretariat")
committee_member = _persona("committee_member")
focal_point_france = _persona("focal_point_france")
focal_point_italy = _persona("focal_point_italy")
ngo_member = _persona("ngo_member")
outsider = _persona("outsider")


def _world_build():
    from lanzarote.accounts.models import Profile
    from lanzarote.parties.models import State

    secretariat = make_user("sofia", Profile.Role.SECRETARIAT, staff=True)
    make_user("carla", Profile.Role.COMMITTEE)
    make_user("francois", Profile.Role.FOCAL_POINT, party=State.objects.get(iso2="FR"))
    make_user("giulia", Profile.Role.FOCAL_POINT, party=State.objects.get(iso2="IT"))
    ngo = Organisation.objects.create(
        name_en="Synthetic Children's Rights Network",
        name_fr="Réseau synthétique",
        kind=Organisation.Kind.NGO,
    )
    make_user("nadia", Profile.Role.STAKEHOLDER, organisation=ngo)
    make_user("oscar", None, staff=True)
    demo_load(password="synthetic-password")
    treaty = Treaty.objects.get(code="cets201")
    preparing = monitoring.round_create(
        treaty=treaty,
        uid="in-preparation",
        kind="thematic",
        name_en="In preparation",
        actor=secretariat,
    )
    monitoring.questionnaire_create(
        treaty=treaty,
        uid="in-preparation-q",
        kind="thematic",
        round_=preparing,
        title_en="Draft",
        actor=secretariat,
    )
    it_draft = Reply.objects.get(questionnaire__uid=OPEN, party__iso2="IT")
    # a reply submitted while the round is still open: not yet published
    from lanzarote.parties.models import State
    from lanzarote.replies import services as replies

    de_submitted = replies.reply_start(
        questionnaire=it_draft.questionnaire, actor=secretariat, party=State.objects.get(iso2="DE")
    )
    replies.answer_save(
        reply=de_submitted,
        question=it_draft.questionnaire.questions.first(),
        text="Synthetic",
        actor=secretariat,
    )
    replies.reply_submit(reply=de_submitted, actor=secretariat)
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from lanzarote.replies.models import Document

    default_storage.save("documents/none.txt", ContentFile(b"note"))
    document = Document.objects.create(
        sha256="0" * 64,
        file="documents/none.txt",
        kind="text",
        content_type="text/plain; charset=utf-8",
        size=4,
        status="ready",
    )
    attachment = Attachment.objects.create(
        reply=it_draft, document=document, original_name="note.txt"
    )
    from lanzarote.parties.models import AccessionRequest
    from lanzarote.replies.models import Passage, PassageLink

    passage = Passage.objects.create(
        document=document, index=0, page=1, start=0, end=4, text="note", language="en"
    )
    link = PassageLink.objects.create(attachment=attachment, passage=passage, method="none")

    from lanzarote.assessments.models import Evidence, Finding, Suggestion
    from lanzarote.monitoring.models import Indicator

    france = State.objects.get(iso2="FR")
    indicators = Indicator.objects.filter(scheme__round__uid=ICT)
    draft = Finding.objects.create(
        indicator=indicators.get(code="csam-term"),
        party=france,
        value="yes",
        scheme_version=1,
        author=secretariat,
    )
    reviewed = Finding.objects.create(
        indicator=indicators.get(code="csam-definition"),
        party=france,
        value="not_reported",
        scheme_version=1,
        author=secretariat,
        status="reviewed",
    )
    evidence = Evidence.objects.create(finding=draft, quote="Synthetic quote", source="Synthetic")
    suggestion = Suggestion.objects.create(
        indicator=indicators.get(code="ex-officio"),
        party=france,
        value="yes",
        confidence=0.5,
        method="keyword",
        scheme_version=1,
    )

    from lanzarote.reports.models import Publication

    fr_draft = Publication.objects.create(
        kind="country",
        round=Round.objects.get(uid=ICT),
        party=france,
        lang="en",
        version=1,
        key="country:round-2:FR::en",
        status="draft",
        data={
            "lang": "en",
            "round": ICT,
            "round_name": "Round",
            "party": "FR",
            "party_name": "France",
            "scheme_version": 1,
            "status": [],
            "reservations": [],
            "findings": [],
            "not_assessed": [],
            "recommendations_note": "Synthetic",
        },
    )

    from lanzarote.reports.models import Rendering

    published_pub = Publication.objects.create(
        kind="country",
        round=Round.objects.get(uid=ICT),
        party=State.objects.get(iso2="IT"),
        lang="en",
        version=1,
        key="country:round-2:IT::en",
        status="published",
        data={},
    )
    default_storage.save("publications/synthetic.html", ContentFile(b"<p>Synthetic</p>"))
    Rendering.objects.create(
        publication=published_pub,
        format="html",
        file="publications/synthetic.html",
        sha256=hashlib.sha256(b"<p>Synthetic</p>").hexdigest(),
        size=16,
    )

    from lanzarote.recommendations import services as recommendations

    draft_rec = recommendations.recommendation_save(
        round_=Round.objects.get(uid=ICT),
        actor=secretariat,
        grade="urge",
        number="R90",
        text_en="Synthetic draft recommendation.",
        addressees=[france],
    )
    adopted_rec = recommendations.recommendation_save(
        round_=Round.objects.get(uid=ICT),
        actor=secretariat,
        grade="urge",
        number="R91",
        text_en="Synthetic adopted recommendation.",
        addressees=[france],
    )
    recommendations.recommendation_adopt(
        recommendation=adopted_rec, actor=secretariat, adopted_on=datetime.date(2022, 3, 10)
    )
    recommendations.followup_request(
        recommendation=adopted_rec, actor=secretariat, deadline=datetime.date(2099, 1, 1)
    )

    from lanzarote.committee import services as committee

    meeting = committee.meeting_create(
        actor=secretariat,
        treaty=treaty,
        number=99,
        start=datetime.date(NEXT_YEAR, 1, 10),
        end=datetime.date(NEXT_YEAR, 1, 12),
        venue_en="Strasbourg",
    )
    restricted_document = committee.document_attach(
        actor=secretariat,
        meeting=meeting,
        name="draft.txt",
        data=b"Synthetic draft agenda.",
        title_en="Draft agenda",
    )
    public_document = committee.document_attach(
        actor=secretariat,
        meeting=meeting,
        name="notice.txt",
        data=b"Synthetic public notice.",
        title_en="Notice",
        restricted=False,
    )

    from lanzarote.cooperation import services as cooperation
    from lanzarote.cooperation.models import GoodPractice

    draft_practice = cooperation.practice_create(
        actor=secretariat, treaty=treaty, title_en="Synthetic draft practice"
    )

    return {
        "draft_practice": draft_practice.pk,
        "barnahus": GoodPractice.objects.get(uid="barnahus-iceland").pk,
        "restricted_document": restricted_document.pk,
        "public_document": public_document.pk,
        "draft_rec": draft_rec.pk,
        "adopted_rec": adopted_rec.pk,
        "fr_draft": fr_draft.pk,
        "published_pub": published_pub.pk,
        "draft_finding": draft.pk,
        "reviewed_finding": reviewed.pk,
        "evidence": evidence.pk,
        "suggestion": suggestion.pk,
        "ngo_org": Organisation.objects.get(name_en__startswith="Demonstration Children").pk,
        "ombud": Organisation.objects.get(name_en__startswith="Demonstration Ombudsperson").pk,
        "ombud_reply": Reply.objects.get(
            questionnaire__uid=PUB, organisation__kind="ombudsperson"
        ).pk,
        "fr_published": Reply.objects.get(questionnaire__uid=PUB, party__iso2="FR").pk,
        "it_draft": it_draft.pk,
        "de_submitted": de_submitted.pk,
        "it_question": it_draft.questionnaire.questions.get(number="1").pk,
        "draft_attachment": attachment.pk,
        "link": link.pk,
        "accession": AccessionRequest.objects.get(state__iso2="TN").pk,
        "rounds": Round.objects.count(),
        **_self_assessments(),
        # One signed-in session per persona, made once with the world (signing in costs about
        # 5 ms, and the matrix signs in six personas for each of its 150 routes).
        "sessions": {
            persona: _session_of(PERSONA_USERNAMES[fixture])
            for persona, fixture in PERSONA_FIXTURES.items()
        },
    }


def _self_assessments() -> dict:
    from lanzarote.legislation import services as legislation
    from lanzarote.legislation.models import Act, Unit
    from lanzarote.parties.models import State

    owner = get_user_model().objects.get(username="francois")
    treaty = Treaty.objects.get(code="cets201")
    made = [
        legislation.assessment_create(
            actor=owner, treaty=treaty, state=State.objects.get(iso2="FR"), title=title
        )
        for title in ("Private review", "Shared review", "Published review")
    ]
    legislation.assessment_share(actor=owner, assessment=made[1], shared=True)
    Act.objects.create(
        assessment=made[2],
        title="Code",
        original_name="code.txt",
        sha256="0" * 64,
        file="legislation/none.txt",
        kind="text",
        size=1,
        status=Act.Status.READY,
    )
    legislation.assessment_publish(actor=owner, assessment=made[2])
    act = Act.objects.create(
        assessment=made[0],
        title="Code",
        original_name="code.txt",
        sha256="0" * 64,
        file="legislation/none.txt",
        kind="text",
        size=1,
        status=Act.Status.READY,
    )
    unit = Unit.objects.create(act=act, order=0, kind="article", number="1", text="Synthetic.")
    return {
        "sa_private": made[0].pk,
        "sa_shared": made[1].pk,
        "sa_published": made[2].pk,
        "sa_act": act.pk,
        "sa_unit": unit.pk,
    }


def _session_of(username: str) -> str:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _client(persona: str, world) -> Client:
    client = Client()
    if persona != "anon":
        client.cookies[settings.SESSION_COOKIE_NAME] = world["sessions"][persona]
    return client


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_route_answers_each_persona_as_expected(case, world):
    url = case.url.format(**world)
    got = {}
    for persona in PERSONAS:
        client = _client(persona, world)
        # Each persona's request is undone before the next. A savepoint, not an atomic block: the
        # services behind the route run in durable transactions, which refuse to nest in one.
        savepoint = transaction.savepoint_create()
        response = client.get(url) if case.method == "GET" else client.post(url, case.data)
        got[persona] = response.status_code
        transaction.savepoint_rollback(savepoint)
    assert got == case.expected


# What a search counts is what the persona may read, on the page and through the API: Germany's
# reply (submitted, not yet published: "Synthetic") is the Secretariat's and the Committee's; the
# ombudsperson's confidential reply adds one "training" answer for them alone.
SEARCH_COUNTS = [
    ("Synthetic", every(0, sec=1, com=1)),
    ("training", every(1, sec=2, com=2)),
]


@pytest.mark.parametrize(("words", "expected"), SEARCH_COUNTS)
def test_search_counts_only_what_each_persona_may_read(world, words, expected):
    got, on_page = {}, {}
    for persona in PERSONAS:
        client = _client(persona, world)
        results = client.get(f"/api/search?q={words}&kind=answer&semantic=false").json()
        assert results["total"] == len(results["hits"])
        got[persona] = results["total"]
        page = client.get(f"/en/search/?q={words}&kind=answers&semantic=0").text
        said = re.search(r'<p role="status">(\d+) results?', page)
        on_page[persona] = int(said.group(1)) if said else 0
    assert got == expected
    assert on_page == expected


def test_a_refusal_says_why_in_the_readers_language(focal_point_france):
    client = Client()
    client.force_login(focal_point_france)
    page = client.get("/en/accounts/users/import/")
    assert page.status_code == 403
    assert "You are signed in as francois" in page.text
    assert "This page, or this action, is for the Secretariat." in page.text
    french = client.get("/fr/accounts/users/import/")
    assert "Cette page, ou cette action, est réservée au Secrétariat." in french.text
