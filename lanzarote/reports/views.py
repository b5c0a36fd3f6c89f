"""The comparative overview: the live matrix for the Secretariat and the Committee, and its
open data. (Published versions, for everyone, are publications.)"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lanzarote.accounts.permissions import audience_of, can_read_analysis
from lanzarote.committee.forms import AdoptedAtForm
from lanzarote.committee.selectors import meeting_choices
from lanzarote.legislation.models import SelfAssessment
from lanzarote.legislation.permissions import can_read_assessment
from lanzarote.lib import pagecache
from lanzarote.lib.params import MAX_POSITION, bad_request, id_param
from lanzarote.monitoring.models import CodingScheme
from lanzarote.monitoring.selectors import round_get
from lanzarote.treaties.models import Pillar, Treaty

from . import renderers, selectors, services
from .annual import annual_build
from .charts import counts_table
from .factsheet import factsheet_from_json
from .gap import gap_build
from .models import AnnualReportText, Publication, Rendering, ReportSection
from .overview import NOT_ASSESSED, overview_build
from .permissions import can_comment_draft, can_export_round, can_publish, can_read_draft


def _reader(request) -> None:
    if not can_read_analysis(request.user):
        raise PermissionDenied(
            _(
                "The live overview is read by the Secretariat and the Committee; "
                "the public reads its published versions."
            )
        )


def _data(request, uid):
    _reader(request)
    return _data_of(round_get(uid=uid, viewer=request.user))


def _data_of(round_):
    scheme = CodingScheme.objects.filter(round=round_).select_related("round").first()
    if scheme is None:
        raise Http404("this round has no coding scheme")
    return round_, overview_build(scheme=scheme, lang=get_language()[:2])


# What the live overview is built from: adopted findings ("assessments"; drafts and other work
# in progress bump "assessments.work" instead, audit/services.py), the rounds, schemes and
# indicators, the States' names, the treaty's provisions and pillars.
OVERVIEW_TOPICS = ("assessments", "monitoring", "parties", "treaties")


@require_safe
@login_required
def overview(request, uid):
    """The live matrix: from the page cache while no finding is adopted or reopened and the
    scheme, the rounds and the States are unchanged (lib/pagecache.py); about 260 ms to build
    at 50 Parties x 200 indicators."""
    _reader(request)
    # The round is read only to build the page: whether it is visible depends on the reader's
    # role and demonstration scope (the audience, part of the key) and on the round itself
    # (the "monitoring" topic, part of the key), and a 404 is never stored; so a page in the
    # cache is one this audience may read at these versions, and a hit makes no query for it.
    return pagecache.cached_page(
        request,
        name="reports.overview",
        audience=audience_of(request.user),
        topics=OVERVIEW_TOPICS,
        render=lambda extra: _overview_page(
            request, round_get(uid=uid, viewer=request.user), extra
        ),
    )


def _overview_page(request, round_, extra):
    round_, data = _data_of(round_)
    group, pillar = request.GET.get("group", ""), request.GET.get("pillar", "")
    value, sort = request.GET.get("value", ""), request.GET.get("sort", "")
    indicators = [
        i
        for i in data.indicators
        if (not group or i.group == group) and (not pillar or pillar in i.pillars)
    ]
    parties = list(data.parties)
    if value:
        parties = [
            p
            for p in parties
            if any(data.cells[(p.iso2, i.code)].value == value for i in indicators)
        ]
    by = next((i for i in indicators if i.code == sort), None)
    if by is not None:
        order = {v.code: n for n, v in enumerate(by.values)}
        parties.sort(
            key=lambda p: (order.get(data.cells[(p.iso2, by.code)].value, len(order)), p.name)
        )
    rows = [(p, [data.cells[(p.iso2, i.code)] for i in indicators]) for p in parties]
    finding_url = reverse("assessments:finding", args=[0])[:-2]  # one reverse() for all cells
    values = {v.code: v.label for i in data.indicators for v in i.values}
    return render(
        request,
        "reports/overview.html",
        {
            "round": round_,
            "data": data,
            "indicators": indicators,
            "rows": rows,
            "groups": sorted({(i.group, i.group_label) for i in data.indicators if i.group}),
            "pillars": [
                (p, label)
                for p, label in Pillar.choices
                if any(p in i.pillars for i in data.indicators)
            ],
            "values": [*sorted(values.items()), (NOT_ASSESSED, _("Not assessed"))],
            "group": group,
            "pillar": pillar,
            "value": value,
            "sort": sort,
            "statements": [
                s for s in data.statements if s.indicator in {i.code for i in indicators}
            ],
            "can_publish": can_publish(request.user),
            "matrix_body": _matrix_body(rows, finding_url),
            "figures": [(i, counts_table(data, i)) for i in indicators],
            **extra,
        },
    )


def _matrix_body(rows, finding_url: str) -> SafeString:
    """The matrix's rows as HTML. Built here, not in the template: at 50 Parties x 200
    indicators the template language took 300 ms for these 10,000 cells, this takes about 15
    (benchmarks/overview_page.py). Every text is escaped."""
    state_url = reverse("parties:state", args=["XX"])[:-3]
    out = []
    for party, cells in rows:
        out.append(
            f'<tr><th scope="row"><a href="{state_url}{escape(party.iso2)}/">'
            f"{escape(party.name)}</a></th>"
        )
        for cell in cells:
            label: str = escape(cell.label)
            if cell.finding:
                label = f'<a href="{finding_url}{int(cell.finding)}/">{label}</a>'
            out.append(f'<td class="v v-{escape(cell.value)}">{label}</td>')
        out.append("</tr>\n")
    return mark_safe("".join(out))  # every part above is escaped


@require_safe
@login_required
def overview_download(request, uid, fmt):
    """The live overview's open data, as CSV, XLSX or JSON."""
    round_, data = _data(request, uid)
    renderer = renderers.OVERVIEW_DATA.get(fmt)
    if renderer is None:
        raise Http404("unknown format")
    edition = renderers.Edition(
        kind="overview",
        data=data,
        version=0,
        demo=round_.is_demo,
        stem=f"{round_.uid}-overview-{data.lang}",
    )
    name, content_type, content = renderer.render(edition, data.lang)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@login_required
