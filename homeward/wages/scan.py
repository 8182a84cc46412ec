"""The file interface of the wage warnings: four CSV files in, the warnings out. Pure, no Django.

`homeward wages scan --projects P.csv --roster R.csv --attendance A.csv --payroll Y.csv
--as-of DATE [--minimum-wage YUAN] [--json]` reads the files with `read_files`, runs
`rules.evaluate` and prints `as_json` (or `as_text`). CSV in UTF-8 (a BOM is fine), a header row:

    projects    project_code,name,region,contractor_uscc,start_date,end_date,status
    roster      project_code,worker,id_number,name,team,joined_on,left_on,wage_basis,agreed_wage
    attendance  project_code,worker,month,days_worked
    payroll     project_code,worker,month,amount,paid_on,from_special_account

A bad row is reported in `input_errors` (file, its row number in the file counting the header
as row 1, a Chinese message) and skipped; a file that cannot be read or lacks a column is one
error of row 1. Nothing raises. A project's `end_date` counts as its end only when its status
is `completed` (a building project's end date is the planned one).
"""

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from homeward.codes import bounds, idnumber, minimum_wage, uscc
from homeward.regions.codes import is_code

from . import rules

COLUMNS = {
    "projects": (
        "project_code",
        "name",
        "region",
        "contractor_uscc",
        "start_date",
        "end_date",
        "status",
    ),
    "roster": (
        "project_code",
        "worker",
        "id_number",
        "name",
        "team",
        "joined_on",
        "left_on",
        "wage_basis",
        "agreed_wage",
    ),
    "attendance": ("project_code", "worker", "month", "days_worked"),
    "payroll": ("project_code", "worker", "month", "amount", "paid_on", "from_special_account"),
}
STATUSES = ("building", "completed")
YES, NO = "是", "否"
MAX_DAYS = Decimal(31)
# One payment row may be large (a team's wages paid to its leader is what outlier_sum finds);
# past this it is a typo.
MAX_PAYMENT = Decimal(10_000_000)


@dataclass
class Result:
    warnings: list[rules.Warning] = field(default_factory=list)
    input_errors: list[dict] = field(default_factory=list)
    counts: dict = field(default_factory=dict)


class RowError(ValueError):
    pass


def read_files(
    paths: dict[str, str | Path],
    as_of: date,
    *,
    minimum: Decimal | None = None,
    params: rules.Params | None = None,
) -> Result:
    """Read the four files (keys as COLUMNS), check every row, evaluate the rules."""
    result = Result()
    books = rules.Books()
    readers = (
        ("projects", _project),
        ("roster", _roster),
        ("attendance", _attendance),
        ("payroll", _payment),
    )
    seen: dict[str, set] = {name: set() for name in COLUMNS}
    for name, check in readers:
        rows = _rows(name, paths.get(name), result)
        kept = 0
        for number, row in rows:
            try:
                check(row, books, seen[name])
                kept += 1
            except RowError as error:
                result.input_errors.append({"file": name, "row": number, "message": str(error)})
        result.counts[name] = kept
    result.warnings = rules.evaluate(
        books,
        as_of,
        params=params,
        minimum=minimum if minimum is not None else minimum_wage.monthly,
    )
    return result


def _rows(name: str, path, result: Result):
    if path is None:
        result.input_errors.append({"file": name, "row": 1, "message": "没有给出这个文件。"})
        return []
    try:
        raw = Path(path).read_bytes()
    except OSError:
        result.input_errors.append({"file": name, "row": 1, "message": "文件无法打开。"})
        return []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.input_errors.append(
            {"file": name, "row": 1, "message": "文件不是 UTF-8 编码，请另存为 UTF-8 的 CSV。"}
        )
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip() for cell in next(reader)]
    except (StopIteration, csv.Error):
        result.input_errors.append({"file": name, "row": 1, "message": "文件是空的。"})
        return []
    missing = [column for column in COLUMNS[name] if column not in header]
    if missing:
        result.input_errors.append(
            {"file": name, "row": 1, "message": "表头缺少列：" + "、".join(missing) + "。"}
        )
        return []
    at = {column: header.index(column) for column in COLUMNS[name]}
    out = []
    number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            number += 1
            result.input_errors.append({"file": name, "row": number, "message": "行格式有误。"})
            continue
        number += 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < len(header):
            cells = cells + [""] * (len(header) - len(cells))
        out.append((number, {column: cells[i].strip() for column, i in at.items()}))
    return out


def _need(row: dict, column: str, label: str) -> str:
    value = row[column]
    if not value:
        raise RowError(f"{label}（{column}）不能为空。")
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in value) or len(value) > 200:
        raise RowError(f"{label}（{column}）含有不可见字符或太长。")
    return value


def _date(row: dict, column: str, label: str, *, required: bool = True) -> date | None:
    value = row[column]
    if not value:
        if required:
            raise RowError(f"{label}（{column}）不能为空。")
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise RowError(f"{label}“{value}”应写成 YYYY-MM-DD。") from None
    if not bounds.within(day, bounds.STORED_DAYS):
        raise RowError(f"{label}“{value}”不在 1900 年到 2100 年之间。")
    return day


def _money(row: dict, column: str, label: str, high: Decimal) -> Decimal:
    value = _need(row, column, label).replace(",", "")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise RowError(f"{label}“{value}”不是金额。") from None
    if not amount.is_finite() or amount < 0 or amount > high:
        raise RowError(f"{label}“{value}”应在 0 到 {high:.0f} 元之间。")
    if amount != amount.quantize(Decimal("0.01")):
        raise RowError(f"{label}“{value}”最多两位小数。")
    return amount


