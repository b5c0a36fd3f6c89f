"""Shared fixtures. The reference data is loaded once into the test database, as `lanzarote up`
loads it; tests that need more build it through services. Personas are named as in STYLE.md."""

import contextlib
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from lanzarote.accounts.models import Organisation, Profile
from lanzarote.core.refdata import load_reference_data
from lanzarote.parties.models import State
from lanzarote.treaties.models import Treaty
from tests import rendering, schema_cache

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


def settings_for_tests(media_root) -> dict:
    from django.conf import settings

    return {
        "MEDIA_ROOT": media_root,
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],  # fast, tests only
        # Background tasks run at once in tests (STYLE.md 11), when their transaction commits.
        "TASKS": {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        # No page cache, unless a test is about it (tests/test_pagecache.py): a test's writes
        # never commit, so the versions they would bump on commit stay as they were.
        "CACHES": {
            **settings.CACHES,
            "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        },
        # Embedding costs about 0.05 s a passage: only the tests about it turn it on.
        "LANZAROTE_EMBEDDINGS": False,
        # Tests serve static files from the apps; production serves the collected, hashed copies.
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    }


@pytest.fixture(autouse=True)
def _test_settings(tmp_path, settings):
    for name, value in settings_for_tests(tmp_path / "files").items():
        setattr(settings, name, value)


@contextlib.contextmanager
def built_once(django_db_blocker, media_root, build):
    """For a module-scoped fixture whose data takes long to build: `build()` runs once, in a
    transaction kept open while the module's tests run (each in its own savepoint inside it, as
    pytest-django's `db` makes it, so each starts from the data as built) and rolled back at
    the end. It runs with the tests' settings and the rendering stand-ins, its files stored
    under `media_root` (for the tests to copy into theirs); yields what it returns."""
    from django.db import transaction
    from django.test.utils import override_settings

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # as a test's own transaction: durable blocks may nest
        atomic.__enter__()
    try:
        with django_db_blocker.unblock(), override_settings(**settings_for_tests(media_root)):
            rendering.active = True
            try:
                built = build()
            finally:
                rendering.active = False
                _forget_stand_ins()
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


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
    rendering.install()
    schema_cache.install()
    _static_files_listed_once()


def _static_files_listed_once():
    """WhiteNoise lists and stats every static file (Django's admin has hundreds) each time its
    middleware is built, and the test client builds the middleware anew for every client: about
    0.1 s a test. The files do not change during a run, so the list is made once per process for
    each configuration (the settings WhiteNoise reads, and those that decide what is found)."""
    from django.conf import settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    list_files = WhiteNoiseMiddleware.add_files_from_finders
    listed: dict[tuple, dict] = {}

    def add_files_from_finders(self):
        key = (
            self.static_prefix,
            self.max_age,
            self.charset,
            self.allow_all_origins,
            self.index_file,
            *(
                repr(getattr(settings, name, None))
                for name in (
                    "STATICFILES_DIRS",
                    "STATICFILES_FINDERS",
                    "INSTALLED_APPS",
                    "WHITENOISE_MIMETYPES",
                    "WHITENOISE_ADD_HEADERS_FUNCTION",
                    "WHITENOISE_IMMUTABLE_FILE_TEST",
                )
            ),
        )
        if key not in listed:
            files, self.files = self.files, {}
            list_files(self)
            listed[key], self.files = self.files, files
        self.files.update(listed[key])

    WhiteNoiseMiddleware.add_files_from_finders = add_files_from_finders


def pytest_collection_modifyitems(config, items):
    """Every test under tests/browser is a browser test, marked or not."""
    browser = f"{Path(__file__).resolve().parent / 'browser'}{os.sep}"
    for item in items:
        if str(item.path).startswith(browser):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _rendering_stand_ins(request):
    """PDFs, charts and maps are rendered for real only in tests marked `rendering`; the others
    get a minimal file of the right kind from tests/rendering.py (the code up to the library
    call still runs)."""
    rendering.active = request.node.get_closest_marker("rendering") is None
    yield
    rendering.active = False
    _forget_stand_ins()


def _forget_stand_ins():
    if rendering.used:
        from lanzarote.parties import maps

        maps._render.cache_clear()  # it may hold a stand-in, not to be served to a real test
        rendering.used = False


@pytest.fixture
def round_preparing(secretariat, treaty):
    return build_round_preparing(secretariat, treaty)


def build_round_preparing(secretariat, treaty):
    """The body of the `round_preparing` fixture, for worlds built once (`built_once`)."""
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
    return build_questionnaire_draft(round_preparing, secretariat, treaty)


def build_questionnaire_draft(round_, secretariat, treaty):
    """The body of the `questionnaire_draft` fixture, for worlds built once."""
    import datetime as dt

    from lanzarote.monitoring import services
    from lanzarote.monitoring.questionnaire_file import ParsedQuestion

    questionnaire = services.questionnaire_create(
        treaty=treaty,
        uid="test-questionnaire",
        kind="thematic",
        round_=round_,
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
    return open_for_replies(questionnaire_draft, round_preparing, secretariat)


def open_for_replies(questionnaire, round_, secretariat):
    """The body of the `questionnaire` fixture, for worlds built once."""
    from lanzarote.monitoring import services

    services.round_step(round_=round_, step="open", actor=secretariat)
    questionnaire.refresh_from_db()
    return questionnaire
