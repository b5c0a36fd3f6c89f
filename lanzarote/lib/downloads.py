"""Open-data downloads: the same rows as CSV or as JSON, as a file to save."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse, JsonResponse

from .spreadsheet import Sheet, csv_row, xlsx_bytes


def csv_download(*, filename: str, fields: list[str], rows: Iterable[dict]) -> HttpResponse:
    """Unknown values (None) are empty cells; text that a spreadsheet would run as a formula is
    quoted (lib/spreadsheet.py)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.DictWriter(response, fieldnames=fields)
    writer.writeheader()
    writer.writerows(csv_row(row) for row in rows)
    return response


def json_download(*, filename: str, payload: dict) -> JsonResponse:
    """Unknown values are null."""
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_download(
    *, filename: str, fields: list[str], rows: Iterable[dict], title: str = "Data"
) -> HttpResponse:
    """The same rows as csv_download, as one XLSX sheet; text a spreadsheet would run as a
    formula is kept as text (lib/spreadsheet.py)."""
    sheet = Sheet(title, [fields, *[[row.get(field) for field in fields] for row in rows]])
    response = HttpResponse(xlsx_bytes([sheet]), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
