"""The roster, attendance and payroll sheets a contractor uploads, read and checked. Pure.

Excel (.xlsx/.xls through python-calamine, as the registry ledger reads) or CSV (UTF-8 or
GB18030, `workers.ledger.csv_reader`). The header is the first row naming the sheet's required
columns (titles above it are skipped); columns go by their Chinese names (or the file
interface's English ones). Each data row becomes a dict of clean values or a Chinese error naming
it; the importer writes nothing unless the whole file is clean (atomic).

    roster      姓名 身份证号 [手机号] [班组] [是否签订劳动合同] [合同签订日期] 计薪方式 约定工资
                进场日期 [离场日期]
    attendance  身份证号 月份 出勤天数            (days per month), or
                身份证号 日期 [上班时间] [下班时间] (a gate system's export, one row per person
                                                  per day: days counted per month)
    payroll     身份证号 姓名 [手机号] 工资月份 发放日期 出勤天数 [应发: 基本工资 加班工资 其他
                应发] [扣款: 代扣社保 其他扣款] 实发金额 [银行凭证号] 是否专户发放
"""

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from homeward.codes import bounds, idnumber, phone
from homeward.workers.ledger import MAX_ROWS, LedgerError, csv_reader
from homeward.workers.ledger import _check_unpacked as check_unpacked  # the ledger's zip-bomb cap

from .rules import parse_month

MAX_DAYS = Decimal(31)
MAX_PAYMENT = Decimal(10_000_000)

# column key → the names a header may use
ROSTER = {
    "name": ("姓名", "name"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "id_number"),
    "phone": ("手机号", "手机号码", "联系电话", "phone"),
    "team": ("班组", "所属班组", "team"),
    "contract_signed": ("是否签订劳动合同", "签订劳动合同", "contract_signed"),
    "contract_signed_on": ("合同签订日期", "contract_signed_on"),
    "wage_basis": ("计薪方式", "wage_basis"),
    "agreed_wage": ("约定工资", "agreed_wage"),
    "joined_on": ("进场日期", "joined_on"),
    "left_on": ("离场日期", "退场日期", "left_on"),
}
ROSTER_REQUIRED = ("name", "id_number", "wage_basis", "agreed_wage", "joined_on")
ATTENDANCE = {
    "id_number": ROSTER["id_number"],
    "month": ("月份", "考勤月份", "month"),
    "days": ("出勤天数", "days_worked"),
    "day": ("日期", "考勤日期", "date"),
    "in_at": ("上班时间", "进场时间"),
    "out_at": ("下班时间", "出场时间"),
}
PAYROLL_DUE = {"基本工资": "basic", "加班工资": "overtime", "其他应发": "other"}
PAYROLL_DEDUCTIONS = {"代扣社保": "social_insurance", "其他扣款": "other"}
PAYROLL = {
    "id_number": ROSTER["id_number"],
    "name": ROSTER["name"],
    "phone": ROSTER["phone"],
    "month": ("工资月份", "所属月份", "月份", "month"),
    "paid_on": ("发放日期", "paid_on"),
    "days": ("出勤天数", "days_worked"),
    "net_paid": ("实发金额", "实发工资", "amount"),
    "bank_voucher": ("银行凭证号", "银行流水号"),
    "from_special_account": ("是否专户发放", "from_special_account"),
    **{key: (label,) for label, key in PAYROLL_DUE.items() for key in [f"due_{key}"]},
    **{key: (label,) for label, key in PAYROLL_DEDUCTIONS.items() for key in [f"cut_{key}"]},
}
PAYROLL_REQUIRED = ("id_number", "name", "month", "paid_on", "days", "net_paid")
BASIS = {"按月": "month", "月": "month", "month": "month", "按日": "day", "日": "day", "day": "day"}
YES = {"是", "有", "已签", "y", "yes", "1", "true"}
NO = {"否", "无", "未签", "n", "no", "0", "false", ""}


_CONTROL = re.compile("[\x00-\x1f]")  # invisible characters a cell must not hold


class SheetError(ValueError):
    """The whole file cannot be read (its reason is for people)."""


@dataclass
class Sheet:
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, clean values)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason)
    per_day: bool = False  # attendance given as one row per person per day


