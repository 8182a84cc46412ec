"""The report tables as an Excel workbook in the offices' layout: one sheet a table, a title
with the month, 填报单位 and 填报日期, merged two-level headers with each column's unit, the
rows of the areas and their total, the table's note, and 负责人 / 审核人 / 填表人 below.

Written with openpyxl's normal workbook (merged cells need it), under core.excel's rule: every
text cell is typed as text, so a name beginning with "=" never runs as a formula (S11).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from homeward.core.excel import FORMULA_STARTS  # noqa: F401  (the rule text_cell follows)

from .figures import TABLES

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
FIRST_DATA_ROW = 5


@dataclass
class Row:
    code: str
    name: str
    state: str = ""
    total: bool = False
    indent: int = 0


@dataclass
class Signatures:
    unit: str  # 填报单位
    filled_on: dt.date  # 填报日期
    head: str = ""  # 负责人
    reviewer: str = ""  # 审核人
    filled_by: str = ""  # 填表人


def put(sheet, row: int, column: int, value, *, bold=False, box=True, centre=False):
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever it starts with (core.excel's rule)
    elif isinstance(value, Decimal):
        cell.number_format = "0.00"
    if bold:
        cell.font = Font(bold=True)
    if box:
        cell.border = BOX
    if centre:
        cell.alignment = CENTRE
    return cell


def _sheet(book, table, month, rows: list[Row], shown: dict, signs: Signatures):
    sheet = book.create_sheet(str(table.title)[:31])
    width = 2 + len(table.columns)
    last = get_column_letter(width)
    title = pgettext("reports", "%(table)s (%(year)s-%(month)s)") % {
        "table": table.title,
        "year": str(month.year),
        "month": f"{month.month:02d}",
    }
    put(sheet, 1, 1, title, box=False, centre=True).font = Font(bold=True, size=14)
    sheet.merge_cells(f"A1:{last}1")
    half = max(2, width // 2)
    put(sheet, 2, 1, pgettext("reports", "Reporting unit: %s") % signs.unit, box=False)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=half)
    put(
        sheet,
        2,
        half + 1,
        pgettext("reports", "Date filled: %s") % signs.filled_on.isoformat(),
        box=False,
    )
    if half + 1 < width:
        sheet.merge_cells(start_row=2, start_column=half + 1, end_row=2, end_column=width)
    for column, text in (
        (1, pgettext("reports", "Area")),
        (2, pgettext("reports", "Report state")),
    ):
        put(sheet, 3, column, text, bold=True, centre=True)
        put(sheet, 4, column, None)
        sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
    column = 3
    columns = list(table.columns)
    i = 0
    while i < len(columns):
        group = columns[i].group
        span = 1
        while group and i + span < len(columns) and columns[i + span].group == group:
            span += 1
        for j in range(span):
            c = columns[i + j]
            label = f"{c.name}（{c.unit}）"
            if group:
                put(sheet, 4, column + j, label, bold=True, centre=True)
            else:
                put(sheet, 3, column + j, label, bold=True, centre=True)
                put(sheet, 4, column + j, None)
                sheet.merge_cells(
                    start_row=3, start_column=column + j, end_row=4, end_column=column + j
                )
        if group:
            put(sheet, 3, column, str(group), bold=True, centre=True)
            for j in range(1, span):
                put(sheet, 3, column + j, None)
            if span > 1:
                sheet.merge_cells(
                    start_row=3, start_column=column, end_row=3, end_column=column + span - 1
                )
        column += span
        i += span
    line = FIRST_DATA_ROW
    for row in rows:
        put(sheet, line, 1, ("　" * row.indent) + row.name, bold=row.total)
        put(sheet, line, 2, row.state)
        for j, c in enumerate(table.columns):
            put(sheet, line, 3 + j, shown[row.code][c.key], bold=row.total)
        line += 1
    if table.note:
        put(sheet, line, 1, pgettext("reports", "Note: %s") % table.note, box=False)
        sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=width)
        line += 1
    signed = pgettext(
        "reports", "Head: %(head)s    Reviewer: %(reviewer)s    Filled in by: %(by)s"
    ) % {
        "head": signs.head or "________",
        "reviewer": signs.reviewer or "________",
        "by": signs.filled_by or "________",
    }
    put(sheet, line + 1, 1, signed, box=False)
    sheet.merge_cells(start_row=line + 1, start_column=1, end_row=line + 1, end_column=width)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 14
    for j in range(len(table.columns)):
        sheet.column_dimensions[get_column_letter(3 + j)].width = 12
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=3)


def workbook_bytes(month: dt.date, rows: list[Row], shown: dict, signs: Signatures) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in TABLES:
        _sheet(book, table, month, rows, shown, signs)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_cells(content: bytes, table_code: str) -> dict[str, dict[str, object]]:
    """A downloaded workbook's cells of one table, {area name: {column key: value}} (tests and
    the check that a file matches the page)."""
    from openpyxl import load_workbook

    table = next(t for t in TABLES if t.code == table_code)
    book = load_workbook(BytesIO(content))
    sheet = book[str(table.title)[:31]]
    found = {}
    for line in range(FIRST_DATA_ROW, sheet.max_row + 1):
        name = sheet.cell(row=line, column=1).value
        if not name or sheet.cell(row=line, column=3).value is None:
            continue
        found[str(name).strip("　")] = {
            c.key: sheet.cell(row=line, column=3 + j).value for j, c in enumerate(table.columns)
        }
    return found
