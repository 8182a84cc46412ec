"""The uploaded ledger given back with a result column: what happened to each row, and why."""

import csv
import io

from python_calamine import CalamineWorkbook

from homeward.core.excel import workbook_bytes
from homeward.crypto import mask_value

from .importer import OUTCOME_LABELS


def _raw_rows(content: bytes, filename: str, sheet: str) -> list[list]:
    if filename.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return list(csv.reader(io.StringIO(content.decode(encoding))))
            except UnicodeDecodeError:
                continue
        return []
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    name = sheet if sheet in book.sheet_names else book.sheet_names[0]
    return book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def result_sheet(content: bytes, report: dict, *, masked: bool = True) -> bytes:
    """Every row of the original sheet, with 导入结果 (and the reasons) added on the right.

    The header of that column names the columns holding data that were not imported. `masked`
    (unless the reader may see the file in full): every ID and phone number in any cell masked.
    """
    rows = _raw_rows(content, report["filename"], report["sheet"])
    outcomes = {line["row"]: line for line in report["rows"]}
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