def read(data: bytes, filename: str, kind: str, *, today: date) -> Sheet:
    """The sheet of `kind` ("roster", "attendance", "payroll"), every row checked."""
    columns, required, check = {
        "roster": (ROSTER, ROSTER_REQUIRED, _roster),
        "attendance": (ATTENDANCE, ("id_number",), _attendance),
        "payroll": (PAYROLL, PAYROLL_REQUIRED, _payroll),
    }[kind]
    table = _table(data, filename)
    header_at, at = _header(table, columns, required, filename)
    sheet = Sheet()
    if kind == "attendance":
        if "day" in at:
            sheet.per_day = True
        elif not {"month", "days"} <= set(at):
            raise SheetError(f"“{filename}”要有“月份”和“出勤天数”两列，或者每天一行的“日期”列")
    data_rows = table[header_at + 1 :]
    if len(data_rows) > MAX_ROWS:
        raise SheetError(f"“{filename}”超过 {MAX_ROWS} 行，请拆分后再上传")
    if kind == "payroll":
        _payroll_columns(data_rows, at, today, sheet)
        return sheet
    for number, cells in data_rows:
        values = {key: _cell(cells, i) for key, i in at.items()}
        if not any(v not in ("", None) for v in values.values()):
            continue
        try:
            sheet.rows.append((number, check(values, today, sheet.per_day)))
        except ValueError as error:
            sheet.errors.append((number, str(error)))
    return sheet


def _table(data: bytes, filename: str) -> list[tuple[int, list]]:
    suffix = Path(filename).suffix.lower()
    if data.startswith(b"PK") or data.startswith(b"\xd0\xcf\x11\xe0"):
        from python_calamine import CalamineError, CalamineWorkbook

        try:  # the registry ledger's caps: unpacked size and ratio before anything reads it
            check_unpacked(io.BytesIO(data), filename)
        except LedgerError as error:
            raise SheetError(str(error)) from None
        try:
            book = CalamineWorkbook.from_object(io.BytesIO(data))
            sheet = book.get_sheet_by_index(0)
        except (CalamineError, ValueError, OSError, IndexError):
            raise SheetError(f"“{filename}”打不开，文件可能已损坏") from None
        if sheet.height > MAX_ROWS + 100:
            raise SheetError(f"“{filename}”超过 {MAX_ROWS} 行，请拆分后再上传")
        # From A1 (empty rows and columns before the data kept): row numbers are Excel's.
        return list(enumerate(sheet.to_python(skip_empty_area=False), 1))
    if suffix in (".xlsx", ".xls", ".xlsm"):
        raise SheetError(f"“{filename}”不是真正的 Excel 文件，请另存为 .xlsx 再上传")
    try:
        return [(i + 1, cells) for i, cells in enumerate(csv_reader(data, filename))]
    except Exception as error:  # noqa: BLE001 - the reader's own Chinese reason
        raise SheetError(str(error)) from None


def _header(table, columns, required, filename) -> tuple[int, dict[str, int]]:
    for index, (_number, cells) in enumerate(table[:20]):
        names = [str(c).strip() for c in cells]
        at = {}
        for key, labels in columns.items():
            for i, name in enumerate(names):
                if name in labels:
                    at[key] = i
                    break
        if all(key in at for key in required):
            return index, at
    wanted = "、".join(columns[key][0] for key in required)
    raise SheetError(f"“{filename}”里找不到表头（要有这些列：{wanted}）")


def _cell(cells, i):
    value = cells[i] if i < len(cells) else ""
    if isinstance(value, str):
        return value.strip()
    return value


def _text(values, key, label, *, required=False, limit=100) -> str:
    value = values.get(key, "")
    value = "" if value is None else str(value).strip()
    if isinstance(values.get(key), float) and float(values[key]).is_integer():
        value = str(int(values[key]))
    if required and not value:
        raise ValueError(f"{label}为空")
    if len(value) > limit or _CONTROL.search(value):
        raise ValueError(f"{label}太长或含有不可见字符")
    return value


