"""Village ledgers (台账) as they really are: read an Excel or CSV file, clean each row.

No Django here. Three steps, each usable alone:

* `read_ledger(source, filename)` opens an .xlsx/.xls (python-calamine) or .csv (UTF-8, else
  GB18030, which is what Chinese Excel saves) and finds the header: the first row, in the first
  sheet that has one, naming both a name and an ID-number column (see `ledger_fields` for the
  words). Title and "填报单位：… 填报日期：…" rows above it are kept as `preamble`; a group row
  above or a sub-header row below (two-level headers) is folded in; cells merged downwards (a
  household's village or poverty flag spanning its members) are copied into every row they cover.
  `Ledger.rows()` then yields the data rows one by one, with their real sheet row numbers,
  skipping blank rows (a serial number alone counts as blank), "小计" rows and repeated header
  rows (and a "合计" row right under the header), and ending at a "合计"/"总计" row or the notes under the table ("填表说明", "备注：",
  "注：", "填表人", "审核人"). Rows that look like data after that end are listed in
  `Ledger.rows_after_end` so that nothing is lost silently.
* `clean_row(row)` turns one row into a `RowResult`: a `record` with every field of `FIELDS`, and
  `errors` (the row is rejected: no name, no or bad ID number) or `warnings` (the row is kept and
  the field left empty: a bad phone, a date or sum that cannot be read, a word not in the
  vocabulary, a gender column that contradicts the ID number). Each `Issue` names the column as
  the sheet named it. Amounts written as a range ("3000-4000") are read as the lower bound, the
  least the person earns or would accept, without a warning; "2026-1" is read as 1 January.
* `clean_rows(rows)` gives the same results as `clean_row` on each, computed column by column
  (each distinct cell once, ID and phone numbers checked in bulk): what the importer uses.
* `find_duplicates(results)` rejects later rows repeating an earlier accepted row's ID number.

A masked export (ID numbers with "*", a 记录编号 column) gives rows with `record_key` and no ID
number: the importer finds those people by the key.

Issue codes — errors: name_missing, name_invalid, id_missing, id_invalid, id_masked and id_<code> from
`homeward.codes.idnumber` (id_precision when Excel has already rounded the number), duplicate,
cell_too_long (a cell longer than MAX_CELL characters), insurance_invalid (a social-insurance
cell that says neither insured, not insured nor not known). A file of more than MAX_ROWS data rows, or
an .xlsx unpacking to more than MAX_UNPACKED bytes or MAX_RATIO times its packed size, is refused
whole (LedgerError).
Warnings: gender_mismatch, gender_unknown, phone_invalid, phone_multiple, vocab_unknown,
date_invalid, money_invalid, yes_no_unknown, low_income_unknown, duplicate_kept.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from functools import lru_cache
from itertools import chain, islice, repeat
from pathlib import Path
from typing import Any

from homeward.codes import bounds, idnumber, phone
from homeward.codes.controls import strip_controls
from homeward.workers import vocab
from homeward.workers.ledger_fields import (
    FIELD_HEADERS,
    IGNORED,
    RECORD_KEY,
    RECORD_KEY_HEADERS,
    display_header,
    header_key,
    match_header,
)

# The record every row becomes, in this order.
FIELDS: tuple[str, ...] = (
    "name",
    "id_number",
    "gender",
    "birth_date",
    "phone",
    "village",
    "village_code",
    "employment_status",
    "work_scope",
    "work_place",
    "employer_name",
    "occupation",
    "skills",
    "education",
    "monthly_income",
    "expected_wage",
    "intention",
    "training_wish",
    "service_needs",
    "low_income",
    "consent",
    "returned_on",
    "note",
    "pension_insurance",
    "medical_insurance",
    "injury_insurance",
    "unemployment_insurance",
)

HEADER_SCAN_ROWS = 30  # the header must be within the first rows of a sheet
# Caps on what one upload may cost (the import page's help states them). A county's ledger of
# its villages is a few tens of thousands of people; 100,000 rows is the size the import is
# benchmarked at (seconds, a few hundred MB at most) and more is split by town.
MAX_ROWS = 100_000
MAX_CELL = 500  # characters in one cell: the longest note a clerk writes is far shorter
# An .xlsx is a zip: what it unpacks to is what the reader holds. 100,000 rows of 23 columns
# written as inline strings unpack to ≈110 MB; a real sheet compresses 5-15 times, a zip bomb
# (one 50 MB shared string in a 52 KB file) a thousand times.
MAX_UNPACKED = 256 * 2**20
MAX_RATIO = 100  # unpacked : packed, for any member larger than 1 MiB
MAX_MONEY = bounds.MONTHLY_WAGE[1]  # income and expected wage are yuan a month
_CENT = Decimal("0.01")
_EXCEL_EPOCH = date(1899, 12, 30)
_FIRST_YEAR, _LAST_YEAR = bounds.FIRST_HISTORY_DAY.year, bounds.STORED_DAYS[1].year

_TEXT_FIELDS = (
    "village",
    "village_code",
    "work_place",
    "employer_name",
    "occupation",
    "training_wish",
    "note",
)
_VOCABULARIES: dict[str, dict[str, list[str]]] = {
    "employment_status": vocab.EMPLOYMENT_STATUS,
    "work_scope": vocab.WORK_SCOPE,
    "intention": vocab.INTENTION,
    "education": vocab.EDUCATION,
    "service_needs": vocab.SERVICE_NEEDS,
    "low_income": vocab.LOW_INCOME,
}

# The social-insurance columns (optional), each read as {"insured": yes|no|unknown,
# "place": local|elsewhere|""} or None when blank; a word not understood rejects the row.
INSURANCE_FIELDS: tuple[str, ...] = (
    "pension_insurance",
    "medical_insurance",
    "injury_insurance",
    "unemployment_insurance",
)
_INSURED_WORDS = {
    "yes": frozenset(
        ["是", "已参保", "参保", "已参加", "参加", "已缴", "已缴费", "有", "√", "✓", "y"]
    ),
    "no": frozenset(["否", "未参保", "未参加", "没参加", "没有", "无", "未缴", "未缴费", "×", "n"]),
    "unknown": frozenset(["不清楚", "不详", "未知", "不知道", "?"]),
}
_INSURANCE_PLACES = (("本地", "local"), ("外地", "elsewhere"), ("异地", "elsewhere"))
_INSURANCE_HELP = "应填“是”“否”“已参保”“未参保”或“不清楚”，可注明“本地”或“外地”"

_TOTAL_PREFIXES = ("合计", "总计")
_END_PREFIXES = (
    *_TOTAL_PREFIXES,
    "填表说明",
    "备注:",
    "注:",
    "说明:",
    "填表人",
    "审核人",
    "制表人",
)
_SKIP_PREFIXES = ("小计", "示例")  # "示例": the example row of the template ledger
_NONE_WORDS = frozenset(["无", "暂无", "没有", "否", "不需要", "/", "-", "—", "——"])
_NOT_LOW_INCOME = frozenset(["一般户", "普通户", "一般农户", "正常户", "非贫困户"])
_YES = frozenset(["是", "√", "✓", "✔", "y", "yes", "1", "有", "同意", "愿意", "需要", "true", "对"])
_NO = frozenset(["否", "×", "✗", "x", "n", "no", "0", "无", "不同意", "不愿意", "不需要", "false"])
_GENDERS = {
    "男": "male",
    "男性": "male",
    "m": "male",
    "女": "female",
    "女性": "female",
    "f": "female",
    "1": "male",  # GB/T 2261.1 codes
    "2": "female",
}
_GENDER_WORDS = {"male": "男", "female": "女"}

_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LIST_SEPARATORS = re.compile(r"[、，,;；/\s]+")
_PHONE_SEPARATORS = re.compile(r"[/、,，;；]")
_MONEY_NOISE = re.compile(
    r"[\s,¥]|人民币|rmb|每月|/月|月薪|月均|工资|左右|大约|约|以上|以下|上下|元|多|余|起|月"
)
_MONEY = re.compile(r"(\d+(?:\.\d+)?)([万千kw])?(?:[-~至到—–](\d+(?:\.\d+)?)([万千kw])?)?")
_MONEY_UNITS = {None: 1, "千": 1000, "k": 1000, "万": 10000, "w": 10000}
_MONEY_BLANK = frozenset(["无", "面议", "不限", "未知", "暂无", "/", "-", "—"])
_DATE = re.compile(r"(\d{4})[年./-](\d{1,2})(?:月|[月./-](\d{1,2})日?)?")
_DATE_TIME = re.compile(r"(\S+?)(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")


class LedgerError(ValueError):
    """The file as a whole cannot be read as a ledger; `message` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# The header.


