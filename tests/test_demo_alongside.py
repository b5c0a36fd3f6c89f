"""A demonstration loaded next to real work: its logins read no real confidential object and
write nothing on real objects. The world (real confidential work, then the demonstration loaded
alongside) is built once for the module; each test runs in a savepoint rolled back after it
(tests/conftest.py, `built_once`). Building it takes about a second; the ten tests used to build
it each."""

import shutil

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import Client

from lanzarote.accounts.models import Organisation, Profile
from lanzarote.core.demo import demo_load
from lanzarote.treaties.models import Treaty
from tests.conftest import (
    build_questionnaire_draft,
    build_round_preparing,
    built_once,
    make_user,
    open_for_replies,
)
from tests.test_demo import PERSONAS, _demo_client

MARK = "Synthetic confidential text 4471"


def _real_confidential(questionnaire, secretariat, ngo, treaty):
    """Real work next to the demonstration: replies not published (a draft, a submitted reply,
    an NGO's confidential reply with a document), a round in preparation, a reviewed finding, a
    draft recommendation and a draft country factsheet."""
    from lanzarote.assessments.models import Finding
    from lanzarote.monitoring import services as monitoring
    from lanzarote.monitoring.models import Indicator
    from lanzarote.parties.models import State
    from lanzarote.recommendations import services as recommendations
    from lanzarote.replies import services as replies
    from lanzarote.reports.services import country_factsheets_draft

    objects = {}
    for iso2, submit in (("FR", False), ("IT", True)):
        reply = replies.reply_start(
            questionnaire=questionnaire, actor=secretariat, party=State.objects.get(iso2=iso2)
        )
        replies.answer_save(
            reply=reply,
            question=questionnaire.questions.get(number="1"),
            text=f"{MARK} ({iso2})",
            actor=secretariat,
        )
        if submit:
            replies.reply_submit(reply=reply, actor=secretariat)
        objects[iso2] = reply
    ngo_reply = replies.reply_start(
        questionnaire=questionnaire, actor=secretariat, organisation=ngo
    )
    replies.answer_save(
        reply=ngo_reply,
        question=questionnaire.questions.get(number="2"),
        text=f"{MARK} (NGO)",
        actor=secretariat,
    )
    objects["attachment"] = replies.attachment_add(
        reply=ngo_reply, name="ngo.txt", data=f"{MARK} in a document.".encode(), actor=secretariat
    )
    replies.reply_submit(reply=ngo_reply, actor=secretariat)
    objects["NGO"] = ngo_reply
    objects["round"] = monitoring.round_create(
        treaty=treaty,
        uid="real-preparing",
        kind="thematic",
        actor=secretariat,
        name_en=f"{MARK} round in preparation",
    )
    indicator = Indicator.objects.get(scheme__round__uid="round-2", code="csam-term")
    objects["finding"] = Finding.objects.create(
        indicator=indicator,
        party=State.objects.get(iso2="FR"),
        value="yes",
        scheme_version=1,
        status="reviewed",
        rationale=f"{MARK} rationale",
    )
    Finding.objects.create(
        indicator=indicator,
        party=State.objects.get(iso2="DE"),
        value="no",
        scheme_version=1,
        status="adopted",
        rationale=f"{MARK} adopted",
    )
    objects["recommendation"] = recommendations.recommendation_save(
        round_=indicator.scheme.round,
        actor=secretariat,
        grade="urge",
        number="R99",
        text_en=f"{MARK} draft recommendation",
        addressees=[State.objects.get(iso2="FR")],
    )
    objects["draft"] = next(
        d
        for d in country_factsheets_draft(round_=indicator.scheme.round, actor=secretariat)
        if d.lang == "en"
    )
    return objects