def _date(values, key, label, today, *, required=False) -> date | None:
    value = values.get(key, "")
    if value in ("", None):
        if required:
            raise ValueError(f"{label}为空")
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        text = str(value).strip().replace("/", "-").replace(".", "-")
        try:
            day = date.fromisoformat(text[:10] if len(text) > 10 else text)
        except ValueError:
            raise ValueError(f"{label}“{value}”不是日期（例如 2026-03-15）") from None
    low, high = bounds.event_window(today)
    if not low <= day <= high:
        raise ValueError(
            f"{label}“{day.isoformat()}”不在 {low.isoformat()} 到 {high.isoformat()} 之间"
        )
    return day


def _month(values, key, label) -> date:
    value = values.get(key, "")
    if isinstance(value, datetime | date):
        return date(value.year, value.month, 1)
    text = str(value or "").strip().replace("/", "-").replace("年", "-").rstrip("月")
    if not text:
        raise ValueError(f"{label}为空")
    parts = text.split("-")
    if len(parts) == 2 and len(parts[1]) == 1:
        text = f"{parts[0]}-0{parts[1]}"
    index = parse_month(text[:7])
    return date(index // 12, index % 12 + 1, 1)


def _decimal(values, key, label, high, *, required=True) -> Decimal | None:
    value = values.get(key, "")
    if value in ("", None):
        if required:
            raise ValueError(f"{label}为空")
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise ValueError(f"{label}“{value}”不是数字") from None
    if not number.is_finite() or number < 0 or number > high:
        raise ValueError(f"{label}“{value}”应在 0 到 {high} 之间")
    return number.quantize(Decimal("0.01"))


def _yes(values, key, label) -> bool:
    value = str(values.get(key, "") or "").strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValueError(f"{label}“{value}”应填“是”或“否”")


def _id(values) -> str:
    raw = values.get("id_number", "")
    try:
        return idnumber.parse(raw if raw not in (None, "") else None).number
    except idnumber.InvalidIdNumber as error:
        raise ValueError(f"身份证号有误：{error.reason}") from None


def _phone(values) -> str:
    raw = _text(values, "phone", "手机号")
    if not raw:
        return ""
    try:
        return phone.parse(raw)
    except phone.InvalidPhone as error:
        raise ValueError(f"手机号有误：{error.reason}") from None


def _roster(values, today, _per_day) -> dict:
    basis = BASIS.get(_text(values, "wage_basis", "计薪方式", required=True))
    if basis is None:
        raise ValueError(f"计薪方式“{values.get('wage_basis')}”应填“按月”或“按日”")
    high = bounds.MONTHLY_WAGE[1] if basis == "month" else bounds.DAY_RATE[1]
    joined = _date(values, "joined_on", "进场日期", today, required=True)
    left = _date(values, "left_on", "离场日期", today)
    if left and left < joined:
        raise ValueError("离场日期早于进场日期")
    signed = _yes(values, "contract_signed", "是否签订劳动合同")
    return {
        "name": _text(values, "name", "姓名", required=True, limit=50),
        "id_number": _id(values),
        "phone": _phone(values),
        "team": _text(values, "team", "班组"),
        "contract_signed": signed,
        "contract_signed_on": _date(values, "contract_signed_on", "合同签订日期", today),
        "wage_basis": basis,
        "agreed_wage": _decimal(values, "agreed_wage", "约定工资", high),
        "joined_on": joined,
        "left_on": left,
    }


def _attendance(values, today, per_day) -> dict:
    if per_day:
        day = _date(values, "day", "日期", today, required=True)
        return {"id_number": _id(values), "month": day.replace(day=1), "day": day}
    return {
        "id_number": _id(values),
        "month": _month(values, "month", "月份"),
        "days": _decimal(values, "days", "出勤天数", MAX_DAYS),
    }


def _payroll(values, today, _per_day) -> dict:
    """One payroll row, checked: the definition `_payroll_columns` follows a column at a time
    (what `read` uses); tests/wages/test_payroll_batch.py holds the two to the same results."""
    due = {}
    for label, key in PAYROLL_DUE.items():
        amount = _decimal(values, f"due_{key}", label, MAX_PAYMENT, required=False)
        if amount is not None:
            due[label] = f"{amount:.2f}"
    cuts = {}
    for label, key in PAYROLL_DEDUCTIONS.items():
        amount = _decimal(values, f"cut_{key}", label, MAX_PAYMENT, required=False)
        if amount is not None:
            cuts[label] = f"{amount:.2f}"
    special = values.get("from_special_account", "是")
    return {
        "id_number": _id(values),
        "name": _text(values, "name", "姓名", required=True, limit=50),
        "phone": _phone(values),
        "month": _month(values, "month", "工资月份"),
        "paid_on": _date(values, "paid_on", "发放日期", today, required=True),
        "days": _decimal(values, "days", "出勤天数", MAX_DAYS),
        "net_paid": _decimal(values, "net_paid", "实发金额", MAX_PAYMENT),
        "amounts_due": due,
        "deductions": cuts,
        "bank_voucher": _text(values, "bank_voucher", "银行凭证号", limit=80),
        "from_special_account": _yes({"v": special or "是"}, "v", "是否专户发放"),
    }


def _payroll_checks(today: date) -> list[tuple[str, str, object]]:
    """(what, column, check of one cell's value) in the order `_payroll` checks a row: a row's
    first failing check is the error reported for it."""

    def one(check, key, *args, **kwargs):
        return lambda value: check({key: value}, key, *args, **kwargs)

    checks = [
        (f"due:{label}", f"due_{key}", one(_decimal, "v", label, MAX_PAYMENT, required=False))
        for label, key in PAYROLL_DUE.items()
    ]
    checks += [
        (f"cut:{label}", f"cut_{key}", one(_decimal, "v", label, MAX_PAYMENT, required=False))
        for label, key in PAYROLL_DEDUCTIONS.items()
    ]
    return checks + [
        ("id_number", "id_number", lambda value: _id({"id_number": value})),
        ("name", "name", one(_text, "v", "姓名", required=True, limit=50)),
        ("phone", "phone", lambda value: _phone({"phone": value})),
        ("month", "month", one(_month, "v", "工资月份")),
        ("paid_on", "paid_on", one(_date, "v", "发放日期", today, required=True)),
        ("days", "days", one(_decimal, "v", "出勤天数", MAX_DAYS)),
        ("net_paid", "net_paid", one(_decimal, "v", "实发金额", MAX_PAYMENT)),
        ("bank_voucher", "bank_voucher", one(_text, "v", "银行凭证号", limit=80)),
        (
            "from_special_account",
            "from_special_account",
            lambda value: _yes({"v": value or "是"}, "v", "是否专户发放"),
        ),
    ]


_FAILED = object()


def _payroll_columns(data_rows, at, today, sheet: Sheet) -> None:
    """The payroll rows of `_payroll`, checked a column at a time: each check is a function of
    one cell's value (and today), so each distinct value of a column is checked once and its
    clean value or error used for every row holding it (months, dates, days and amounts repeat
    down a payroll). Values are told apart by type too (1, 1.0 and True are one key in a dict,
    not one cell). Every row still gets every check, and the same first error `_payroll` gives."""
    keys = list(at)
    picked = []
    for number, cells in data_rows:
        values = [_cell(cells, at[key]) for key in keys]
        if any(v not in ("", None) for v in values):
            picked.append((number, values))
    if not picked:
        return
    columns = dict(zip(keys, zip(*(values for _n, values in picked), strict=True), strict=True))
    blank = ("",) * len(picked)
    results = []
    for what, key, check in _payroll_checks(today):
        seen: dict = {}
        out = []
        for value in columns.get(key, blank):
            memo = (value.__class__, value)
            found = seen.get(memo, _FAILED)
            if found is _FAILED:
                try:
                    found = (True, check(value))
                except ValueError as error:
                    found = (False, str(error))
                seen[memo] = found
            out.append(found)
        results.append((what, out))
    names = [what for what, _out in results]
    for i, (number, _values) in enumerate(picked):
        row = {}
        for what, out in results:
            ok, value = out[i]
            if not ok:
                sheet.errors.append((number, value))
                break
            row[what] = value
        else:
            due, cuts = {}, {}
            for what in names[: len(PAYROLL_DUE) + len(PAYROLL_DEDUCTIONS)]:
                amount = row.pop(what)
                if amount is not None:
                    kind, label = what.split(":", 1)
                    (due if kind == "due" else cuts)[label] = f"{amount:.2f}"
            row["amounts_due"], row["deductions"] = due, cuts
            sheet.rows.append((number, row))