@dataclass(frozen=True, slots=True)
class Column:
    index: int  # position in the row as read (0-based)
    header: str  # as the sheet wrote it, on one line
    field: str  # canonical field name


@dataclass(frozen=True, slots=True)
class UnknownColumn:
    """A header the importer does not know: reported, and offered to the clerk to map."""

    index: int
    header: str  # as the sheet wrote it, on one line
    key: str  # header_key(header): what a clerk's choice of field is remembered under


@dataclass(frozen=True, slots=True)
class Layout:
    """Which column holds which field; one per ledger, shared by all its rows."""

    columns: tuple[Column, ...]  # recognised columns, in sheet order (序号 and the like left out)
    unknown: tuple[str, ...]  # headers not recognised, as written
    by_field: dict[str, tuple[Column, ...]]
    content: tuple[int, ...]  # columns whose cells make a row non-blank
    unknown_columns: tuple[UnknownColumn, ...] = ()
    ignored_by_choice: tuple[str, ...] = ()  # headers a clerk chose not to import
    _empty: dict[str, tuple[None, str]] = field(default_factory=dict, repr=False)
    _backwards: tuple[Column, ...] = field(default=(), repr=False)

    @classmethod
    def from_headers(cls, headers: Sequence[object], extra: dict[str, str] | None = None) -> Layout:
        """The layout of a header row; `extra` holds a clerk's choices (header key → field)."""
        columns, unknown, content, by_field = [], [], [], {}
        unknown_columns, chosen_ignored = [], []
        for index, cell in enumerate(headers):
            label = display_header(cell)
            found = match_header(cell, extra)
            if found != IGNORED:
                content.append(index)
            elif extra and isinstance(cell, str) and extra.get(header_key(cell)) == IGNORED:
                chosen_ignored.append(label)
            if found is None:
                if label:
                    unknown.append(label)
                    unknown_columns.append(UnknownColumn(index, label, header_key(label)))
            elif found != IGNORED:
                column = Column(index=index, header=label, field=found)
                columns.append(column)
                by_field.setdefault(found, []).append(column)
        layout = cls(
            columns=tuple(columns),
            unknown=tuple(unknown),
            by_field={name: tuple(cols) for name, cols in by_field.items()},
            content=tuple(content),
            unknown_columns=tuple(unknown_columns),
            ignored_by_choice=tuple(chosen_ignored),
            _backwards=tuple(reversed(columns)),
        )
        layout._empty.update(
            (name, (None, layout.header(name))) for name in (*FIELD_HEADERS, RECORD_KEY)
        )
        return layout

    def header(self, name: str) -> str:
        """What the sheet calls a field (its standard name if the sheet has no such column)."""
        columns = self.by_field.get(name)
        if columns:
            return columns[0].header
        return RECORD_KEY_HEADERS[0] if name == RECORD_KEY else FIELD_HEADERS[name][0]


@dataclass(frozen=True, slots=True)
class LedgerRow:
    number: int  # the row number Excel shows (1-based)
    cells: Sequence[object]
    layout: Layout

    def fields(self) -> dict[str, tuple[object, str]]:
        """For every field, its first non-blank cell and that column's header.

        A field without a value gets None and the header of its (first) column, or its
        standard header if the sheet has no such column.
        """
        found = self.layout._empty.copy()
        cells, count = self.cells, len(self.cells)
        for column in self.layout._backwards:  # so that the first column written wins
            if column.index < count:
                cell = cells[column.index]
                if cell is None or cell == "" or (cell.__class__ is str and cell.isspace()):
                    continue  # _blank, inlined: this runs for every cell of every row
                found[column.field] = (cell, column.header)
        return found

    def value(self, name: str) -> tuple[object, str]:
        """The first non-blank cell for a field, and the header of its column."""
        return self.fields()[name]

    def values(self, name: str) -> list[tuple[object, str]]:
        """Every non-blank cell for a field, with its header (for fields spread over columns)."""
        found = []
        for column in self.layout.by_field.get(name, ()):
            cell = self.cells[column.index] if column.index < len(self.cells) else None
            if not _blank(cell):
                found.append((cell, column.header))
        return found


@dataclass(slots=True)
class Ledger:
    """A ledger whose header has been found; `rows()` reads its data rows, once.

    `end_row`, `end_text`, `skipped_rows` and `rows_after_end` are filled in as `rows()` runs.
    A CSV file that breaks further down (an unclosed quote) raises LedgerError from `rows()`.
    """

    filename: str
    kind: str  # "xlsx", "xls" or "csv"
    sheet: str  # the sheet the rows come from ("" for CSV)
    header_row: int  # the (last) header row, as Excel numbers it
    layout: Layout
    preamble: tuple[str, ...]  # the rows above the header: title, 填报单位…, as text
    end_row: int | None = None  # the 合计 / notes row that ended the data
    end_text: str = ""
    skipped_rows: list[int] = field(default_factory=list)  # 小计 rows, repeated headers
    rows_after_end: list[int] = field(default_factory=list)  # rows like data below the end
    unknown_filled: dict[int, int] = field(default_factory=dict)  # unknown column → cells filled
    _source: Iterator[tuple[int, list[Any]]] | None = None

    @property
    def title(self) -> str:
        return self.preamble[0] if self.preamble else ""

    @property
    def unknown_columns(self) -> tuple[str, ...]:
        return self.layout.unknown

    @property
    def unknown_with_data(self) -> list[tuple[UnknownColumn, int]]:
        """Unknown columns that hold something in the data rows read, with how many cells."""
        filled = self.unknown_filled
        return [(c, filled[c.index]) for c in self.layout.unknown_columns if filled.get(c.index)]

    def rows(self) -> Iterator[LedgerRow]:
        source, self._source = self._source, None
        if source is None:
            raise RuntimeError("a ledger's rows can be read only once")
        layout = self.layout
        id_columns = [c.index for c in layout.by_field["id_number"]]
        unknown = [c.index for c in layout.unknown_columns]
        filled = self.unknown_filled
        started = False
        count = 0
        for number, cells in source:
            first = _first_text(cells)
            if first is None:
                continue
            if self.end_row is not None:
                if _looks_like_data(cells, id_columns):
                    self.rows_after_end.append(number)
                continue
            total = first.startswith(_TOTAL_PREFIXES)
            if first.startswith(_END_PREFIXES) and not (total and not started):
                self.end_row, self.end_text = number, first
                continue
            if total or first.startswith(_SKIP_PREFIXES) or _is_header_again(cells, id_columns):
                self.skipped_rows.append(number)  # a subtotal, a total above the data, a header
                continue
            if _has_content(cells, layout.content):
                started = True
                count += 1
                if count > MAX_ROWS:
                    raise LedgerError(
                        f"“{self.filename}”的数据超过 {MAX_ROWS // 10000} 万行（第 {number} 行是第"
                        f" {count} 行数据），一次最多导入 {MAX_ROWS // 10000} 万行；"
                        "请按乡镇或村拆分成几个文件再导入"
                    )
                for index in unknown:
                    if index < len(cells) and not _blank(cells[index]):
                        filled[index] = filled.get(index, 0) + 1
                yield LedgerRow(number=number, cells=cells, layout=layout)
            # else: a serial number alone


