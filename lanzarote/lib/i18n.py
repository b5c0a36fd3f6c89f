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
