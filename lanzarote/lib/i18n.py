"""Bilingual fields: ``<name>_en`` and ``<name>_fr`` columns, read in the active language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language


def current_language() -> str:
    return (get_language() or "en")[:2]


@dataclass(frozen=True, slots=True)
class Localised:
    """A text in the requested language, and whether it had to fall back to English.

    Templates show a visible notice when ``fallback`` is true: never a silent fallback.
    """

    text: str
    lang: str
    fallback: bool

    def __str__(self) -> str:
        return self.text


def localised(obj: object, name: str, lang: str | None = None) -> Localised:
    lang = lang or current_language()
    wanted = getattr(obj, f"{name}_{lang}", "") or ""
    if wanted or lang == "en":
        return Localised(wanted, lang, False)
    english = getattr(obj, f"{name}_en", "") or ""
    return Localised(english, "en", bool(english))


def written(text: str) -> Localised:
    """A text kept in the one language it was written in (a finding's rationale): that
    language, as detected, and ``fallback`` when it is English shown to a reader of French."""
    # Imported here: the language model loads numpy, which no process should pay for at start.
    from .language import detect_language

    lang = current_language()
    found = detect_language(text)[0] if text else lang
    source = found if found in ("en", "fr") else lang  # too short to tell: no notice
    return Localised(text, source, bool(text) and source == "en" and lang != "en")


def data_wording(text: str) -> Localised:
    """A fixed English wording from the reference data ("Parties that have not yet done so"),
    in the reader's language where the catalogue has it; otherwise English, said so."""
    from django.utils.translation import gettext

    lang = current_language()
    if not text or lang == "en":
        return Localised(text, "en", False)
    translated = gettext(text)
    if translated != text:
        return Localised(translated, lang, False)
    return Localised(text, "en", True)
