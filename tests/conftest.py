"""Shared fixtures. The reference data is loaded once into the test database, as `lanzarote up`
loads it; tests that need more build it through services. Personas are named as in STYLE.md."""

import os

import pytest
from django.contrib.auth import get_user_model

from lanzarote.accounts.models import Organisation, Profile
from lanzarote.core.refdata import load_reference_data
from lanzarote.parties.models import State
from lanzarote.treaties.models import Treaty

PASSWORD = "correct horse battery staple"  # synthetic test credential


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data(actor="test setup")


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a request to a /fr/ page leaves French active in the thread."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _test_settings(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher"
    ]  # fast, tests only
    # Background tasks run at once in tests (STYLE.md 11), when their transaction commits.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Embedding costs about 0.05 s a passage: only the tests about it turn it on.
    settings.LANZAROTE_EMBEDDINGS = False
    # Tests serve static files from the apps; production serves the collected, hashed copies.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def treaty(db):
    return Treaty.objects.get(code="cets201")


def make_user(username: str, role: str | None, *, staff: bool = False, **speaks_for):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, is_staff=staff
    )
    if role:
        Profile.objects.create(user=user, role=role, **speaks_for)
    return user


@pytest.fixture
def secretariat(db):
    return make_user("sofia", Profile.Role.SECRETARIAT, staff=True)


@pytest.fixture
def committee_member(db):
    return make_user("carla", Profile.Role.COMMITTEE)


@pytest.fixture
def focal_point_france(db):
    return make_user("francois", Profile.Role.FOCAL_POINT, party=State.objects.get(iso2="FR"))


@pytest.fixture
def focal_point_italy(db):
    return make_user("giulia", Profile.Role.FOCAL_POINT, party=State.objects.get(iso2="IT"))


@pytest.fixture
def ngo(db):
    """A fictional NGO, for tests."""
    return Organisation.objects.create(
        name_en="Synthetic Children's Rights Network",
        name_fr="Réseau synthétique",
        kind=Organisation.Kind.NGO,
    )


@pytest.fixture
def ngo_member(ngo):
    return make_user("nadia", Profile.Role.STAKEHOLDER, organisation=ngo)


@pytest.fixture
def outsider(db):
    """Staff of another body: may log in to the admin, has no role in the monitoring."""
    return make_user("oscar", None, staff=True)


@pytest.fixture
def secretariat_client(client, secretariat):
    client.force_login(secretariat)
    return client


def pytest_configure(config):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API + ORM


@pytest.fixture
def round_preparing(secretariat, treaty):
    from lanzarote.monitoring import services

    return services.round_create(
        treaty=treaty,
        uid="test-round",
        kind="thematic",
        name_en="Test round (synthetic)",
        actor=secretariat,
    )


@pytest.fixture
def questionnaire_draft(round_preparing, secretariat, treaty):
    """A questionnaire being prepared: Q1 for everyone, Q1.a for Parties, Q2 for stakeholders."""
    import datetime as dt

    from lanzarote.monitoring import services
    from lanzarote.monitoring.questionnaire_file import ParsedQuestion

    questionnaire = services.questionnaire_create(
        treaty=treaty,
        uid="test-questionnaire",
        kind="thematic",
        round_=round_preparing,
        title_en="Synthetic questionnaire",
        title_fr="Questionnaire synthétique",
        deadline=dt.date.today() + dt.timedelta(days=30),
        actor=secretariat,
    )
    services.questionnaire_import(
        questionnaire=questionnaire,
        actor=secretariat,
        questions=[
            ParsedQuestion("1", None, "Training", "What training do professionals receive?"),
            ParsedQuestion("1.a", "1", "", "Is it compulsory?"),
        ],
    )
    services.questionnaire_import(
        questionnaire=questionnaire,
        actor=secretariat,
        audience="stakeholders",
        questions=[
            ParsedQuestion("2", None, "Assessment", "How do you assess the measures?"),
        ],
    )
    return questionnaire


@pytest.fixture
def questionnaire(questionnaire_draft, round_preparing, secretariat):
    """The same questionnaire, its round open for replies."""
    from lanzarote.monitoring import services

    services.round_step(round_=round_preparing, step="open", actor=secretariat)
    questionnaire_draft.refresh_from_db()
    return questionnaire_draft