def _world_build():
    treaty = Treaty.objects.get(code="cets201")
    secretariat = make_user("sofia", Profile.Role.SECRETARIAT, staff=True)
    ngo = Organisation.objects.create(
        name_en="Synthetic Children's Rights Network",
        name_fr="Réseau synthétique",
        kind=Organisation.Kind.NGO,
    )
    round_ = build_round_preparing(secretariat, treaty)
    questionnaire = open_for_replies(
        build_questionnaire_draft(round_, secretariat, treaty), round_, secretariat
    )
    objects = _real_confidential(questionnaire, secretariat, ngo, treaty)
    demo_load(password="synthetic-pass", alongside_real_data=True)
    return objects


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("alongside") / "files"
    with built_once(django_db_blocker, media, _world_build) as built:
        yield media, built


@pytest.fixture
def real_confidential(_world, db, settings):
    media, built = _world
    if media.exists():
        shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return {name: type(obj).objects.get(pk=obj.pk) for name, obj in built.items()}


def _confidential_urls(o) -> list[str]:
    q = "test-questionnaire"
    return [
        f"/en/replies/{o['FR'].pk}/",
        f"/en/replies/{o['IT'].pk}/",
        f"/en/replies/{o['NGO'].pk}/",
        f"/en/replies/{o['IT'].pk}/history/",
        f"/en/attachments/{o['attachment'].pk}/",
        f"/en/questionnaires/{q}/",
        f"/en/questionnaires/{q}/states/IT/",
        f"/en/questionnaires/{q}/questions/1/",
        f"/en/questionnaires/{q}/questions/2/",
        f"/en/questionnaires/{q}/state-of-play/",
        "/en/rounds/test-round/",
        "/en/rounds/real-preparing/",
        "/en/rounds/",
        "/en/rounds/round-2/assessment/",
        f"/en/findings/{o['finding'].pk}/",
        f"/en/recommendations/{o['recommendation'].pk}/",
        "/en/rounds/round-2/recommendations/",
        f"/en/publications/{o['draft'].pk}/draft/",
        "/en/publications/",
        "/en/rounds/round-2/overview/",
        f"/en/search/?q={MARK}",
        "/en/accounts/",
        "/en/",
        f"/api/replies/{o['IT'].pk}",
        f"/api/replies/{o['NGO'].pk}",
        f"/api/questionnaires/{q}",
        f"/api/questionnaires/{q}/replies",
        f"/api/questionnaires/{q}/questions/1/answers",
        "/api/rounds/real-preparing",
        "/api/rounds",
        "/api/rounds/round-2/findings",
        "/api/rounds/round-2/recommendations",
        f"/api/search?q={MARK}",
    ]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("username", PERSONAS)
def test_a_demonstration_login_reads_no_real_confidential_object(
    client, real_confidential, username
):
    _demo_client(client, username)
    shown = []
    for url in _confidential_urls(real_confidential):
        response = client.get(url)
        if response.status_code != 200:
            continue
        if "/replies/" in url or "/attachments/" in url or "/draft/" in url:
            shown.append(url)
            continue
        if MARK.encode() in _body(response):
            echoed = _body(Client().get(url)).count(
                MARK.encode()
            )  # a search page repeats its query
            if _body(response).count(MARK.encode()) > echoed:
                shown.append(url)
    assert shown == []


@pytest.mark.parametrize("username", PERSONAS)
def test_a_demonstration_login_writes_nothing_on_real_objects(client, real_confidential, username):
    from lanzarote.assessments import services as assessments
    from lanzarote.reports import services as reports

    user = get_user_model().objects.get(username=username)
    with pytest.raises(PermissionDenied):
        assessments.comment_add(
            finding=real_confidential["finding"], actor=user, text="Synthetic comment."
        )
    with pytest.raises(PermissionDenied):
        reports.comment_add(publication=real_confidential["draft"], actor=user, text="Synthetic.")
    _demo_client(client, username)
    client.post(f"/en/publications/{real_confidential['draft'].pk}/draft/", {"text": "Synthetic."})
    client.post(f"/en/findings/{real_confidential['finding'].pk}/", {"text": "Synthetic."})
    assert not real_confidential["draft"].comments.exists()
    assert not real_confidential["finding"].comments.exists()
