"""The comparative overview: the live matrix for the Secretariat and the Committee, and its
open data. (Published versions, for everyone, are publications.)"""

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lanzarote.accounts.permissions import is_committee_member, is_secretariat
from lanzarote.lib.downloads import csv_download, json_download
from lanzarote.monitoring.models import CodingScheme
from lanzarote.monitoring.selectors import round_get
from lanzarote.treaties.models import Pillar

from .overview import NOT_ASSESSED, ROW_FIELDS, overview_build, overview_rows


def _data(request, uid):
    if not (is_secretariat(request.user) or is_committee_member(request.user)):
        raise PermissionDenied(_("The live overview is read by the Secretariat and the Committee; "
                                 "the public reads its published versions."))  # fmt: skip
    round_ = round_get(uid=uid, viewer=request.user)
    scheme = CodingScheme.objects.filter(round=round_).select_related("round").first()
    if scheme is None:
        raise Http404("this round has no coding scheme")
    return round_, overview_build(scheme=scheme, lang=get_language()[:2])


@login_required
def overview(request, uid):
    round_, data = _data(request, uid)
    group, pillar = request.GET.get("group", ""), request.GET.get("pillar", "")
    value, sort = request.GET.get("value", ""), request.GET.get("sort", "")
    indicators = [i for i in data.indicators
                  if (not group or i.group == group) and (not pillar or pillar in i.pillars)]  # fmt: skip
    parties = list(data.parties)
    if value:
        parties = [p for p in parties
                   if any(data.cells[(p.iso2, i.code)].value == value for i in indicators)]  # fmt: skip
    by = next((i for i in indicators if i.code == sort), None)
    if by is not None:
        order = {v.code: n for n, v in enumerate(by.values)}
        parties.sort(key=lambda p: (order.get(data.cells[(p.iso2, by.code)].value, len(order)),
                                    p.name))  # fmt: skip
    rows = [(p, [data.cells[(p.iso2, i.code)] for i in indicators]) for p in parties]
    values = {v.code: v.label for i in data.indicators for v in i.values}
    return render(request, "reports/overview.html", {
        "round": round_, "data": data, "indicators": indicators, "rows": rows,
        "groups": sorted({(i.group, i.group_label) for i in data.indicators if i.group}),
        "pillars": [(p, label) for p, label in Pillar.choices
                    if any(p in i.pillars for i in data.indicators)],
        "values": [*sorted(values.items()), (NOT_ASSESSED, _("not assessed"))],
        "group": group, "pillar": pillar, "value": value, "sort": sort,
        "statements": [s for s in data.statements if s.indicator in {i.code for i in indicators}],
    })  # fmt: skip


@login_required
def overview_download(request, uid, fmt):
    round_, data = _data(request, uid)
    name = f"{round_.uid}-overview-{data.lang}"
    rows = overview_rows(data)
    if fmt == "csv":
        return csv_download(filename=f"{name}.csv", fields=ROW_FIELDS, rows=rows)
    if fmt == "json":
        return json_download(filename=f"{name}.json", payload={
            "round": data.round, "scheme_version": data.scheme_version, "lang": data.lang,
            "source": "adopted findings only", "rows": rows,
            "findings": [{"indicator": s.indicator, "text": s.text} for s in data.statements],
        })  # fmt: skip
    if fmt == "xlsx":
        return _xlsx(f"{name}.xlsx", data, rows)
    raise Http404("unknown format")


def _xlsx(filename, data, rows) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    matrix = book.active
    matrix.title = _("Matrix")[:31]
    matrix.append([_("Party"), *[i.label for i in data.indicators]])
    for party in data.parties:
        matrix.append([party.name, *[c.label for c in data.row(party.iso2)]])
    for cell in matrix[1]:
        cell.font = Font(bold=True)
    matrix.freeze_panes = "B2"
    table = book.create_sheet(_("Data")[:31])
    table.append(ROW_FIELDS)
    for row in rows:
        table.append([row[f] for f in ROW_FIELDS])
    statements = book.create_sheet(_("Findings")[:31])
    for statement in data.statements:
        statements.append([statement.indicator, statement.text])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))  # fmt: skip
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