def _project(row: dict, books: rules.Books, seen: set) -> None:
    code = _need(row, "project_code", "项目编号")
    if code in seen:
        raise RowError(f"项目编号“{code}”重复。")
    _need(row, "name", "项目名称")
    region = _need(row, "region", "所在地区代码")
    if not is_code(region):
        raise RowError(f"所在地区代码“{region}”不是 2、4、6、9 或 12 位的区划代码。")
    try:
        uscc.parse(_need(row, "contractor_uscc", "总承包单位统一社会信用代码"))
    except uscc.InvalidUscc as error:
        raise RowError(f"总承包单位统一社会信用代码有误：{error.reason}") from None
    start = _date(row, "start_date", "开工日期")
    end = _date(row, "end_date", "完工日期", required=False)
    status = row["status"]
    if status not in STATUSES:
        raise RowError(f"状态“{status}”应为 building（在建）或 completed（完工）。")
    if end and end < start:
        raise RowError("完工日期早于开工日期。")
    if status == "completed" and end is None:
        raise RowError("已完工（completed）的项目要填完工日期。")
    seen.add(code)
    books.add_project(code, region=region, ended_on=end if status == "completed" else None)


def _known_project(row: dict, books: rules.Books) -> str:
    code = _need(row, "project_code", "项目编号")
    if not books.has_project(code):
        raise RowError(f"项目编号“{code}”不在项目表中。")
    return code


def _roster(row: dict, books: rules.Books, seen: set) -> None:
    project = _known_project(row, books)
    worker = _need(row, "worker", "人员标识")
    if (project, worker) in seen:
        raise RowError(f"人员“{worker}”在项目“{project}”的花名册中重复。")
    try:
        idnumber.parse(_need(row, "id_number", "身份证号"))
    except idnumber.InvalidIdNumber as error:
        raise RowError(f"身份证号有误：{error.reason}") from None
    _need(row, "name", "姓名")
    joined = _date(row, "joined_on", "进场日期")
    left = _date(row, "left_on", "离场日期", required=False)
    if left and left < joined:
        raise RowError("离场日期早于进场日期。")
    basis = row["wage_basis"]
    if basis not in (rules.MONTH, rules.DAY):
        raise RowError(f"计薪方式“{basis}”应为 month（按月）或 day（按日）。")
    high = bounds.MONTHLY_WAGE[1] if basis == rules.MONTH else bounds.DAY_RATE[1]
    wage = _money(row, "agreed_wage", "约定工资", high)
    seen.add((project, worker))
    books.add_roster(project, worker, basis=basis, wage=wage, left_on=left)


def _month(row: dict) -> int:
    try:
        return rules.parse_month(_need(row, "month", "月份"))
    except ValueError as error:
        raise RowError(str(error) + "。") from None


def _attendance(row: dict, books: rules.Books, seen: set) -> None:
    project = _known_project(row, books)
    worker = _need(row, "worker", "人员标识")
    month = _month(row)
    value = _need(row, "days_worked", "出勤天数")
    try:
        days = Decimal(value)
    except InvalidOperation:
        raise RowError(f"出勤天数“{value}”不是数字。") from None
    if not days.is_finite() or days < 0 or days > MAX_DAYS:
        raise RowError(f"出勤天数“{value}”应在 0 到 31 之间。")
    if days != days.quantize(Decimal("0.01")):
        raise RowError(f"出勤天数“{value}”最多两位小数。")
    books.add_attendance(project, worker, month, days)


def _payment(row: dict, books: rules.Books, seen: set) -> None:
    project = _known_project(row, books)
    worker = _need(row, "worker", "人员标识")
    month = _month(row)
    amount = _money(row, "amount", "实发金额", MAX_PAYMENT)
    paid_on = _date(row, "paid_on", "发放日期")
    special = row["from_special_account"]
    if special not in (YES, NO):
        raise RowError(f"是否专户发放“{special}”应填“是”或“否”。")
    books.add_payment(project, worker, month, amount, paid_on, special == YES)


def as_json(result: Result) -> str:
    return json.dumps(
        {
            "warnings": [w.as_dict() for w in result.warnings],
            "input_errors": result.input_errors,
        },
        ensure_ascii=False,
        indent=2,
    )


LEVEL_WORDS = {rules.RED: "红色", rules.ORANGE: "橙色", rules.YELLOW: "黄色"}


def as_text(result: Result) -> str:
    lines = []
    for w in result.warnings:
        where = " ".join(
            part
            for part in (
                f"项目 {w.project}",
                f"{w.month}" if w.month else "",
                f"人员 {w.worker}" if w.worker is not None else "",
            )
            if part
        )
        lines.append(f"[{LEVEL_WORDS[w.level]}] {rules.RULE_NAMES[w.rule]}  {where}：{w.message}")
    for e in result.input_errors:
        lines.append(f"输入有误 {e['file']} 第 {e['row']} 行：{e['message']}")
    levels = {level: 0 for level in LEVEL_WORDS}
    for w in result.warnings:
        levels[w.level] += 1
    lines.append(
        f"共 {len(result.warnings)} 条预警（红色 {levels[rules.RED]}，橙色 {levels[rules.ORANGE]}，"
        f"黄色 {levels[rules.YELLOW]}），{len(result.input_errors)} 行输入有误。"
    )
    return "\n".join(lines)
