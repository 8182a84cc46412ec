"""Writing Excel files people open: every text cell stays text (SECURITY.md S11).

openpyxl stores a string that begins with "=" as a formula; a ledger cell such as "=HYPERLINK(…)"
or "+86…" must never run when a clerk opens the file, so text cells are typed as strings.
"""

from collections.abc import Iterable
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever it starts with
    return cell


def workbook_bytes(
    rows: Iterable[list],
    *,
    title: str | None = None,
    subtitle: str | None = None,
    header: list[str] | None = None,
    sheet_name: str = "Sheet1",
) -> bytes:
    """A one-sheet workbook: an optional title row, subtitle row and bold header, then the rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name)
    if title is not None:
        heading = WriteOnlyCell(sheet, value=title)
        heading.font = Font(bold=True, size=14)
        sheet.append([heading])
    if subtitle is not None:
        sheet.append([text_cell(sheet, subtitle)])
    if header:
        bold = Font(bold=True)
        header_cells = []
        for name in header:
            cell = text_cell(sheet, name)
            cell.font = bold
            cell.alignment = Alignment(horizontal="center")
            header_cells.append(cell)
        sheet.append(header_cells)
    for row in rows:
        sheet.append([text_cell(sheet, value) for value in row])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
