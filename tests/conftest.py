"""Shared fixtures. The reference data is loaded once into the test database, as `lanzarote up`
loads it; tests that need more build it through services. Personas are named as in STYLE.md."""

import os

import pytest
from django.contrib.auth import get_user_model

from lanzarote.accounts.services import secretariat_group
from lanzarote.core.refdata import load_reference_data
from lanzarote.treaties.models import Treaty

PASSWORD = "correct horse battery staple"  # synthetic test credential


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data(actor="test setup")


@pytest.fixture(autouse=True)
def _test_settings(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher"
    ]  # fast, tests only
    # Tests serve static files from the apps; production serves the collected, hashed copies.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def treaty(db):
    return Treaty.objects.get(code="cets201")


@pytest.fixture
def secretariat(db):
    user = get_user_model().objects.create_user(
        username="sofia", email="sofia@secretariat.example", password=PASSWORD, is_staff=True
    )
    user.groups.add(secretariat_group())
    return user


@pytest.fixture
def outsider(db):
    """Staff of another body: may log in to the admin, has no Secretariat rights."""
    return get_user_model().objects.create_user(
        username="oscar", email="oscar@example.org", password=PASSWORD, is_staff=True
    )


@pytest.fixture
def secretariat_client(client, secretariat):
    client.force_login(secretariat)
    return client


def pytest_configure(config):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API + ORM
