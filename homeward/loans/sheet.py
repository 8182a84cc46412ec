"""The bank's repayment report (还款明细), read and checked row by row. Pure.

Excel or CSV read as the wage sheets are (`wages.sheets`: the same zip pre-check, row cap and
encodings). Columns by their Chinese names:

    贷款合同编号  期次  还款日期  还款本金  还款利息  [逾期罚息]  银行流水号

Each row becomes a dict of clean values, or a Chinese reason naming its row number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from homeward.wages.sheets import (
    MAX_ROWS,
    SheetError,
    _cell,
    _date,
    _decimal,
    _header,
    _table,
    _text,
)

__all__ = ["COLUMNS", "SheetError", "Sheet", "read"]

MAX_AMOUNT = Decimal(100_000_000)
COLUMNS = {
    "contract_no": ("贷款合同编号", "合同编号", "contract_no"),
    "period": ("期次", "还款期次", "period"),
    "paid_on": ("还款日期", "实际还款日期", "paid_on"),
    "principal": ("还款本金", "实还本金", "principal"),
    "interest": ("还款利息", "实还利息", "interest"),
    "penalty": ("逾期罚息", "罚息", "penalty"),
    "bank_ref": ("银行流水号", "交易流水号", "bank_ref"),
}
REQUIRED = ("contract_no", "period", "paid_on", "principal", "interest", "bank_ref")


@dataclass
class Sheet:
    rows: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def _period(values) -> int:
    text = _text(values, "period", "期次", required=True, limit=4)
    if not text.isdigit() or not 1 <= int(text) <= 500:
        raise ValueError(f"期次“{text}”应是 1 到 500 的整数")
    return int(text)


def read(data: bytes, filename: str, *, today: date) -> Sheet:
    table = _table(data, filename)
    header_at, at = _header(table, COLUMNS, REQUIRED, filename)
    rows = table[header_at + 1 :]
    if len(rows) > MAX_ROWS:
        raise SheetError(f"“{filename}”超过 {MAX_ROWS} 行，请拆分后再上传")
    sheet = Sheet()
    for number, cells in rows:
        values = {key: _cell(cells, i) for key, i in at.items()}
        if not any(v not in ("", None) for v in values.values()):
            continue
        try:
            clean = {
                "contract_no": _text(
                    values, "contract_no", "贷款合同编号", required=True, limit=40
                ),
                "period": _period(values),
                "paid_on": _date(values, "paid_on", "还款日期", today, required=True),
                "principal": _decimal(values, "principal", "还款本金", MAX_AMOUNT),
                "interest": _decimal(values, "interest", "还款利息", MAX_AMOUNT),
                "penalty": _decimal(values, "penalty", "逾期罚息", MAX_AMOUNT, required=False)
                or Decimal("0.00"),
                "bank_ref": _text(values, "bank_ref", "银行流水号", required=True, limit=40),
            }
            if clean["paid_on"] > today:
                raise ValueError(f"还款日期“{clean['paid_on']}”晚于今天")
        except ValueError as error:
            sheet.errors.append((number, str(error)))
        else:
            sheet.rows.append((number, clean))
    return sheet
