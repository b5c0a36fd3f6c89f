"""The typed helpers that read settings from the environment (lanzarote/settings.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from lanzarote.settings import envbool, envint


@pytest.mark.parametrize("value", ["1", "true", "Yes", " ON "])
def test_envbool_reads_yes(monkeypatch, value):
    monkeypatch.setenv("LANZAROTE_TEST_FLAG", value)
    assert envbool("LANZAROTE_TEST_FLAG", "0") is True


@pytest.mark.parametrize("value", ["0", "false", "No", "off", ""])
def test_envbool_reads_no(monkeypatch, value):
    monkeypatch.setenv("LANZAROTE_TEST_FLAG", value)
    assert envbool("LANZAROTE_TEST_FLAG", "1") is False


def test_envbool_takes_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("LANZAROTE_TEST_FLAG", raising=False)
    assert envbool("LANZAROTE_TEST_FLAG", "1") is True
    assert envbool("LANZAROTE_TEST_FLAG", "0") is False


@pytest.mark.parametrize("value", ["ture", "2", "enabled", "y e s"])
def test_envbool_refuses_a_value_it_cannot_read_and_names_the_variable(monkeypatch, value):
    monkeypatch.setenv("LANZAROTE_TEST_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="LANZAROTE_TEST_FLAG") as refused:
        envbool("LANZAROTE_TEST_FLAG", "0")
    assert repr(value) in str(refused.value)


def test_envint_refuses_a_value_that_is_not_a_number(monkeypatch):
    monkeypatch.setenv("LANZAROTE_TEST_NUMBER", "50MB")
    with pytest.raises(ImproperlyConfigured, match="LANZAROTE_TEST_NUMBER='50MB' is not a whole"):
        envint("LANZAROTE_TEST_NUMBER", "50")
    monkeypatch.setenv("LANZAROTE_TEST_NUMBER", " 7 ")
    assert envint("LANZAROTE_TEST_NUMBER", "50") == 7