def round_export(request, uid):
    """The round's record as one ZIP (reports/bundle.py), for the Secretariat: built into a
    temporary file, then streamed."""
    import tempfile

    from .bundle import round_bundle_name, round_bundle_write

    round_ = round_get(uid=uid, viewer=request.user)
    if not can_export_round(request.user, round_):
        raise PermissionDenied
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it once sent
    round_bundle_write(round_=round_, out=out, exported_by=request.user.get_username())
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=round_bundle_name(round_),
        content_type="application/zip",
    )


def _publishing(request, uid, action, success) -> HttpResponse:
    """One publishing action: the service on the round, its refusal said to the person, then
    the publications page. ``success`` words the outcome from what was made."""
    round_ = round_get(uid=uid, viewer=request.user)
    try:
        made = action(round_=round_, actor=request.user)
    except services.PublishError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success(made))
    return redirect("reports:publications")


@require_POST
@login_required
def overview_publish(request, uid):
    return _publishing(
        request,
        uid,
        services.overview_publish,
        lambda made: _(
            "The overview is being published in English and French, in four formats each."
        ),
    )


@require_POST
@login_required
def publish_all(request, uid):
    def said(made):
        drafts = sum(1 for p in made if p.status == Publication.Status.DRAFT)
        return _(
            "%(n)s publications are being rendered, and %(d)s country factsheet drafts "
            "await the Parties' reply."
        ) % {"n": len(made) - drafts, "d": drafts}

    return _publishing(request, uid, services.publish_all, said)


