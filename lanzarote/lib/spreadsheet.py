"""Cells that a spreadsheet shows as typed, never runs.

A text that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
programs skip before reading one of those) is read as a formula by Excel and LibreOffice when the
file is opened: a focal point's answer quoted as evidence, ``=HYPERLINK("http://…","Click")``,
would become a live link in a public factsheet. Every CSV and XLSX writer passes its values through
here (CSV or formula injection, OWASP).

- CSV has no types: such a text is prefixed with an apostrophe, which spreadsheets hide and treat
  as "this is text".
- XLSX has types: the text is kept exactly as written and stored as a string cell marked as quoted
  text, so that the program does not turn it into a formula even when the cell is edited.

Numbers (ints, floats, decimals, and texts that are nothing but a number such as ``-12.5``) are
left alone: a negative number stays a number.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def is_formula_like(value: Any) -> bool:
    """True for a text that a spreadsheet would read as a formula."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    )


def csv_cell(value: Any) -> Any:
    """The value to write in a CSV cell: formula-like text gets a leading apostrophe."""
    return "'" + value if is_formula_like(value) else value


def csv_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: csv_cell(value) for key, value in row.items()}


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """The values of one row for ``sheet.append``: formula-like text becomes a string cell,
    written as typed. Works for normal and write-only openpyxl workbooks."""
    from openpyxl.cell import WriteOnlyCell

    out = []
    for value in values:
        if is_formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # openpyxl made it "f" (formula) because it starts with "="
            cell.quotePrefix = True  # and the program keeps it text when someone edits it
            out.append(cell)
        else:
            out.append(value)
    return out


def xlsx_append(sheet: Any, values: Iterable[Any]) -> None:
    """``sheet.append(values)``, with formula-like text kept as text."""
    sheet.append(xlsx_row(sheet, values))


@dataclass(frozen=True)
class Sheet:
    """A table built once, written as an XLSX sheet or a CSV file: its rows, the first being
    the header when there is one. ``styled`` sheets have a bold first row and ``freeze`` panes
    (an XLSX with a styled sheet is written as a normal workbook, any other as write-only)."""

    title: str
    rows: Sequence[Sequence[Any]]
    styled: bool = False
    freeze: str | None = None


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """The sheets as one workbook, formula-like text kept as text."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    sheets = list(sheets)
    styled = any(sheet.styled for sheet in sheets)
    book = Workbook(write_only=not styled)
    for n, sheet in enumerate(sheets):
        if styled and n == 0:
            out = book.active
            out.title = sheet.title[:31]
        else:
            out = book.create_sheet(sheet.title[:31])
        for row in sheet.rows:
            xlsx_append(out, row)
        if sheet.styled:
            for cell in out[1]:
                cell.font = Font(bold=True)
        if sheet.freeze:
            out.freeze_panes = sheet.freeze
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(sheet: Sheet) -> bytes:
    """The sheet as CSV in UTF-8 (its first row the header); unknown values (None) are empty
    cells, formula-like text quoted."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([csv_cell(value) for value in row] for row in sheet.rows)
    return buffer.getvalue().encode()
