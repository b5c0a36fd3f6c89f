"""The pages and logins of a loaded demonstration. Kept apart from tests/test_demo.py: here the
demonstration is loaded once for the module and stays loaded for every test in it, while those
tests load and remove it themselves."""

import io
import shutil

import pytest
from django.core.management import call_command

from lanzarote.core.demo import demo_load
from tests.conftest import built_once
from tests.test_demo import PERSONAS, _demo_client


# The demonstration, loaded once for the tests that only read it or undo what they do (each runs
# in a savepoint rolled back after it: tests/conftest.py, `built_once`). Loading takes about 0.4 s.
@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("demo") / "files"
    with built_once(django_db_blocker, media, lambda: demo_load(password="synthetic-pass")):
        yield media


@pytest.fixture
def demo(_demo_loaded, db, settings):
    if _demo_loaded.exists():
        shutil.copytree(_demo_loaded, settings.MEDIA_ROOT, dirs_exist_ok=True)


@pytest.mark.parametrize(
    "url",
    [
        "/{lang}/rounds/demo-published/",
        "/{lang}/questionnaires/demo-published-questionnaire/",
        "/{lang}/questionnaires/demo-published-questionnaire/states/FR/",
        "/{lang}/questionnaires/demo-published-questionnaire/questions/1/",
    ],
)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_showing_demonstration_data_says_so(client, demo, url, lang):
    page = client.get(url.format(lang=lang)).text
    assert 'class="demo-banner"' in page


def test_real_pages_carry_no_demonstration_label(client, demo):
    assert 'class="demo-banner"' not in client.get("/en/rounds/round-2/").text


def test_the_demonstration_round_can_be_assessed_with_suggestions(client, demo):
    from django.contrib.auth import get_user_model

    from lanzarote.assessments.models import Suggestion

    assert (
        Suggestion.objects.filter(
            indicator__scheme__round__uid="demo-published", party__iso2="FR"
        ).count()
        == 3
    )
    client.force_login(get_user_model().objects.get(username="demo-secretariat"))
    page = client.get("/en/rounds/demo-published/assessment/FR/?indicator=training-compulsory")
    assert page.status_code == 200 and 'class="demo-banner"' in page.text
    assert "Suggested by the machine" in page.text and "compulsory" in page.text
    # a demonstration login acts on demonstration data only
    assert client.post(
        "/en/rounds/round-2/assessment/FR/csam-term/", {"value": "yes"}
    ).status_code in (403, 404)
    from lanzarote.assessments import services

    suggestion = Suggestion.objects.filter(party__iso2="FR").first()
    services.suggestion_accept(
        suggestion=suggestion, actor=get_user_model().objects.get(username="demo-secretariat")
    )
    call_command("demo", remove=True, stdout=io.StringIO())  # findings go with their round
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize("username", PERSONAS)
def test_a_demonstration_login_still_reads_the_demonstration(client, demo, username):
    _demo_client(client, username)
    assert client.get("/en/rounds/demo-open/").status_code == 200
    assert (
        client.get("/en/questionnaires/demo-published-questionnaire/states/FR/").status_code == 200
    )