def _blank(cell: object) -> bool:
    if cell.__class__ is str:
        return not cell or cell.isspace()  # type: ignore[union-attr]
    return cell is None or (isinstance(cell, str) and (not cell or cell.isspace()))


def _has_content(cells: Sequence[object], columns: tuple[int, ...]) -> bool:
    count = len(cells)
    for index in columns:
        if index < count and not _blank(cells[index]):
            return True
    return False


def _first_text(cells: Sequence[object]) -> str | None:
    """The first non-blank cell, compacted (for the end-of-data tests); None for a blank row."""
    for cell in cells:
        if not _blank(cell):
            if isinstance(cell, str):
                return _SPACES.sub("", unicodedata.normalize("NFKC", cell))
            return ""
    return None


def _looks_like_data(cells: Sequence[object], id_columns: list[int]) -> bool:
    for index in id_columns:
        cell = cells[index] if index < len(cells) else None
        if isinstance(cell, int | float) and not isinstance(cell, bool) and cell > 1e5:
            return True
        if isinstance(cell, str) and sum(c.isdigit() for c in cell) >= 6:
            return True
    return False


def _is_header_again(cells: Sequence[object], id_columns: list[int]) -> bool:
    for index in id_columns:
        cell = cells[index] if index < len(cells) else None
        if (
            isinstance(cell, str)
            and not cell[:1].isdigit()
            and len(cell) < 30
            and match_header(cell) == "id_number"
        ):
            return True
    return False


# Reading files.


def read_ledger(
    source: bytes | str | os.PathLike[str],
    filename: str = "",
    *,
    extra: dict[str, str] | None = None,
) -> Ledger:
    """Open a ledger from its bytes or its path; raises LedgerError if no ledger is found.

    `extra` maps header keys to fields for columns the built-in words do not know (a clerk's
    choices, see `ledger_fields.match_header`).
    """
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        kind = _kind(data[:8], filename)
        if kind == "csv":
            return _read_csv(data, filename, extra)
        if kind == "xlsx":
            _check_unpacked(io.BytesIO(data), filename)
        return _read_workbook(io.BytesIO(data), filename, kind, extra)
    path = Path(source)
    filename = filename or path.name
    with path.open("rb") as handle:
        kind = _kind(handle.read(8), filename)
    if kind == "xlsx":
        _check_unpacked(path, filename)
    if kind == "csv":
        return _read_csv(path.read_bytes(), filename, extra)
    if path.suffix.lower() != f".{kind}":  # calamine goes by the extension of a path
        return _read_workbook(io.BytesIO(path.read_bytes()), filename, kind, extra)
    return _read_workbook(path, filename, kind, extra)


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+\d+:[A-Z]+(\d+)\"")


def _check_unpacked(source: Path | io.BytesIO, filename: str) -> None:
    """Refuse an .xlsx that would unpack to too much (a zip bomb) before anything reads it.

    Only the zip's directory is read, and the first bytes of each sheet for the rows it
    declares; a file that is no zip at all is left to the reader to explain.
    """
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        members = archive.infolist()
        total = sum(member.file_size for member in members)
        if total > MAX_UNPACKED:
            raise LedgerError(
                f"“{filename}”解压后有 {total // 2**20} MB，超过 {MAX_UNPACKED // 2**20} MB 的上限；"
                "请拆分成几个文件再导入"
            )
        for member in members:
            if member.file_size > 2**20 and member.file_size > MAX_RATIO * max(
                member.compress_size, 1
            ):
                raise LedgerError(
                    f"“{filename}”里的内容被异常压缩（解压后是原来的"
                    f" {member.file_size // max(member.compress_size, 1)} 倍），"
                    "不像正常的台账，无法导入；请用 Excel 或 WPS 打开后另存为 .xlsx 再试"
                )
        for member in members:
            if not member.filename.startswith("xl/worksheets/"):
                continue
            try:
                with archive.open(member) as sheet:
                    head = sheet.read(4096)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
                # An early look only: a sheet zipfile cannot open (encrypted, an unusual
                # compression) gets no declared-size check here; the reader that follows
                # opens it or refuses the file in Chinese, and its row cap still holds.
                continue
            declared = _DIMENSION.search(head)
            if declared and int(declared.group(1)) > MAX_ROWS + 1000:  # titles, notes
                raise LedgerError(
                    f"“{filename}”的工作表有 {int(declared.group(1))} 行，一次最多导入"
                    f" {MAX_ROWS // 10000} 万行；请按乡镇或村拆分成几个文件再导入"
                )


