"""Every interface message has its French translation; a new message without one fails here."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

PACKAGE = Path(__file__).resolve().parent.parent / "lanzarote"
CATALOGUE = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The catalogue as `makemessages` makes it from today's code (needs GNU gettext)."""
    if not shutil.which("xgettext"):
        pytest.fail(
            "GNU gettext (xgettext) is needed to check translations: apt-get install gettext"
        )
    copy = tmp_path_factory.mktemp("i18n") / "lanzarote"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "data", "static"))
    django_admin = Path(sys.executable).with_name("django-admin")
    subprocess.run(
        [django_admin, "makemessages", "-l", "fr", "--ignore", "*/migrations/*", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    return polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))


def test_every_message_of_the_code_is_translated_to_french(extracted):
    missing = [e.msgid for e in extracted.untranslated_entries()]
    fuzzy = [e.msgid for e in extracted.fuzzy_entries()]
    assert not missing, f"untranslated: {missing} – run makemessages and translate"
    assert not fuzzy, f"fuzzy (needs review): {fuzzy}"


def test_the_committed_catalogue_is_up_to_date_with_the_code(extracted):
    committed = {e.msgid for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}
    assert {e.msgid for e in extracted if not e.obsolete} <= committed


def test_the_compiled_catalogue_matches_its_source():
    source = {
        (e.msgid, e.msgstr or e.msgstr_plural.get(0))
        for e in polib.pofile(str(CATALOGUE))
        if e.translated() and not e.obsolete
    }
    compiled = {
        (e.msgid, e.msgstr or e.msgstr_plural.get(0))
        for e in polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    }
    assert source <= compiled, "run: msgfmt -o django.mo django.po"


def test_french_is_served_from_the_catalogue():
    with translation.override("fr"):
        assert translation.gettext("unknown") == "inconnue"  # a date: « date inconnue »
        assert translation.gettext("Parties") == "Parties"
        assert translation.gettext("Entry into force") == "Entrée en vigueur"


def test_every_plural_message_has_all_the_french_forms():
    """The catalogue's Plural-Forms has three French forms (0–1, millions, the rest): an entry
    with two shows English for 2 and more (« 2 rounds of the record… » on a French page)."""
    catalogue = polib.pofile(str(CATALOGUE))
    forms = int(catalogue.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    short = [
        e.msgid
        for e in catalogue
        if e.msgid_plural
        and not e.obsolete
        and [e.msgstr_plural.get(n, "") for n in range(forms)].count("")
    ]
    assert not short, f"plural forms missing: {short}"
    with translation.override("fr"):
        assert translation.ngettext(
            "%(n)s recommendation adopted.", "%(n)s recommendations adopted.", 2
        ) == ("%(n)s recommandations adoptées.")
