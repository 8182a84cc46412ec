"""The uploaded ledger given back with a result column: what happened to each row, and why."""

import csv
import io

from python_calamine import CalamineWorkbook

from homeward.core.excel import workbook_bytes
from homeward.crypto import mask_value

from .importer import OUTCOME_LABELS, column_choices, import_ledger
from .ledger import csv_reader


def _raw_rows(content: bytes, filename: str, sheet: str) -> list[list]:
    if not content.startswith((b"PK", b"\xd0\xcf\x11\xe0")):  # not a workbook: CSV, as read
        try:
            return list(csv_reader(content, filename))
        except csv.Error:
            return []
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    name = sheet if sheet in book.sheet_names else book.sheet_names[0]
    return book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def _lines(content: bytes, report: dict) -> list[dict]:
    """Every row's outcome: the stored report's, or, when it lists only some rows (a large
    file), the same dry run again (the file is still kept while it waits for confirmation)."""
    if len(report["rows"]) >= report.get("rows_total", 0):
        return report["rows"]
    again = import_ledger(
        content,
        report["filename"],
        region=report["region"],
        dry_run=True,
        columns=column_choices(report["region"]),
    )
    return again.as_dict(rows=None)["rows"]


def result_sheet(content: bytes, report: dict, *, masked: bool = True) -> bytes:
    """Every row of the original sheet, with 导入结果 (and the reasons) added on the right.

    The header of that column names the columns holding data that were not imported. `masked`
    (unless the reader may see the file in full): every ID and phone number in any cell masked.
    """
    rows = _raw_rows(content, report["filename"], report["sheet"])
    outcomes = {line["row"]: line for line in _lines(content, report)}
    header_row = report["header_row"]
    width = max((len(r) for r in rows), default=0)
    out = []
    for number, cells in enumerate(rows, start=1):
        cells = list(cells) + [""] * (width - len(cells))
        if number == header_row:
            unmapped = [column["header"] for column in report.get("unmapped_columns", ())]
            cells.append(
                "导入结果" + (f"（未导入的列：{'、'.join(unmapped)}）" if unmapped else "")
            )
        elif number in outcomes:
            line = outcomes[number]
            cells.append(" ".join([OUTCOME_LABELS[line["outcome"]], *line["messages"]]))
        out.append(mask_value(cells) if masked else cells)
    return workbook_bytes(out, sheet_name="导入结果")  # same row numbers as the original