@require_POST
@login_required
def thematic_publish(request, uid, group):
    def action(*, round_, actor):
        return services.thematic_publish(round_=round_, group=group, actor=actor)

    return _publishing(
        request,
        uid,
        action,
        lambda made: _(
            "The thematic factsheet is being published in English and French, in four formats each."
        ),
    )


@require_POST
@login_required
def factsheets_draft(request, uid):
    return _publishing(
        request,
        uid,
        services.country_factsheets_draft,
        lambda made: (
            _("%(n)s country factsheet drafts are ready for the Parties' reply.")
            % {"n": len(made) // 2}
        ),
    )


@require_POST
@login_required
def drafts_publish(request, uid):
    return _publishing(
        request,
        uid,
        services.drafts_publish,
        lambda made: _("%(n)s drafts are being published (four formats each).") % {"n": len(made)},
    )


@login_required
def report(request, uid):
    """The Secretariat composes the round's implementation report: its own text between the
    adopted findings of groups of indicators."""
    if not can_publish(request.user):
        raise PermissionDenied(_("The Secretariat writes the implementation report."))
    round_ = round_get(uid=uid, viewer=request.user)
    scheme = CodingScheme.objects.filter(round=round_).first()
    if request.method == "POST":
        post = request.POST
        section = None
        if post.get("section"):
            if (pk := id_param(post["section"])) is None:
                return bad_request(request, _("“section” must be the number of a section."))
            section = get_object_or_404(ReportSection, round=round_, pk=pk)
        try:
            if post.get("delete") and section is not None:
                services.section_delete(section=section, actor=request.user)
            else:
                services.section_save(
                    round_=round_,
                    actor=request.user,
                    section=section,
                    kind=post.get("kind", ""),
                    group=post.get("group", ""),
                    position=_position(post.get("position")),
                    texts={
                        k: post.get(k, "") for k in ("title_en", "title_fr", "text_en", "text_fr")
                    },
                )
        except services.PublishError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The report is saved."))
        return redirect("reports:report", uid=round_.uid)
    groups = dict.fromkeys(scheme.indicators.values_list("group", flat=True)) if scheme else {}
    return render(
        request,
        "reports/report.html",
        {
            "round": round_,
            "sections": selectors.report_sections(round_=round_),
            "groups": [g for g in groups if g],
            "kinds": ReportSection.Kind.choices,
        },
    )


def _position(value) -> int | None:
    try:
        return min(max(1, int(value)), MAX_POSITION) if value not in (None, "") else None
    except ValueError:  # not a number, or more digits than Python converts
        return None


@require_POST
@login_required
def report_publish(request, uid):
    return _publishing(
        request,
        uid,
        services.report_publish,
        lambda made: _(
            "The implementation report is being published in English and French, in four formats "
            "each; its Word version is for final editing."
        ),
    )


@login_required
def draft(request, pk):
    """A country factsheet's draft, for the Party's right of reply."""
    publication = get_object_or_404(
        Publication.objects.select_related("round", "party"), pk=pk, status=Publication.Status.DRAFT
    )
    if not can_read_draft(request.user, publication):
        raise Http404("no such draft")  # the same answer as for a draft that does not exist
    if request.method == "POST":
        try:
            services.comment_add(
                publication=publication, actor=request.user, text=request.POST.get("text", "")
            )
        except services.PublishError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your comment is recorded."))
        return redirect("reports:draft", pk=publication.pk)
    data = factsheet_from_json(publication.data)
    return render(
        request,
        "reports/draft.html",
        {
            "publication": publication,
            "data": data,
            "title": renderers.country_title(data),
            "comments": selectors.draft_comments(publication=publication),
            "can_comment": can_comment_draft(request.user, publication),
        },
    )


@require_safe
def publications(request):
    """Everything published, for everyone: each series with its newest version first."""
    series: dict[str, list[Publication]] = {}
    for publication in selectors.publications_published():
        series.setdefault(publication.key, []).append(publication)
    return render(
        request,
        "reports/publications.html",
        {
            "series": list(series.values()),
            # the Secretariat names the meeting that adopted a report (one list for the page)
            "meetings": list(
                meeting_choices(
                    treaty=get_object_or_404(Treaty, code=settings.LANZAROTE_TREATY)
                ).filter(status="held")
            )
            if can_publish(request.user)
            else [],
            "adopted_kinds": services.ADOPTED_KINDS,
            "pending": selectors.publications_pending(viewer=request.user),
            "own_drafts": selectors.publications_own_drafts(viewer=request.user),
        },
    )


@require_POST
@login_required
def publication_meeting(request, pk):
    """The Secretariat names the meeting that adopted a report (both languages' version)."""
    publication = get_object_or_404(
        Publication.objects.select_related("round__treaty"),
        pk=pk,
        kind__in=services.ADOPTED_KINDS,
    )
    if not can_publish(request.user):
        raise PermissionDenied(_("only the Secretariat writes the report"))
    treaty = (
        publication.round.treaty
        if publication.round
        else get_object_or_404(Treaty, code=publication.subject)
    )
    form = AdoptedAtForm(request.POST, treaty=treaty)
    if not form.is_valid():
        messages.error(request, _("Choose meetings from the list."))
    else:
        try:
            services.publication_adopted_at_set(
                publication=publication, meeting=form.cleaned_data["adopted_at"], actor=request.user
            )
        except services.PublishError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The meetings are recorded."))
    return redirect(reverse("reports:publications") + f"#pub-{publication.pk}")


@require_safe
def publication_file(request, pk, fmt):
    """A published file, as it was rendered (immutable: cached for long, checksum given)."""
    rendering = get_object_or_404(
        Rendering.objects.select_related("publication"),
        publication__pk=pk,
        format=fmt,
        publication__status=Publication.Status.PUBLISHED,
    )
    publication = rendering.publication
    response = FileResponse(
        default_storage.open(rendering.file.name, "rb"),
        content_type=services.CONTENT_TYPES[fmt],
        as_attachment=True,
        filename=f"{publication.key.replace(':', '-')}-v{publication.version}.{fmt}",
    )
    response["Digest"] = f"sha-256={rendering.sha256}"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_safe
@login_required
def indicator_figure(request, uid, code, figure):
    """The bar chart, the map or the trend across rounds of one indicator of the live overview,
    as SVG."""
    from lanzarote.parties.models import State

    from . import charts

    _round, data = _data(request, uid)
    indicator = next((i for i in data.indicators if i.code == code), None)
    if indicator is None or figure not in ("chart", "map", "trend"):
        raise Http404("no such figure")
    if figure == "chart":
        svg = charts.bar_svg(data, indicator, axis_title=_("Parties"))
    elif figure == "trend":
        trend = data.trend_of().get(code)
        if trend is None:
            raise Http404("this indicator recurs in no other round")
        svg = charts.trend_svg(trend, title=indicator.label, axis_title=_("Parties"))
    else:
        numeric = dict(
            State.objects.filter(iso2__in=[p.iso2 for p in data.parties]).values_list(
                "iso2", "iso_numeric"
            )
        )
        svg = charts.map_svg(data, indicator, numeric=numeric, outside=_("Not in this overview"))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=60"
    return response


@login_required
def draft_download(request, pk, fmt):
    """A country factsheet's draft as PDF or DOCX, for those who read the draft (the Party's
    focal point among them), marked as a draft."""
    publication = get_object_or_404(
        Publication.objects.select_related("round", "party"), pk=pk, status=Publication.Status.DRAFT
    )
    if fmt not in renderers.DRAFT or publication.kind != Publication.Kind.COUNTRY:
        raise Http404("no such file")
    if not can_read_draft(request.user, publication):
        raise Http404("no such draft")  # as the draft's page: a 403 would tell that it exists
    name, content_type, content = services.draft_file(publication=publication, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def self_assessment_file(request, pk: int, fmt: str):
    """A legal self-assessment's gap report as HTML, PDF, DOCX or XLSX, in the language asked
    (``?lang=fr``), rendered on request by the publication renderers; read as the page is."""
    assessment = get_object_or_404(SelfAssessment.objects.select_related("state", "treaty"), pk=pk)
    if not can_read_assessment(request.user, assessment):
        raise Http404("no such self-assessment")
    renderer = renderers.PUBLICATION.get(fmt)
    if renderer is None:
        raise Http404("no such format")
    lang = "fr" if request.GET.get("lang", get_language()[:2]) == "fr" else "en"
    edition = renderers.Edition(
        kind="gap",
        data=gap_build(assessment=assessment, lang=lang),
        version=1,
        demo=False,
        stem=f"self-assessment-{assessment.pk}-{lang}",
    )
    name, mimetype, content = renderer.render(edition, lang)
    response = HttpResponse(content, content_type=mimetype)
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


# --- the annual activity report ----------------------------------------------------------------


def _treaty_and_year(code: str, year: int) -> Treaty:
    treaty = get_object_or_404(Treaty, code=code)
    try:
        services.annual_year_check(year)
    except services.PublishError as exc:
        raise Http404(str(exc)) from exc
    return treaty


@require_safe
def annual_reports(request):
    """The annual activity reports published, by treaty and year (everyone); the Secretariat
    chooses a year to prepare (``?treaty=…&year=…`` takes it there)."""
    code, year = request.GET.get("treaty"), request.GET.get("year", "")
    if code and can_publish(request.user):
        if not year.isdigit() or len(year) != 4:
            return bad_request(request, _("“year” must be a year, such as 2019."))
        treaty = Treaty.objects.filter(code=code).first()
        if treaty is None:
            return bad_request(request, _("“treaty” must be one of the treaties in the list."))
        return redirect("reports:annual_report", code=treaty.code, year=int(year))
    return render(
        request,
        "reports/annual_reports.html",
        {
            "published": selectors.annual_published(),
            "treaties": Treaty.objects.order_by("code") if can_publish(request.user) else [],
            "years": selectors.annual_years(),
        },
    )


@login_required
def annual_report(request, code: str, year: int):
    """The Secretariat prepares a year's annual activity report: the sections generated from
    the record (shown as they stand today, in the page's language) and its own texts between
    them; then publishes it."""
    if not can_publish(request.user):
        raise PermissionDenied(_("The Secretariat writes the annual activity report."))
    treaty = _treaty_and_year(code, year)
    if request.method == "POST":
        post = request.POST
        text = None
        if post.get("text"):
            if (pk := id_param(post["text"])) is None:
                return bad_request(request, _("“text” must be the number of a text."))
            text = get_object_or_404(AnnualReportText, treaty=treaty, year=year, pk=pk)
        try:
            if post.get("delete") and text is not None:
                services.annual_text_delete(text=text, actor=request.user)
            else:
                services.annual_text_save(
                    treaty=treaty,
                    year=year,
                    actor=request.user,
                    text=text,
                    after=post.get("after", ""),
                    position=_position(post.get("position")),
                    texts={
                        k: post.get(k, "") for k in ("title_en", "title_fr", "text_en", "text_fr")
                    },
                )
        except services.PublishError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The annual report is saved."))
        return redirect("reports:annual_report", code=treaty.code, year=year)
    lang = get_language() or "en"
    return render(
        request,
        "reports/annual_report.html",
        {
            "treaty": treaty,
            "year": year,
            "data": annual_build(treaty=treaty, year=year, lang=lang[:2]),
            "texts": selectors.annual_texts(treaty=treaty, year=year),
            "afters": AnnualReportText.After.choices,
        },
    )


@require_POST
@login_required
def annual_publish(request, code: str, year: int):
    treaty = _treaty_and_year(code, year)
    try:
        services.annual_publish(treaty=treaty, year=year, actor=request.user)
    except services.PublishError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "The annual activity report %(year)s is being published in English and French, "
                "in four formats each."
            )
            % {"year": year},
        )
    return redirect("reports:publications")