def _kind(head: bytes, filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if head.startswith(b"PK"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if suffix in (".xlsx", ".xlsm", ".xls", ".et"):
        raise LedgerError(
            f"“{filename}”不是真正的 Excel 文件（可能是网页或文本改了扩展名），"
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"
        )
    if suffix in (".csv", ".txt", ""):
        return "csv"
    raise LedgerError(f"“{filename}”的格式不支持，只能导入 .xlsx、.xls 或 .csv 文件")


def _read_workbook(
    source: Path | io.BytesIO, filename: str, kind: str, extra: dict[str, str] | None = None
) -> Ledger:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

    try:
        book = CalamineWorkbook.from_object(source)
    except PasswordError:
        raise LedgerError(f"“{filename}”设了密码，请去掉密码后再导入") from None
    except (CalamineError, ValueError, OSError) as exc:
        raise LedgerError(f"“{filename}”打不开，文件可能已损坏（{exc}）") from None
    visible = [m.name for m in book.sheets_metadata if m.visible == SheetVisibleEnum.Visible]
    hidden = [name for name in book.sheet_names if name not in visible]
    for name in visible + hidden:
        try:
            sheet = book.get_sheet_by_name(name)
        except CalamineError:
            continue  # a chart sheet
        if sheet.height > MAX_ROWS + 1000:  # titles and notes besides the data rows
            raise LedgerError(
                f"“{filename}”的工作表“{name}”有 {sheet.height} 行，一次最多导入"
                f" {MAX_ROWS // 10000} 万行；请按乡镇或村拆分成几个文件再导入"
            )
        rows = _sheet_rows(sheet)
        ledger = _find_header(rows, filename=filename, kind=kind, sheet=name, extra=extra)
        if ledger is not None:
            return ledger
    raise _no_header(filename)


def _sheet_rows(sheet: Any) -> Iterator[tuple[int, list[Any]]]:
    """The sheet's rows with their Excel numbers; cells merged downwards copied into each row.

    python-calamine yields rows from the sheet's first row, but columns only from the first used
    one, so merged ranges (in sheet coordinates) are shifted by that column.
    """
    first_column = sheet.start[1] if sheet.start else 0
    fills: dict[int, list[tuple[int, int]]] = {}  # row -> [(column, source row)]
    for (top, left), (bottom, _right) in sheet.merged_cell_ranges or ():
        for row in range(top + 1, bottom + 1):
            fills.setdefault(row, []).append((left - first_column, top))
    sources: dict[int, set[int]] = {}  # row -> columns whose value is copied down
    for targets in fills.values():
        for col, top in targets:
            sources.setdefault(top, set()).add(col)
    kept: dict[tuple[int, int], Any] = {}
    for index, cells in enumerate(sheet.iter_rows()):
        if fills:
            for col in sources.pop(index, ()):
                if 0 <= col < len(cells):
                    kept[(index, col)] = cells[col]
            for col, top in fills.pop(index, ()):
                if 0 <= col < len(cells) and cells[col] == "":
                    cells[col] = kept.get((top, col), "")
        yield index + 1, cells


def csv_reader(data: bytes, filename: str = "") -> Iterator[list[str]]:
    """A CSV file's records: UTF-8 (with or without BOM), else GB18030 (GBK is part of it);
    comma- or tab-separated; lines ending in CRLF, LF or CR alone (old Mac and some exports).

    The ledger reader and the result sheet both read CSV files through this, so that the two
    agree on every row number."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise LedgerError(f"“{filename}”的文字编码无法识别，请用 Excel 另存为 .xlsx 再导入")
    first_line = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _read_csv(data: bytes, filename: str, extra: dict[str, str] | None = None) -> Ledger:
    reader = csv_reader(data, filename)
    ledger = _find_header(
        _csv_rows(reader, filename), filename=filename, kind="csv", sheet="", extra=extra
    )
    if ledger is None:
        raise _no_header(filename)
    return ledger


def _csv_rows(reader: Iterator[list[str]], filename: str) -> Iterator[tuple[int, list[str]]]:
    """Records numbered as Excel numbers them once the file is opened there."""
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):  # noqa: B007 - used after the loop
            yield number, cells
    except csv.Error as exc:
        raise LedgerError(
            f"“{filename}”第{number + 1}行无法读取，可能是引号没有配对或内容过长（{exc}）"
        ) from None


def _no_header(filename: str) -> LedgerError:
    return LedgerError(
        f"在“{filename}”里没有找到表头：表头行要有“姓名”和“身份证号”（或“公民身份号码”）两列，"
        f"并且在表格的前 {HEADER_SCAN_ROWS} 行之内"
    )


def _find_header(
    rows: Iterable[tuple[int, list[Any]]],
    *,
    filename: str,
    kind: str,
    sheet: str,
    extra: dict[str, str] | None = None,
) -> Ledger | None:
    iterator = iter(rows)
    head = list(islice(iterator, HEADER_SCAN_ROWS))
    found = next((i for i, (_, cells) in enumerate(head) if _is_header(cells)), None)
    if found is None:
        return None
    headers = list(head[found][1])
    if found > 0:
        _fill_from_above(headers, head[found - 1][1])
    last = found
    if found + 1 < len(head) and _is_subheader(head[found + 1][1], headers):
        headers = _merge_subheader(headers, head[found + 1][1])
        last = found + 1
    above = head[:found]
    if found > 0 and any(match_header(cell) is not None for cell in head[found - 1][1]):
        above = head[: found - 1]  # the upper level of a two-level header
    preamble = tuple(text for _, cells in above if (text := _line(cells)))
    return Ledger(
        filename=filename,
        kind=kind,
        sheet=sheet,
        header_row=head[last][0],
        layout=Layout.from_headers(headers, extra),
        preamble=preamble,
        _source=chain(head[last + 1 :], iterator),
    )


def _is_header(cells: Sequence[object]) -> bool:
    fields = {match_header(cell) for cell in cells}
    return "name" in fields and "id_number" in fields


def _fill_from_above(headers: list[Any], above: Sequence[object]) -> None:
    """A header merged down from the row above (a two-level header read from its lower row)."""
    for col, cell in enumerate(headers):
        if _blank(cell) and col < len(above) and match_header(above[col]) is not None:
            headers[col] = above[col]


def _is_subheader(below: Sequence[object], headers: Sequence[object]) -> bool:
    """Whether the row under the header is its second level rather than the first person."""
    known = False
    for col, cell in enumerate(below):
        if _blank(cell):
            continue
        found = match_header(cell)
        top = match_header(headers[col]) if col < len(headers) else None
        if found is None and top in ("name", "id_number"):
            return False  # a real name or ID number under those headers
        known = known or found not in (None, IGNORED)
    return known


def _merge_subheader(headers: list[Any], below: Sequence[object]) -> list[Any]:
    merged = list(headers) + [""] * max(0, len(below) - len(headers))
    for col, cell in enumerate(below):
        if _blank(cell):
            continue
        if match_header(cell) is not None or match_header(merged[col]) is None:
            merged[col] = cell
    return merged


def _line(cells: Sequence[object]) -> str:
    return " ".join(_SPACES.sub(" ", str(c)).strip() for c in cells if not _blank(c))


# Cleaning rows.


@dataclass(frozen=True, slots=True)
class Issue:
    field: str  # canonical field name
    code: str  # for programs, see the module docstring
    message: str  # for the clerk, in Chinese, naming the column as the sheet does


@dataclass(slots=True)
class RowResult:
    row: int  # the sheet row number
    record: dict[str, Any]
    warnings: list[Issue] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    duplicate_of: int | None = None  # the earlier row with the same ID number

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, name: str, code: str, header: str, reason: str) -> None:
        self.errors.append(Issue(name, code, f"“{header}”列：{reason}"))

    def warn(self, name: str, code: str, header: str, reason: str) -> None:
        self.warnings.append(Issue(name, code, f"“{header}”列：{reason}"))


@dataclass(frozen=True, slots=True)
class Duplicate:
    row: int  # the later row, rejected
    first_row: int  # the row kept
    id_number: str


Cell = tuple[object, str]  # a cell's value and its column's header


class _Unreadable(ValueError):
    """A cell that cannot be read; the message is the reason shown to the clerk."""


def clean_row(row: LedgerRow, *, today: date | None = None) -> RowResult:
    """One data row as a record, with its errors (row rejected) and warnings (row kept)."""
    result = RowResult(row=row.number, record=dict.fromkeys(FIELDS))
    if _long_cell(row.cells) is not None:
        return _too_long(row)
    cells = row.fields()
    _clean_name(result, cells["name"])
    keyed = False
    if RECORD_KEY in row.layout.by_field:
        key = _text(cells[RECORD_KEY][0])
        result.record[RECORD_KEY] = key
        keyed = bool(key) and _masked(cells["id_number"][0])
    if keyed:
        pass  # a row of a masked export: the importer finds the person by the record key
    elif _clean_id_number(result, cells["id_number"], today):
        _check_gender(result, cells["gender"])
    if keyed and _masked(cells["phone"][0]):
        result.record["phone"] = ""  # the masked number of the export: the registry's is kept
    else:
        _clean_phone(result, cells["phone"])
    for name in _TEXT_FIELDS:
        result.record[name] = _text(cells[name][0])
    for name in ("employment_status", "work_scope", "intention", "education"):
        _clean_choice(result, name, cells[name])
    skills = _split(_text(cells["skills"][0]))
    result.record["skills"] = [word for word in skills if word not in _NONE_WORDS]
    _clean_service_needs(result, cells["service_needs"])
    _clean_low_income(result, row.values("low_income"))
    _clean_consent(result, cells["consent"])
    for name in ("monthly_income", "expected_wage"):
        _clean_money(result, name, cells[name])
    _clean_date(result, "returned_on", cells["returned_on"])
    for name in INSURANCE_FIELDS:
        _clean_insurance(result, name, cells[name])
    return result


def _long_cell(cells: Sequence[object]) -> int | None:
    """The index of the first cell longer than MAX_CELL characters, or None."""
    for index, cell in enumerate(cells):
        if cell.__class__ is str and len(cell) > MAX_CELL:  # type: ignore[arg-type]
            return index
    return None


def _any_long(columns: list[tuple[object, ...]]) -> bool:
    """Whether any cell of these columns is longer than MAX_CELL (each distinct cell once)."""
    for column in columns:
        try:
            distinct: Iterable[object] = set(column)
        except TypeError:  # an unhashable cell: measure them all
            distinct = column
        texts = [v for v in distinct if v.__class__ is str]
        if texts and max(map(len, texts)) > MAX_CELL:  # type: ignore[arg-type]
            return True
    return False


def _too_long(row: LedgerRow) -> RowResult:
    """A row with an over-long cell: rejected whole, nothing of it kept but a short name."""
    index = _long_cell(row.cells)
    assert index is not None
    layout = row.layout
    column = next((c for c in layout.columns if c.index == index), None)
    header = column.header if column else None
    if header is None:
        header = next((c.header for c in layout.unknown_columns if c.index == index), None)
    header = header or f"第 {index + 1} 列"
    result = RowResult(row=row.number, record=dict.fromkeys(FIELDS))
    name = row.fields()["name"][0]
    result.record["name"] = _short(_text(name)) if isinstance(name, str) else ""
    length = len(row.cells[index])  # type: ignore[arg-type]
    result.errors.append(
        Issue(
            column.field if column else "",
            "cell_too_long",
            f"第 {row.number} 行“{header}”列有 {length} 个字，超过每格 {MAX_CELL} 字的上限，"
            "这一行没有导入",
        )
    )
    return result


def _clean_name(result: RowResult, cell: Cell) -> None:
    value, header = cell
    text = _text(value)
    chinese = _CJK.search(text) is not None
    if chinese and " " in text:
        text = text.replace(" ", "")  # "张  三", padded to line up with three-character names
    result.record["name"] = text
    if not text:
        result.error("name", "name_missing", header, "姓名为空，这一行没有导入")
    elif (
        not isinstance(value, str)
        or len(text) > 40
        or not (chinese or any(c.isalpha() for c in text))
    ):
        result.error("name", "name_invalid", header, f"“{_short(text)}”不像姓名，这一行没有导入")


def _clean_id_number(result: RowResult, cell: Cell, today: date | None) -> bool:
    value, header = cell
    if _blank(value):
        result.error("id_number", "id_missing", header, "身份证号为空，这一行没有导入")
        return False
    if not _codelike(value):
        result.error("id_number", "id_invalid", header, "不是身份证号，这一行没有导入")
        return False
    if _masked(value):
        result.error(
            "id_number",
            "id_masked",
            header,
            "身份证号被遮盖（带*），认不出是谁，这一行没有导入；"
            "请填写完整的身份证号，或保留导出表里的“记录编号”列",
        )
        return False
    try:
        parsed = idnumber.parse(value, today=today)  # type: ignore[arg-type]
    except idnumber.InvalidIdNumber as exc:
        code, reason = exc.code, exc.reason
        if code == "checksum" and isinstance(value, str) and value.strip().endswith("000"):
            code, reason = "precision", _ROUNDED
        result.error("id_number", f"id_{code}", header, f"{reason}，这一行没有导入")
        return False
    record = result.record
    record["id_number"], record["gender"] = parsed.number, parsed.gender
    record["birth_date"] = parsed.birth_date
    return True


_ROUNDED = "身份证号末尾是000，像是 Excel 把它当成数字后丢了后几位；请把这一列设为“文本”后重新填写"


def _check_gender(result: RowResult, cell: Cell) -> None:
    """A gender column is only checked against the ID number, which is what is kept."""
    value, header = cell
    if _blank(value):
        return
    gender = result.record["gender"]
    text = _text(value)
    written = _GENDERS.get(text.lower())
    if written is None:
        result.warn("gender", "gender_unknown", header, f"“{_short(text)}”看不懂，已按身份证号填写")
    elif written != gender:
        result.warn(
            "gender",
            "gender_mismatch",
            header,
            f"写的是“{text}”，但身份证号显示是{_GENDER_WORDS[gender]}性，以身份证号为准",
        )


def _clean_phone(result: RowResult, cell: Cell) -> None:
    value, header = cell
    result.record["phone"] = ""
    if _blank(value):
        return
    if not _codelike(value):
        result.warn("phone", "phone_invalid", header, "不是手机号，已留空，其他信息照常导入")
        return
    parts = _PHONE_SEPARATORS.split(value) if isinstance(value, str) else [value]
    parts = [p for p in parts if not _blank(p)]
    reasons = []
    for part in parts:
        try:
            result.record["phone"] = phone.parse(part)
        except phone.InvalidPhone as exc:
            reasons.append(exc.reason)
            continue
        if len(parts) > 1:
            result.warn(
                "phone", "phone_multiple", header, f"填了多个号码，只保留了{result.record['phone']}"
            )
        return
    reason = reasons[0] if reasons else "手机号为空"
    result.warn("phone", "phone_invalid", header, f"{reason}，已留空，其他信息照常导入")


def _clean_choice(result: RowResult, name: str, cell: Cell) -> None:
    value, header = cell
    text = _text(value)
    if not text:
        return
    code = _lookup(name, text)
    if code is None:
        result.warn(name, "vocab_unknown", header, _unknown_word(name, text))
    result.record[name] = code


def _clean_service_needs(result: RowResult, cell: Cell) -> None:
    value, header = cell
    codes: list[str] = []
    unknown: list[str] = []
    for word in _split(_text(value)):
        if word in _NONE_WORDS:
            continue
        code = _lookup("service_needs", word)
        if code is None:
            unknown.append(word)
        elif code not in codes:
            codes.append(code)
    result.record["service_needs"] = codes
    if unknown:
        result.warn(
            "service_needs",
            "vocab_unknown",
            header,
            _unknown_word("service_needs", "、".join(unknown)),
        )


def _clean_low_income(result: RowResult, cells: list[Cell]) -> None:
    """One or more columns: a category ("脱贫户") or a yes/no under a header that names one."""
    for value, header in cells:
        text = _text(value)
        answer = _yes_no(value)
        if answer is False or text in _NOT_LOW_INCOME or text.startswith(("非", "不是")):
            continue
        code = _lookup("low_income", header) if answer else _lookup("low_income", text)
        if code is None:
            result.warn(
                "low_income", "low_income_unknown", header, _unknown_word("low_income", text)
            )
            continue
        result.record["low_income"] = code
        return


def _clean_consent(result: RowResult, cell: Cell) -> None:
    value, header = cell
    if _blank(value):
        return
    answer = _yes_no(value)
    if answer is None:
        result.warn(
            "consent", "yes_no_unknown", header, f"“{_short(_text(value))}”看不懂，应填“是”或“否”"
        )
    result.record["consent"] = answer


def _clean_money(result: RowResult, name: str, cell: Cell) -> None:
    value, header = cell
    try:
        result.record[name] = _money(value)
    except _Unreadable as exc:
        result.warn(name, "money_invalid", header, f"{exc}，已留空")


def _clean_date(result: RowResult, name: str, cell: Cell) -> None:
    value, header = cell
    try:
        result.record[name] = _date(value)
    except _Unreadable as exc:
        result.warn(name, "date_invalid", header, f"{exc}，已留空")


def insurance_answer(value: object) -> dict[str, str] | None:
    """A social-insurance cell as {"insured", "place"}: "已参保（外地）" → yes, elsewhere;
    "本地" → yes, local; "未参保" → no. None for a blank cell; raises _Unreadable otherwise."""
    text = _text(value)
    if not text:
        return None
    text = unicodedata.normalize("NFKC", text).replace(" ", "").lower()
    place = ""
    for word, code in _INSURANCE_PLACES:
        if word in text:
            place, text = code, text.replace(word, "")
            break
    text = text.strip("()[]:,、-")
    if text in ("", "参保") and place:
        return {"insured": "yes", "place": place}
    for answer, words in _INSURED_WORDS.items():
        if text in words:
            return {"insured": answer, "place": place if answer == "yes" else ""}
    raise _Unreadable(f"“{_short(_text(value))}”看不懂，{_INSURANCE_HELP}")


def _clean_insurance(result: RowResult, name: str, cell: Cell) -> None:
    value, header = cell
    try:
        result.record[name] = insurance_answer(value)
    except _Unreadable as exc:
        result.error(name, "insurance_invalid", header, f"{exc}，这一行没有导入")


# Cell readers.


def _masked(value: object) -> bool:
    """A number shown masked, as exports and pages show it: 320102********1234, 138****5678."""
    return isinstance(value, str) and "*" in value


def _codelike(value: object) -> bool:
    """Whether a cell can hold an ID or phone number: text, or a number of sane size."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value.bit_length() <= 64
    return isinstance(value, str | float)


def _text(value: object) -> str:
    """A cell as one line of text without control characters (NUL, bidi overrides …): numbers
    without ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(strip_controls(value).split())
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and value.bit_length() > 64:
        return "（过长的数字）"
    return str(value)


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _split(text: str) -> list[str]:
    words: list[str] = []
    for word in _LIST_SEPARATORS.split(text):
        if word and word not in words:
            words.append(word)
    return words


@lru_cache(maxsize=4096)
def _lookup(name: str, text: str) -> str | None:
    return vocab.lookup(_VOCABULARIES[name], unicodedata.normalize("NFKC", text))


def _unknown_word(name: str, text: str) -> str:
    labels = "、".join(words[0] for words in _VOCABULARIES[name].values())
    return f"“{_short(text)}”不在可选范围内（{labels}），已留空"


def _yes_no(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return True if value == 1 else False if value == 0 else None
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip().lower()
    return True if text in _YES else False if text in _NO else None


def _money(value: object) -> Decimal | None:
    """Yuan with two decimals: 3000, "3,000元", "3千", "0.5万", "3000-4000" (the lower bound)."""
    if _blank(value):
        return None
    if isinstance(value, str):
        amount, reason = _money_from_text(value)
        if reason:
            raise _Unreadable(reason)
        return amount
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Unreadable(f"“{_short(_text(value))}”不是金额")
    if isinstance(value, float) and not math.isfinite(value):
        raise _Unreadable("不是金额")
    return _checked_amount(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))


@lru_cache(maxsize=4096)
def _money_from_text(value: str) -> tuple[Decimal | None, str]:
    """The amount and "", or None and why not (cached: ledgers repeat the same few sums)."""
    text = _MONEY_NOISE.sub("", unicodedata.normalize("NFKC", value).lower())
    if not text or text in _MONEY_BLANK:
        return None, ""
    match = _MONEY.fullmatch(text)
    if match is None:
        return None, f"“{_short(value.strip())}”看不懂，请填数字，如 3000"
    low, low_unit, high, high_unit = match.groups()
    if low_unit is None and high_unit is not None and Decimal(low) < Decimal(high):
        low_unit = high_unit  # "3-4千"
    try:
        return _checked_amount(Decimal(low) * _MONEY_UNITS[low_unit]), ""
    except _Unreadable as exc:
        return None, str(exc)


def _checked_amount(amount: Decimal) -> Decimal:
    if not 0 <= amount <= MAX_MONEY:
        raise _Unreadable(f"金额 {amount:f} 不合理")
    return amount.quantize(_CENT)


def _date(value: object) -> date | None:
    """A date from a date cell, an Excel serial number or text like 2026.1.5 / 2026年1月 / 2026-1."""
    if _blank(value):
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _Unreadable(f"“{_short(_text(value))}”不是日期")
    elif isinstance(value, int | float):
        day = _date_from_number(value)
    else:
        day, reason = _date_from_cached_text(value)
        if day is None:
            raise _Unreadable(reason)
    if not _FIRST_YEAR <= day.year <= _LAST_YEAR:
        raise _Unreadable(f"日期 {day.isoformat()} 不合理")
    return day


def _date_from_number(number: float) -> date:
    if 19000101 <= number <= 29991231 and float(number).is_integer():
        return _date_from_text(str(int(number)))  # 20260105 typed as a number
    if not 1 <= number < 2958466:
        raise _Unreadable(f"“{_text(number)}”不是日期")
    return _EXCEL_EPOCH + timedelta(days=int(number))


@lru_cache(maxsize=4096)
def _date_from_cached_text(value: str) -> tuple[date | None, str]:
    try:
        return _date_from_text(value), ""
    except _Unreadable as exc:
        return None, str(exc)


def _date_from_text(value: str) -> date:
    text = unicodedata.normalize("NFKC", value).strip()
    with_time = _DATE_TIME.fullmatch(text)
    if with_time:
        text = with_time.group(1)
    text = _SPACES.sub("", text)
    match = _DATE.fullmatch(text)
    if match:
        year, month, day = match.group(1), match.group(2), match.group(3) or "1"
    elif text.isdigit() and len(text) in (6, 8):
        year, month, day = text[:4], text[4:6], text[6:] or "1"
    elif text.isdigit() and len(text) == 5:
        return _date_from_number(int(text))
    else:
        raise _Unreadable(f"“{_short(value.strip())}”看不懂，请写成 2026-01-05 或 2026年1月")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise _Unreadable(f"日期“{_short(value.strip())}”不存在") from None


# Cleaning many rows at once: the same records and issues as `clean_row`, column by column.

_ID_WEIGHTS = None  # numpy array, made on first use
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_FAST_PHONE = re.compile(r"1[3-9]\d{9}")
_FAST_ID = re.compile(r"\d{17}[\dX]")


def clean_rows(rows: Sequence[LedgerRow], *, today: date | None = None) -> list[RowResult]:
    """`[clean_row(row) for row in rows]`, computed per column: the same results, faster.

    Ledgers repeat the same few words, sums and dates down a column, so each distinct cell of a
    column is cleaned once (by the same per-field code `clean_row` uses) and the answer mapped
    over the column. ID and phone numbers, distinct in every row, are checked in bulk (the
    GB 11643 check digit with numpy); only those that fail the bulk check go through the
    per-cell code, which writes the exact reason. Rows of a masked export (keyed by 记录编号)
    and rows with an over-long cell are cleaned one by one.
    """
    if not rows:
        return []
    layout = rows[0].layout
    if any(row.layout is not layout for row in rows):
        return [clean_row(row, today=today) for row in rows]
    n = len(rows)
    cells = [row.cells for row in rows]
    width = max(map(len, cells))
    if min(map(len, cells)) < width:  # a CSV's short rows: missing cells are blank
        cells = [c if len(c) == width else [*c, *[None] * (width - len(c))] for c in cells]
    by_index = list(zip(*cells, strict=True))  # the sheet's columns, transposed in one pass
    values = {name: _column(cells, by_index, layout, name) for name in (*FIELD_HEADERS, RECORD_KEY)}
    today = today or datetime.now(_CHINA).date()
    own_rows: set[int] = set()
    if _any_long(by_index):  # rare: then find the rows, and clean them one by one
        own_rows = {i for i, row in enumerate(cells) if _long_cell(row) is not None}
    record_keys = None
    if RECORD_KEY in layout.by_field:
        record_keys = _mapped(values[RECORD_KEY], _text_of)
        ids = values["id_number"][0]
        own_rows.update(i for i in range(n) if record_keys[i] and _masked(ids[i]))

    errors: dict[int, list[Issue]] = {}
    warnings: dict[int, list[Issue]] = {}

    def collect(into: dict[int, list[Issue]], issues: list[tuple[Issue, ...]]) -> None:
        for i, found in enumerate(issues):
            if found:
                into.setdefault(i, []).extend(found)

    names = _mapped(values["name"], _name_of)
    collect(errors, [found for _, found in names])
    ids = _id_numbers(values["id_number"], today)
    collect(errors, [found for *_, found in ids])
    genders = _mapped_with(
        values["gender"], [gender for _, gender, _, found in ids], ids, _gender_check
    )
    collect(warnings, genders)
    phones = _phones(values["phone"])
    collect(warnings, [found for _, found in phones])
    columns: dict[str, list[Any]] = {
        "name": [name for name, _ in names],
        "id_number": [number for number, *_ in ids],
        "gender": [gender for _, gender, _, _ in ids],
        "birth_date": [birth for _, _, birth, _ in ids],
        "phone": [number for number, _ in phones],
    }
    for name in _TEXT_FIELDS:
        columns[name] = _mapped(values[name], _text_of)
    for name in ("employment_status", "work_scope", "intention", "education"):
        found = _mapped(values[name], _choice_of(name))
        columns[name] = [code for code, _ in found]
        collect(warnings, [issues for _, issues in found])
    columns["skills"] = _mapped(values["skills"], _skills_of)
    found = _mapped(values["service_needs"], _needs_of)
    columns["service_needs"] = [codes for codes, _ in found]
    collect(warnings, [issues for _, issues in found])
    found = _low_income_column(cells, layout)
    columns["low_income"] = [code for code, _ in found]
    collect(warnings, [issues for _, issues in found])
    for name, reader in (
        ("consent", _consent_of),
        ("monthly_income", _money_of(_clean_money, "monthly_income")),
        ("expected_wage", _money_of(_clean_money, "expected_wage")),
        ("returned_on", _money_of(_clean_date, "returned_on")),
    ):
        found = _mapped(values[name], reader)
        columns[name] = [value for value, _ in found]
        collect(warnings, [issues for _, issues in found])

    for name in INSURANCE_FIELDS:
        found = _mapped(values[name], _insurance_of(name))
        columns[name] = [value for value, _ in found]
        collect(errors, [issues for _, issues in found])

    columns["skills"] = list(map(list, columns["skills"]))  # each row its own lists
    columns["service_needs"] = list(map(list, columns["service_needs"]))
    records = list(
        map(dict, map(zip, repeat(FIELDS), zip(*(columns[f] for f in FIELDS), strict=True)))
    )
    if record_keys is not None:
        for record, key in zip(records, record_keys, strict=True):
            record[RECORD_KEY] = key
    no_issues: list[Issue] = []
    results = list(
        map(
            RowResult,
            [row.number for row in rows],
            records,
            [warnings.get(i, no_issues) for i in range(n)],
            [errors.get(i, no_issues) for i in range(n)],
        )
    )
    for result in results:  # each row its own lists, for find_duplicates to add to
        if result.warnings is no_issues:
            result.warnings = []
        if result.errors is no_issues:
            result.errors = []
    for i in own_rows:
        results[i] = clean_row(rows[i], today=today)
    return results


_CHINA = timezone(timedelta(hours=8))
_Col = tuple[list[object], list[str] | str]  # values (None for blank) and header(s)


def _column(
    cells: list[Sequence[object]], by_index: list[tuple[object, ...]], layout: Layout, name: str
) -> _Col:
    """A field's first non-blank cell in every row and its header(s) (one when one column).

    `cells` are the rows padded to one width, `by_index` the same transposed."""
    columns = layout.by_field.get(name, ())
    if not columns:
        return [None] * len(cells), layout.header(name)
    if len(columns) == 1:  # blank text is left as it is: every reader takes it as blank
        index = columns[0].index
        if index < len(by_index):
            return list(by_index[index]), columns[0].header
        return [None] * len(cells), columns[0].header
    found, headers = [], []
    for row in cells:
        value, header = None, columns[0].header
        for column in columns:
            cell = row[column.index] if column.index < len(row) else None
            if not (cell is None or cell == "" or (cell.__class__ is str and cell.isspace())):
                value, header = cell, column.header
                break
        found.append(value)
        headers.append(header)
    return found, headers


def _mapped(column: _Col, compute: Any) -> list[Any]:
    """compute(value, header) for each cell, once for each distinct (type, value, header)."""
    values, headers = column
    cache: dict[Any, Any] = {}
    out = []
    if isinstance(headers, str):
        header = headers
        try:
            types = set(map(type, values))
            if len(types & {int, float, bool}) <= 1:  # no 1 == 1.0 == True to tell apart
                answers = {v: compute(v, header) for v in dict.fromkeys(values)}
                return list(map(answers.__getitem__, values))
        except TypeError:  # an unhashable cell: one by one below
            pass
        for value in values:
            # Text keys itself; other values with their type, so that 1, 1.0 and True differ.
            key = value if value.__class__ is str else (value.__class__, value)
            try:
                out.append(cache[key])
            except KeyError:
                out.append(cache.setdefault(key, compute(value, header)))
            except TypeError:  # an unhashable cell
                out.append(compute(value, header))
        return out
    for value, header in zip(values, headers, strict=True):
        key = (value.__class__, value, header)
        try:
            out.append(cache[key])
        except KeyError:
            out.append(cache.setdefault(key, compute(value, header)))
        except TypeError:
            out.append(compute(value, header))
    return out


def _mapped_with(column: _Col, extra: list[Any], ids: list, compute: Any) -> list[Any]:
    """Like `_mapped`, with one more per-row argument in the key (the ID number's gender)."""
    values, headers = column
    cache: dict[Any, Any] = {}
    out = []
    for i, value in enumerate(values):
        if value is None or value == "" or ids[i][3]:  # blank, or no valid ID number
            out.append(())
            continue
        header = headers if isinstance(headers, str) else headers[i]
        key = (value.__class__, value, header, extra[i])
        try:
            out.append(cache[key])
        except KeyError:
            out.append(cache.setdefault(key, compute(value, header, extra[i])))
        except TypeError:
            out.append(compute(value, header, extra[i]))
    return out


def _scratch(record: dict[str, Any] | None = None) -> RowResult:
    return RowResult(row=0, record=record if record is not None else {})


def _name_of(value: object, header: str) -> tuple[str, tuple[Issue, ...]]:
    result = _scratch()
    _clean_name(result, (value, header))
    return result.record["name"], tuple(result.errors)


def _gender_check(value: object, header: str, gender: str) -> tuple[Issue, ...]:
    result = _scratch({"gender": gender})
    _check_gender(result, (value, header))
    return tuple(result.warnings)


def _id_numbers(column: _Col, today: date) -> list[tuple[Any, Any, Any, tuple[Issue, ...]]]:
    """(number, gender, birth date, errors) for each row; valid 18-digit text checked in bulk."""
    import numpy as np

    global _ID_WEIGHTS
    if _ID_WEIGHTS is None:
        _ID_WEIGHTS = np.array(idnumber.WEIGHTS, dtype=np.int64)
    values, headers = column
    fast = [
        i
        for i, value in enumerate(values)
        if value.__class__ is str
        and len(value) == 18
        and value.isascii()
        and _FAST_ID.fullmatch(value)
    ]
    good = np.zeros(len(values), dtype=bool)
    if fast:
        text = "".join(values[i] for i in fast).encode("ascii")
        digits = np.frombuffer(text, dtype=np.uint8).reshape(-1, 18).astype(np.int64) - 48
        last = digits[:, 17]  # "X" is 88 - 48 = 40
        check = np.array([ord(c) - 48 for c in idnumber.CHECK_MAP])[
            (digits[:, :17] @ _ID_WEIGHTS) % 11
        ]
        province = digits[:, 0] * 10 + digits[:, 1]
        year = digits[:, 6] * 1000 + digits[:, 7] * 100 + digits[:, 8] * 10 + digits[:, 9]
        month = digits[:, 10] * 10 + digits[:, 11]
        day = digits[:, 12] * 10 + digits[:, 13]
        leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
        month_ok = (month >= 1) & (month <= 12)
        days = np.array(_DAYS_IN_MONTH)[np.where(month_ok, month, 0)]
        days = np.where((month == 2) & ~leap, 28, days)
        born = year * 10000 + month * 100 + day
        ok = (
            (last == check)
            & np.isin(province, list(idnumber.PROVINCES))
            & month_ok
            & (day >= 1)
            & (day <= days)
            & (year >= 1900)
            & (born <= today.year * 10000 + today.month * 100 + today.day)
        )
        good[np.array(fast)[ok]] = True
    births: dict[str, date] = {}
    out: list[tuple[Any, Any, Any, tuple[Issue, ...]]] = []
    for i, value in enumerate(values):
        if good[i]:
            digits8 = value[6:14]  # type: ignore[index]
            birth = births.get(digits8)
            if birth is None:
                birth = births[digits8] = date(
                    int(digits8[:4]), int(digits8[4:6]), int(digits8[6:])
                )
            gender = "male" if int(value[16]) % 2 else "female"  # type: ignore[index]
            out.append((value, gender, birth, ()))
            continue
        header = headers if isinstance(headers, str) else headers[i]
        result = _scratch()
        _clean_id_number(result, (value, header), today)
        record = result.record
        out.append(
            (
                record.get("id_number"),
                record.get("gender"),
                record.get("birth_date"),
                tuple(result.errors),
            )
        )
    return out


def _phones(column: _Col) -> list[tuple[str, tuple[Issue, ...]]]:
    """(number, warnings) for each row; plain 11-digit mobile numbers need no further work."""
    values, headers = column
    fast = _FAST_PHONE.fullmatch
    out: list[tuple[str, tuple[Issue, ...]]] = []
    for i, value in enumerate(values):
        if value is None or value == "":
            out.append(("", ()))
            continue
        if value.__class__ is str and len(value) == 11 and value.isascii() and fast(value):
            out.append((value, ()))  # type: ignore[arg-type]
            continue
        if value.__class__ is int and 13_000_000_000 <= value < 20_000_000_000:  # type: ignore[operator]
            text = str(value)
            if fast(text):
                out.append((text, ()))
                continue
        header = headers if isinstance(headers, str) else headers[i]
        result = _scratch()
        _clean_phone(result, (value, header))
        out.append((result.record["phone"], tuple(result.warnings)))
    return out


def _choice_of(name: str) -> Any:
    def compute(value: object, header: str) -> tuple[str | None, tuple[Issue, ...]]:
        result = _scratch()
        _clean_choice(result, name, (value, header))
        return result.record.get(name), tuple(result.warnings)

    return compute


def _skills_of(value: object, header: str) -> list[str]:
    return [word for word in _split(_text(value)) if word not in _NONE_WORDS]


def _needs_of(value: object, header: str) -> tuple[list[str], tuple[Issue, ...]]:
    result = _scratch()
    _clean_service_needs(result, (value, header))
    return result.record["service_needs"], tuple(result.warnings)


def _low_income_column(
    cells: list[Sequence[object]], layout: Layout
) -> list[tuple[str | None, tuple[Issue, ...]]]:
    columns = layout.by_field.get("low_income", ())
    cache: dict[Any, Any] = {}
    out = []
    for row in cells:
        found = []
        for column in columns:
            cell = row[column.index] if column.index < len(row) else None
            if not _blank(cell):
                found.append((cell, column.header))
        if not found:
            out.append((None, ()))
            continue
        try:
            key = tuple((cell.__class__, cell, header) for cell, header in found)
            hit = cache.get(key)
        except TypeError:
            key, hit = None, None
        if hit is None:
            result = _scratch()
            _clean_low_income(result, found)
            hit = (result.record.get("low_income"), tuple(result.warnings))
            if key is not None:
                cache[key] = hit
        out.append(hit)
    return out


def _consent_of(value: object, header: str) -> tuple[bool | None, tuple[Issue, ...]]:
    result = _scratch()
    _clean_consent(result, (value, header))
    return result.record.get("consent"), tuple(result.warnings)


def _money_of(clean: Any, name: str) -> Any:
    """A sum or a date field's reader: `_clean_money` or `_clean_date` for field `name`."""

    def compute(value: object, header: str) -> tuple[Any, tuple[Issue, ...]]:
        result = _scratch()
        clean(result, name, (value, header))
        return result.record.get(name), tuple(result.warnings)

    return compute


def _insurance_of(name: str) -> Any:
    def compute(value: object, header: str) -> tuple[Any, tuple[Issue, ...]]:
        result = _scratch()
        _clean_insurance(result, name, (value, header))
        return result.record.get(name), tuple(result.errors)

    return compute


def _text_of(value: object, header: str) -> str:
    return _text(value)


# Duplicates within one file.


def find_duplicates(results: Iterable[RowResult]) -> list[Duplicate]:
    """Reject every later accepted row whose ID number an earlier accepted row already has.

    The later row gets a "duplicate" error and `duplicate_of`; the first row is kept and gets a
    "duplicate_kept" warning naming the other rows.
    """
    first: dict[str, RowResult] = {}
    found: list[Duplicate] = []
    later: dict[int, list[int]] = {}
    for result in results:
        number = result.record.get("id_number")
        what = "身份证号"
        if not number and result.record.get(RECORD_KEY):
            number, what = f"{RECORD_KEY}:{result.record[RECORD_KEY]}", "记录编号"
        if not result.ok or not number:
            continue
        kept = first.setdefault(number, result)
        if kept is result:
            continue
        result.duplicate_of = kept.row
        result.errors.append(
            Issue(
                "id_number",
                "duplicate",
                f"{what}与第{kept.row}行重复，同一个人只导入第{kept.row}行，这一行没有导入",
            )
        )
        found.append(Duplicate(row=result.row, first_row=kept.row, id_number=number))
        later.setdefault(kept.row, []).append(result.row)
    for kept in first.values():
        rows = later.get(kept.row)
        if rows:
            listed = "、".join(f"第{r}行" for r in rows)
            what = "身份证号" if kept.record.get("id_number") else "记录编号"
            kept.warnings.append(
                Issue("id_number", "duplicate_kept", f"{what}在{listed}重复出现，只导入了这一行")
            )
    return found
