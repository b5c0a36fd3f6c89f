"""The annual activity report of a treaty's Committee, built from the record of one year: the
sections generated from what the product holds (meetings and decisions, rounds launched and
replies received, reports and recommendations adopted, follow-up evaluated, opinions and
declarations, capacity building, signatures, ratifications and accessions, publications) with
the Secretariat's own text between them, built once as data in one language.

Only what the record dates in the year is listed. A date known only to the year counts for that
year; what has no date at all is counted apart ("not dated in the record"), never guessed.
Demonstration data is never part of an annual report."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lanzarote.committee.models import Meeting, committee_text_kind
from lanzarote.committee.selectors import decisions_in_year, meetings_in_year
from lanzarote.cooperation.models import EuropeanDay
from lanzarote.cooperation.selectors import activities_in_year, practices_added_in_year
from lanzarote.lib.dates import PartialDate, date_text
from lanzarote.monitoring.models import Round
from lanzarote.parties.models import TreatyStatus
from lanzarote.recommendations.models import ComplianceEvaluation, Recommendation
from lanzarote.replies.models import Reply
from lanzarote.treaties.models import InterpretiveText, Treaty

from .models import AnnualReportText, Publication

FIRST_YEAR = 2000  # earlier years are refused: no treaty of this kind is older


@dataclass(frozen=True)
class Entry:
    when: str  # the date as the record knows it, in the report's language ("" when undated)
    text: str
    detail: str = ""


@dataclass(frozen=True)
class AnnualSection:
    key: str  # a generated section's key, or "text" for the Secretariat's own
    title: str
    text: str = ""  # the Secretariat's text
    summary: str = ""  # one generated sentence of counts
    entries: tuple[Entry, ...] = ()
    undated: str = ""  # what the record holds without a date, said plainly


@dataclass(frozen=True)
class AnnualData:
    lang: str
    treaty: str
    treaty_title: str
    year: int
    sections: tuple[AnnualSection, ...]


def _day(value: dt.date | None, precision: str = "day") -> str:
    if value is None:
        return ""
    return date_text(PartialDate.stored(value, precision or "day") or value)


def _in_year(field: str, year: int) -> Q:
    return Q(**{f"{field}__year": year})


def _name(obj, field: str, lang: str) -> str:
    return getattr(obj, f"{field}_{lang}", "") or getattr(obj, f"{field}_en")


def _pick(row: Any, field: str, lang: str) -> str:
    """A row of values(): the field in the language, or in English."""
    return row[f"{field}_{lang}"] or row[f"{field}_en"]


def _semicolon(lang: str) -> str:
    """Between the items of a list: French puts a narrow no-break space before a semicolon."""
    return "\u202f; " if lang == "fr" else "; "


def _meetings(treaty: Treaty, year: int, lang: str) -> AnnualSection:
    """The plenary meetings held in the year, each with its published decisions (a list not
    yet published is not part of a public report)."""
    meetings = [
        m for m in meetings_in_year(treaty=treaty, year=year) if m.status == Meeting.Status.HELD
    ]
    decisions = list(decisions_in_year(treaty=treaty, year=year))
    entries = []
    for meeting in meetings:
        adopted = [d for d in decisions if d.meeting_id == meeting.pk]
        agenda = _semicolon(lang).join(_name(item, "title", lang) for item in meeting.agenda.all())
        entries.append(
            Entry(
                when=meeting.dates_text,
                text=" – ".join(filter(None, (meeting.title, _name(meeting, "venue", lang)))),
                detail=_semicolon(lang).join(_name(d, "text", lang) for d in adopted) or agenda,
            )
        )
    return AnnualSection(
        "meetings",
        _("Meetings and decisions"),
        # one sentence per count: each takes its own plural form
        summary=" ".join(
            (
                ngettext(
                    "%(n)s plenary meeting held.", "%(n)s plenary meetings held.", len(meetings)
                )
                % {"n": len(meetings)},
                ngettext("%(n)s decision published.", "%(n)s decisions published.", len(decisions))
                % {"n": len(decisions)},
            )
        ),
        entries=tuple(entries),
    )


def _rounds(treaty: Treaty, year: int, lang: str) -> AnnualSection:
    # a round in preparation is the Secretariat's alone (monitoring's visibility): not public
    rounds = Round.objects.filter(treaty=treaty, is_demo=False).exclude(
        status=Round.Status.PREPARING
    )
    launched = list(rounds.filter(_in_year("launched", year)).order_by("launched", "uid"))
    entries = [
        Entry(
            when=_day(r.launched, r.launched_precision),
            text=_("Launched: %(round)s") % {"round": _name(r, "name", lang)},
            detail=_name(r, "theme", lang),
        )
        for r in launched
    ]
    received = (
        Reply.objects.filter(
            questionnaire__treaty=treaty,
            questionnaire__round__is_demo=False,
            submitted_at__year=year,
        )
        .values("questionnaire__title_en", "questionnaire__title_fr")
        .annotate(
            parties=Count("pk", filter=Q(party__isnull=False)),
            others=Count("pk", filter=Q(party__isnull=True)),
        )
        .order_by("questionnaire__title_en")
    )
    for row in received:
        title = _pick(row, "questionnaire__title", lang)
        entries.append(
            Entry(
                when="",
                text=_(
                    "Replies received to “%(q)s”: %(p)s from Parties, %(o)s from other stakeholders"
                )
                % {"q": title, "p": row["parties"], "o": row["others"]},
            )
        )
    undated = rounds.filter(launched__isnull=True).count()
    replies = sum(r["parties"] + r["others"] for r in received)
    return AnnualSection(
        "rounds",
        _("Monitoring rounds and replies"),
        summary=" ".join(
            (
                ngettext(
                    "%(n)s monitoring round launched.",
                    "%(n)s monitoring rounds launched.",
                    len(launched),
                )
                % {"n": len(launched)},
                ngettext("%(n)s reply received.", "%(n)s replies received.", replies)
                % {"n": replies},
            )
        ),
        entries=tuple(entries),
        undated=(
            ngettext(
                "%(n)s round of the record has no known launch date.",
                "%(n)s rounds of the record have no known launch date.",
                undated,
            )
            % {"n": undated}
            if undated
            else ""
        ),
    )


def _reports(treaty: Treaty, year: int, lang: str) -> AnnualSection:
    adopted = Recommendation.objects.filter(
        round__treaty=treaty, round__is_demo=False, status=Recommendation.Status.ADOPTED
    )
    this_year = adopted.filter(_in_year("adopted_on", year))
    entries = []
    by_report = (
        this_year.values("report_en", "report_fr", "adopted_on", "grade")
        .annotate(n=Count("pk"))
        .order_by("adopted_on", "report_en", "grade")
    )
    grouped: dict[tuple, Counter] = {}
    for row in by_report:
        key = (row["adopted_on"], _pick(row, "report", lang))
        grouped.setdefault(key, Counter())[row["grade"]] += row["n"]
    grades = dict(Recommendation.Grade.choices)
    for (day, report), counts in grouped.items():
        entries.append(
            Entry(
                when=_day(day),
                text=report or _("Report not named in the record"),
                detail=", ".join(f"{n} × {grades[g]}" for g, n in counts.items()),
            )
        )
    undated = adopted.filter(adopted_on__isnull=True).count()
    total = this_year.count()
    return AnnualSection(
        "reports",
        _("Reports and recommendations adopted"),
        summary=ngettext("%(n)s recommendation adopted.", "%(n)s recommendations adopted.", total)
        % {"n": total},
        entries=tuple(entries),
        undated=(
            ngettext(
                "%(n)s adopted recommendation of the record has no adoption date.",
                "%(n)s adopted recommendations of the record have no adoption date.",
                undated,
            )
            % {"n": undated}
            if undated
            else ""
        ),
    )


def _follow_up(treaty: Treaty, year: int, lang: str) -> AnnualSection:
    evaluations = ComplianceEvaluation.objects.filter(
        recommendation__round__treaty=treaty,
        recommendation__round__is_demo=False,
        evaluated_on__year=year,
    )
    rows = (
        evaluations.values("recommendation__round__name_en", "recommendation__round__name_fr")
        .annotate(
            n=Count("pk"),
            done=Count("pk", filter=Q(grade=ComplianceEvaluation.Grade.IMPLEMENTED)),
            part=Count("pk", filter=Q(grade=ComplianceEvaluation.Grade.PARTIALLY)),
            not_done=Count("pk", filter=Q(grade=ComplianceEvaluation.Grade.NOT_IMPLEMENTED)),
        )
        .order_by("recommendation__round__name_en")
    )
    entries = tuple(
        Entry(
            when="",
            text=_pick(row, "recommendation__round__name", lang),
            detail=_("%(n)s evaluations: %(a)s implemented, %(b)s partially, %(c)s not")
            % {"n": row["n"], "a": row["done"], "b": row["part"], "c": row["not_done"]},
        )
        for row in rows
    )
    total = sum(row["n"] for row in rows)
    return AnnualSection(
        "follow_up",
        _("Follow-up evaluated"),
        summary=ngettext(
            "%(n)s compliance evaluation recorded.", "%(n)s compliance evaluations recorded.", total
        )
        % {"n": total},
        entries=entries,
    )


def _interpretation(treaty: Treaty, year: int, lang: str) -> AnnualSection:
    texts = InterpretiveText.objects.filter(treaty=treaty)
    this_year = list(texts.filter(_in_year("adopted_on", year)).order_by("adopted_on", "uid"))
    undated = texts.filter(adopted_on__isnull=True).count()
    return AnnualSection(
        "interpretation",
        _("Opinions and declarations"),
        summary=ngettext(
            "%(n)s opinion, declaration or statement adopted.",
            "%(n)s opinions, declarations or statements adopted.",
            len(this_year),
        )
        % {"n": len(this_year)},
        entries=tuple(
            Entry(
                when=_day(t.adopted_on, t.adopted_precision),
                text=_name(t, "title", lang),
                detail=committee_text_kind(t.kind),
            )
            for t in this_year
        ),
        undated=(
            ngettext(
                "%(n)s text of the record has no known adoption date.",
                "%(n)s texts of the record have no known adoption date.",
                undated,
            )
            % {"n": undated}
            if undated
            else ""
        ),
    )


def _cooperation(treaty: Treaty, year: int, lang: str) -> AnnualSection:
    """Capacity-building activities that started in the year, the European Day's theme, and
    the good practices published in the year."""
    activities = list(activities_in_year(year=year, treaty=treaty))
    practices = list(practices_added_in_year(year=year, treaty=treaty))
    entries = [
        Entry(
            when=_day(a.start, a.start_precision),
            text=_name(a, "title", lang),
            detail=_name(a, "place", lang),
        )
        for a in activities
    ]
    day = EuropeanDay.objects.filter(treaty=treaty, year=year).first()
    if day is not None and (day.theme_en or day.theme_fr):
        entries.append(
            Entry(
                when=_day(dt.date(year, 11, 18)),
                text=_(
                    "European Day on the Protection of Children against Sexual Exploitation "
                    "and Sexual Abuse"
                ),
                detail=_name(day, "theme", lang),
            )
        )
    entries += [
        Entry(when="", text=_("Good practice: %(p)s") % {"p": _name(p, "title", lang)})
        for p in practices
    ]
    return AnnualSection(
        "cooperation",
        _("Capacity building and good practices"),
        summary=" ".join(
            (
                ngettext(
                    "%(n)s capacity-building activity held.",
                    "%(n)s capacity-building activities held.",
                    len(activities),
                )
                % {"n": len(activities)},
                ngettext(
                    "%(n)s good practice published.",
                    "%(n)s good practices published.",
                    len(practices),
                )
                % {"n": len(practices)},
            )
        ),
        entries=tuple(entries),
    )


def _treaty(treaty: Treaty, year: int, lang: str) -> AnnualSection:
    statuses = TreatyStatus.objects.filter(treaty=treaty).select_related("state")
    events: list[tuple[dt.date, Entry]] = []
    counts: Counter = Counter()
    for status in statuses.filter(
        _in_year("signature", year) | _in_year("deposit", year) | _in_year("entry_into_force", year)
    ):
        state = status.state.name_fr if lang == "fr" else status.state.name_en
        for field, label in (
            ("signature", _("signature")),
            ("deposit", status.get_deposit_kind_display() or _("deposit of the instrument")),
            ("entry_into_force", _("entry into force")),
        ):
            day = getattr(status, field)
            if day is None or day.year != year:
                continue
            counts[field] += 1
            events.append(
                (
                    day,
                    Entry(
                        when=_day(day, getattr(status, f"{field}_precision")),
                        text=state,
                        detail=label,
                    ),
                )
            )
    events.sort(key=lambda e: (e[0], e[1].text))
    return AnnualSection(
        "treaty",
        _("Signatures, ratifications and accessions"),
        summary=_("%(s)s signatures, %(d)s instruments deposited, %(e)s entries into force.")
        % {"s": counts["signature"], "d": counts["deposit"], "e": counts["entry_into_force"]},
        entries=tuple(e for _d, e in events),
    )


def _publications(treaty: Treaty, year: int, lang: str) -> AnnualSection:
    rows = (
        Publication.objects.filter(
            status=Publication.Status.PUBLISHED,
            round__treaty=treaty,
            round__is_demo=False,
            created_at__year=year,
            lang=lang,
        )
        .select_related("round", "party")
        .order_by("created_at", "kind", "key")
    )
    entries = tuple(
        Entry(
            when=date_text(p.created_at),
            text=f"{p.get_kind_display()} – {_name(p.round, 'name', lang)}"
            + (f" – {p.party.name_fr if lang == 'fr' else p.party.name_en}" if p.party else ""),
            detail=_("version %(v)s") % {"v": p.version},
        )
        for p in rows
    )
    return AnnualSection(
        "publications",
        _("Publications"),
        summary=ngettext(
            "%(n)s publication issued in this language.",
            "%(n)s publications issued in this language.",
            len(entries),
        )
        % {"n": len(entries)},
        entries=entries,
    )


# The generated sections, in the report's order; the Secretariat's texts go after any of them.
GENERATED: dict[str, Callable[[Treaty, int, str], AnnualSection]] = {
    "meetings": _meetings,
    "rounds": _rounds,
    "reports": _reports,
    "follow_up": _follow_up,
    "interpretation": _interpretation,
    "cooperation": _cooperation,
    "treaty": _treaty,
    "publications": _publications,
}


def annual_build(*, treaty: Treaty, year: int, lang: str) -> AnnualData:
    """The year's report in one language: each generated section, with the Secretariat's texts
    placed after the section they name (those "at the start" first)."""
    texts = list(AnnualReportText.objects.filter(treaty=treaty, year=year))
    with translation.override(lang):

        def written(after: str) -> list[AnnualSection]:
            return [
                AnnualSection(
                    "text",
                    _name(t, "title", lang) if (t.title_en or t.title_fr) else "",
                    text=_name(t, "text", lang),
                )
                for t in texts
                if t.after == after
            ]

        sections = written(AnnualReportText.After.START)
        for key, build in GENERATED.items():
            sections.append(build(treaty, year, lang))
            sections += written(key)
        return AnnualData(
            lang, treaty.code, _name(treaty, "short_title", lang), year, tuple(sections)
        )


def annual_to_json(data: AnnualData) -> dict:
    return dataclasses.asdict(data)


def annual_from_json(plain: dict) -> AnnualData:
    return AnnualData(
        **{
            **plain,
            "sections": tuple(
                AnnualSection(**{**s, "entries": tuple(Entry(**e) for e in s["entries"])})
                for s in plain["sections"]
            ),
        }
    )


def annual_title(data: AnnualData) -> str:
    with translation.override(data.lang):
        return _("Annual activity report %(year)s") % {"year": data.year}
