"""The ledger parser on ledgers as villages keep them: real .xlsx, .xls and GB18030 .csv files."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homeward.codes import idnumber
from homeward.workers.ledger import (
    FIELDS,
    Layout,
    LedgerError,
    LedgerRow,
    RowResult,
    clean_row,
    find_duplicates,
    read_ledger,
)
from homeward.workers.ledger_fields import FIELD_HEADERS, header_key, match_header

TODAY = date(2026, 2, 1)
ZHANG = idnumber.make("430381", date(1990, 1, 1), 117, male=True)  # 43038119900101235X
LI_15 = 430381900101123  # a legacy 15-digit number (a man's), stored by Excel as a number
LI = "430381199001011234"  # ... and what it becomes
ZHAO = idnumber.make("430381", date(1985, 6, 15), 42, male=False)
QIAN = idnumber.make("321302", date(1978, 3, 9), 7, male=True)
WANG = idnumber.make("511002", date(1995, 12, 31), 200, male=True)

HEADERS = [
    "序号",
    "姓 名",
    "性别",
    "身份证\n号码",
    "联系电话",
    "所在村",
    "就业状态",
    "务工地域",
    "月均收入（元）",
    "期望月薪",
    "返乡时间",
    "服务需求",
    "技能特长",
    "是否脱贫户",
    "同意接收信息",
    "民族",
    "文化程度",
]


def _xlsx(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _village_ledger() -> bytes:
    """A ledger the way a village office keeps it, one row per situation a clerk produces."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2026年春节返乡摸底"
    sheet["A1"] = "东山村农民工就业情况台账"
    sheet.merge_cells("A1:Q1")
    sheet["A2"] = "填报单位：东山村村委会"
    sheet["L2"] = "填报日期：2026年1月10日"
    sheet.append(HEADERS)  # row 3
    rows = [
        # 4: accepted as it is
        [1, "张三", "男", ZHANG, "+86 138-0013-8000", "东山村", "外出务工", "省外"]
        + ["3,000元", "3000-4000", 46027, "就业、培训", "电工，焊工", "是", "√", "汉", "初中"],
        # 5: accepted with warnings (village merged down from row 4)
        [2, "李 四", "女", LI_15, "1380013800", None, "打工", "县内"]
        + ["3千", None, "2026-1", "贷款 找对象", None, "否", "Y", None, "高中"],
        # 6: blank
        [],
        # 7: an ID Excel rounded: rejected
        [3, "王五", "男", int(WANG), "13900139000", "西山村", "本地就业", "县内"],
        # 8: full-width digits and an apostrophe: accepted
        [4, "赵六", "女", "'" + ZHAO.translate(str.maketrans("0123456789", "０１２３４５６７８９"))]
        + ["", "西山村", "返乡创业", "", None, "0.5万", "2026年1月5日", "", "", "", "", "", ""],
        # 9: no name: rejected
        [5, None, "男", QIAN, "13700137000", "西山村"],
        # 10: a wrong check digit: rejected
        [6, "钱七", "男", ZHANG[:-1] + "1", "", "西山村"],
        # 11: the same person as row 4: duplicate
        [7, "孙八", "男", ZHANG, "", "西山村", "外出务工"],
        # 12: a serial number on an empty line
        [8],
        # 13: the total, then notes
        ["合计", "", "", "", "", "", "", "", "6000", "", "", "", "", "", "", "", ""],
        ["填表说明：1. 身份证号一列请设为文本格式；2. 月收入以元为单位。"],
        ["填表人：周某", "", "", "", "", "审核人：吴某"],
        # 16: someone added after the notes
        [9, "郑九", "男", QIAN],
    ]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("F4:F5")
    sheet["D7"].number_format = "0"
    return _xlsx(book)


@pytest.fixture(scope="module")
def village():
    ledger = read_ledger(_village_ledger(), "东山村台账.xlsx")
    results = [clean_row(row, today=TODAY) for row in ledger.rows()]
    duplicates = find_duplicates(results)
    return ledger, {r.row: r for r in results}, duplicates


def _codes(issues) -> list[str]:
    return [issue.code for issue in issues]


def test_header_title_and_sheet(village):
    ledger, _, _ = village
    assert ledger.kind == "xlsx"
    assert ledger.sheet == "2026年春节返乡摸底"
    assert ledger.header_row == 3
    assert ledger.title == "东山村农民工就业情况台账"
    assert ledger.preamble == (
        "东山村农民工就业情况台账",
        "填报单位：东山村村委会 填报日期：2026年1月10日",
    )
    assert ledger.unknown_columns == ("民族",)
    assert ledger.layout.header("id_number") == "身份证号码"  # the two-line header, on one line
    assert ledger.layout.header("name") == "姓名"
    assert [c.field for c in ledger.layout.columns][:4] == ["name", "gender", "id_number", "phone"]


def test_rows_keep_their_sheet_numbers_and_stop_at_the_total(village):
    ledger, results, _ = village
    assert sorted(results) == [4, 5, 7, 8, 9, 10, 11]  # 6 blank, 12 a serial number alone
    assert ledger.end_row == 13
    assert ledger.end_text == "合计"
    assert ledger.rows_after_end == [16]  # reported, not read, not lost silently


def test_accepted_row(village):
    _, results, _ = village
    row = results[4]
    assert row.ok
    assert _codes(row.warnings) == ["duplicate_kept"]  # row 11 repeats it, see below
    assert row.record == {
        "name": "张三",
        "id_number": ZHANG,
        "gender": "male",
        "birth_date": date(1990, 1, 1),
        "phone": "13800138000",
        "village": "东山村",
        "village_code": "",
        "employment_status": "out_migrant",
        "work_scope": "out_of_province",
        "work_place": "",
        "employer_name": "",
        "occupation": "",
        "skills": ["电工", "焊工"],
        "education": "junior_high",
        "monthly_income": Decimal("3000.00"),
        "expected_wage": Decimal("3000.00"),  # the lower bound of 3000-4000
        "intention": None,
        "training_wish": "",
        "service_needs": ["job", "training"],
        "low_income": "poverty_alleviated",
        "consent": True,
        "returned_on": date(2026, 1, 5),  # Excel serial number 46027
        "note": "",
        # no social-insurance columns in this ledger
        "pension_insurance": None,
        "medical_insurance": None,
        "injury_insurance": None,
        "unemployment_insurance": None,
    }


def test_accepted_with_warnings(village):
    _, results, _ = village
    row = results[5]
    assert row.ok
    assert row.record["name"] == "李四"
    assert row.record["id_number"] == LI  # a 15-digit number stored as a number, upgraded
    assert row.record["village"] == "东山村"  # merged down from the row above
    assert row.record["phone"] == ""
    assert row.record["employment_status"] is None
    assert row.record["monthly_income"] == Decimal("3000.00")
    assert row.record["returned_on"] == date(2026, 1, 1)
    assert row.record["service_needs"] == ["startup_loan"]
    assert row.record["low_income"] is None
    assert row.record["consent"] is True
    assert row.record["education"] == "senior_high"
    assert _codes(row.warnings) == [
        "gender_mismatch",
        "phone_invalid",
        "vocab_unknown",
        "vocab_unknown",
    ]
    messages = [w.message for w in row.warnings]
    assert messages[0] == "“性别”列：写的是“女”，但身份证号显示是男性，以身份证号为准"
    assert messages[1] == "“联系电话”列：手机号应为11位，实际为10位，已留空，其他信息照常导入"
    assert messages[2].startswith("“就业状态”列：“打工”不在可选范围内（外出务工、本地就业")
    assert messages[3].startswith("“服务需求”列：“找对象”不在可选范围内")


def test_full_width_digits_and_apostrophe(village):
    _, results, _ = village
    row = results[8]
    assert row.ok and row.warnings == []
    assert row.record["id_number"] == ZHAO
    assert row.record["gender"] == "female"
    assert row.record["employment_status"] == "returned_entrepreneur"
    assert row.record["expected_wage"] == Decimal("5000.00")
    assert row.record["returned_on"] == date(2026, 1, 5)


def test_rejected_rows_say_why_in_chinese(village):
    _, results, _ = village
    rounded, nameless, checksum = results[7], results[9], results[10]
    assert _codes(rounded.errors) == ["id_precision"]
    assert "设为“文本”" in rounded.errors[0].message
    assert rounded.errors[0].message.startswith("“身份证号码”列：")
    assert _codes(nameless.errors) == ["name_missing"]
    assert nameless.errors[0].message == "“姓名”列：姓名为空，这一行没有导入"
    assert _codes(checksum.errors) == ["id_checksum"]
    assert "校验位" in checksum.errors[0].message
    assert checksum.errors[0].field == "id_number"


def test_duplicate_in_file(village):
    _, results, duplicates = village
    assert [(d.row, d.first_row, d.id_number) for d in duplicates] == [(11, 4, ZHANG)]
    assert results[11].duplicate_of == 4
    assert not results[11].ok
    assert results[11].errors[0].message == (
        "身份证号与第4行重复，同一个人只导入第4行，这一行没有导入"
    )
    assert results[4].ok
    assert results[4].warnings[0].message == "身份证号在第11行重复出现，只导入了这一行"


def test_first_of_duplicates_is_told_about_the_others():
    layout = Layout.from_headers(["姓名", "身份证号"])
    results = [
        clean_row(LedgerRow(number, ["某某", ZHANG], layout), today=TODAY) for number in (4, 9, 12)
    ]
    found = find_duplicates(results)
    assert [(d.row, d.first_row) for d in found] == [(9, 4), (12, 4)]
    assert results[0].ok
    assert results[0].warnings[-1].message == "身份证号在第9行、第12行重复出现，只导入了这一行"


def test_two_level_header_with_merged_cells():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "基本信息", None, None, "就业状态", "务工信息", None])
    sheet.append([None, "姓名", "性别", "公民身份号码", None, "务工地点", "务工单位"])
    sheet.append([1, "张三", "男", ZHANG, "外出务工", "广东东莞", "某电子厂"])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:D1")
    sheet.merge_cells("E1:E2")
    sheet.merge_cells("F1:G1")
    ledger = read_ledger(_xlsx(book), "两级表头.xlsx")
    assert ledger.header_row == 2
    assert ledger.unknown_columns == ()
    (row,) = ledger.rows()
    assert row.number == 3
    record = clean_row(row, today=TODAY).record
    assert record["employment_status"] == "out_migrant"
    assert (record["work_place"], record["employer_name"]) == ("广东东莞", "某电子厂")


def test_sub_header_row_below_the_header_without_merges():
    text = (
        "序号,姓名,身份证号,务工情况,,联系电话\n"
        ",,,务工地点,务工单位,\n"
        f"1,张三,{ZHANG},浙江义乌,某物流公司,13800138000\n"
    )
    ledger = read_ledger(text.encode("utf-8"), "子表头.csv")
    assert ledger.header_row == 2
    (row,) = ledger.rows()
    record = clean_row(row, today=TODAY).record
    assert (record["work_place"], record["employer_name"]) == ("浙江义乌", "某物流公司")
    assert record["employment_status"] is None


def test_gb18030_csv():
    text = (
        "西山村农民工台账\n"
        "序号,姓名,身份证号,手机号码,返乡日期,期望工资,就业意向,备注\n"
        f"1,刘一,{ZHAO},138 0013 8000,2026/01/05,3000-4000,本地就业,腰不好\n"
        "2,陈二,4.30381E+17,,2026.1.5,,,\n"
        f"3,杨三,{QIAN},0731-5555555,2026年13月1日,面议,出去打工,\n"
        "合计,3人,,,,,,\n"
    )
    data = text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    ledger = read_ledger(data, "西山村.csv")
    assert (ledger.kind, ledger.sheet, ledger.header_row, ledger.title) == (
        "csv",
        "",
        2,
        "西山村农民工台账",
    )
    results = [clean_row(row, today=TODAY) for row in ledger.rows()]
    assert [r.row for r in results] == [3, 4, 5]
    assert ledger.end_row == 6
    first, rounded, third = results
    assert first.ok and first.warnings == []
    assert first.record["phone"] == "13800138000"
    assert first.record["returned_on"] == date(2026, 1, 5)
    assert first.record["expected_wage"] == Decimal("3000.00")
    assert first.record["intention"] == "local"
    assert first.record["note"] == "腰不好"
    assert _codes(rounded.errors) == ["id_precision"]
    assert third.ok
    assert _codes(third.warnings) == ["phone_invalid", "date_invalid"]
    assert third.warnings[1].message == "“返乡日期”列：日期“2026年13月1日”不存在，已留空"
    assert third.record["expected_wage"] is None
    assert third.record["intention"] == "go_out"


def test_utf8_csv_with_bom_and_tabs():
    text = f"姓名\t身份证号\t性别\n王五\t{WANG}\t男\n"
    ledger = read_ledger(("\ufeff" + text).encode("utf-8"), "导出.csv")
    (row,) = ledger.rows()
    result = clean_row(row, today=TODAY)
    assert result.ok and result.warnings == []
    assert result.record["name"] == "王五"


def test_xls_file(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    cover = book.add_sheet("填表说明")
    cover.write(0, 0, "本表由村委会填写")
    sheet = book.add_sheet("台账")
    sheet.write_merge(0, 0, 0, 5, "南山村农民工就业情况台账")
    for col, header in enumerate(["序号", "姓名", "身份证号", "联系电话", "返乡时间", "户类型"]):
        sheet.write(1, col, header)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    sheet.write(2, 0, 1)
    sheet.write(2, 1, "黄大")
    sheet.write(2, 2, LI_15)  # a legacy number, as a number
    sheet.write(2, 3, 13800138000)
    sheet.write(2, 4, datetime(2026, 1, 20), date_style)  # noqa: DTZ001 - cells are naive
    sheet.write(2, 5, "监测户")
    sheet.write(3, 0, 2)
    sheet.write(3, 1, "黄二")
    sheet.write(3, 2, float(ZHANG[:-1] + "0"))  # what an .xls holds for an 18-digit number
    path = tmp_path / "南山村.xls"
    book.save(str(path))

    ledger = read_ledger(path)
    assert (ledger.kind, ledger.sheet, ledger.filename) == ("xls", "台账", "南山村.xls")
    assert ledger.header_row == 2
    first, second = (clean_row(row, today=TODAY) for row in ledger.rows())
    assert first.row == 3 and first.ok and first.warnings == []
    assert first.record["id_number"] == LI
    assert first.record["phone"] == "13800138000"
    assert first.record["returned_on"] == date(2026, 1, 20)
    assert first.record["low_income"] == "monitored"
    assert second.row == 4
    assert _codes(second.errors) == ["id_precision"]


def test_a_ledger_read_from_a_path_with_the_wrong_extension(tmp_path):
    path = tmp_path / "台账.xls"
    path.write_bytes(_village_ledger())  # an .xlsx saved under an .xls name
    ledger = read_ledger(path)
    assert ledger.kind == "xlsx"
    assert len(list(ledger.rows())) == 7


def test_rows_can_be_read_once(village):
    ledger = read_ledger(_village_ledger(), "a.xlsx")
    list(ledger.rows())
    with pytest.raises(RuntimeError):
        list(ledger.rows())


@pytest.mark.parametrize(
    ("data", "filename", "words"),
    [
        (b"<html><table><tr><td>1</td></tr></table></html>", "导出.xls", "不是真正的 Excel 文件"),
        ("姓名,电话\n张三,13800138000\n".encode(), "a.csv", "没有找到表头"),
        (b"PK\x03\x04 broken", "a.xlsx", "打不开"),
        (b"whatever", "a.pdf", "只能导入 .xlsx、.xls 或 .csv"),
    ],
)
def test_files_that_are_not_ledgers(data, filename, words):
    with pytest.raises(LedgerError) as info:
        read_ledger(data, filename)
    assert words in info.value.message


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("身份证号", "id_number"),
        ("公民身份号码", "id_number"),
        ("身份证号码（18位）", "id_number"),
        ("*身份证", "id_number"),
        ("手机号码/联系电话", "phone"),
        ("村（社区）", "village"),
        ("月均收入\n（元）", "monthly_income"),
        ("月 工 资（元/月）", "monthly_income"),
        ("期望薪资", "expected_wage"),
        ("从事工种", "occupation"),
        ("低收入类别", "low_income"),
        ("是否同意联系", "consent"),
        ("返乡时间", "returned_on"),
        ("备注：", "note"),
        ("序号", "_ignored"),
        ("民族", None),
        (None, None),
        (12, None),
    ],
)
def test_header_synonyms(header, field):
    assert match_header(header) == field


def _clean(headers: list[str], cells: list[object]) -> RowResult:
    layout = Layout.from_headers(["姓名", "身份证号", *headers])
    return clean_row(LedgerRow(7, ["张三", ZHANG, *cells], layout), today=TODAY)


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        (3000, "3000.00"),
        (3000.5, "3000.50"),
        ("3000", "3000.00"),
        ("3000元", "3000.00"),
        ("3,000", "3000.00"),
        ("３０００元/月", "3000.00"),
        ("3千", "3000.00"),
        ("0.5万", "5000.00"),
        ("3000-4000", "3000.00"),
        ("3-4千", "3000.00"),
        ("5000左右", "5000.00"),
        ("6000以上", "6000.00"),
        ("面议", None),
        ("", None),
        (None, None),
    ],
)
def test_money(cell, amount):
    result = _clean(["期望月薪"], [cell])
    assert result.warnings == []
    assert result.record["expected_wage"] == (Decimal(amount) if amount else None)


@pytest.mark.parametrize("cell", ["很多", "3年", -5, 2_000_000, "三千", True, float("nan")])
def test_money_that_cannot_be_read_is_a_warning(cell):
    result = _clean(["月收入"], [cell])
    assert result.ok
    assert _codes(result.warnings) == ["money_invalid"]
    assert result.record["monthly_income"] is None


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        (46027, date(2026, 1, 5)),
        (46027.75, date(2026, 1, 5)),
        (datetime(2026, 1, 5, 8, 30), date(2026, 1, 5)),  # noqa: DTZ001 - as Excel gives it
        (date(2026, 1, 5), date(2026, 1, 5)),
        ("2026.1.5", date(2026, 1, 5)),
        ("2026年1月5日", date(2026, 1, 5)),
        ("2026/01/05", date(2026, 1, 5)),
        ("2026-01-05 00:00:00", date(2026, 1, 5)),
        ("2026-1", date(2026, 1, 1)),
        ("2026年1月", date(2026, 1, 1)),
        ("20260105", date(2026, 1, 5)),
        (20260105, date(2026, 1, 5)),
        ("46027", date(2026, 1, 5)),
    ],
)
def test_dates(cell, day):
    result = _clean(["返乡时间"], [cell])
    assert result.warnings == []
    assert result.record["returned_on"] == day


@pytest.mark.parametrize("cell", ["春节前", "2026年", "2026-02-30", 3, "1850-01-01"])
def test_dates_that_cannot_be_read_are_warnings(cell):
    result = _clean(["返乡时间"], [cell])
    assert result.ok
    assert _codes(result.warnings) == ["date_invalid"]
    assert result.warnings[0].message.startswith("“返乡时间”列：")


@pytest.mark.parametrize(
    ("cell", "answer"),
    [("是", True), ("√", True), ("Y", True), (1, True), (True, True), ("否", False)]
    + [("×", False), (0, False), ("N", False), ("", None)],
)
def test_yes_no(cell, answer):
    result = _clean(["是否同意联系"], [cell])
    assert result.warnings == []
    assert result.record["consent"] is answer


def test_yes_no_unknown():
    result = _clean(["同意接收信息"], ["再说吧"])
    assert result.record["consent"] is None
    assert _codes(result.warnings) == ["yes_no_unknown"]


@pytest.mark.parametrize(
    ("headers", "cells", "code"),
    [
        (["脱贫户"], ["√"], "poverty_alleviated"),
        (["是否脱贫户", "监测户"], ["否", "是"], "monitored"),
        (["户类型"], ["低保户"], "low_income"),
        (["户类型"], ["一般户"], None),
        (["低收入类别"], ["非脱贫户"], None),
        (["脱贫户"], [""], None),
    ],
)
def test_low_income_columns(headers, cells, code):
    result = _clean(headers, cells)
    assert result.warnings == []
    assert result.record["low_income"] == code


def test_phone_forms():
    assert _clean(["手机号"], [13800138000]).record["phone"] == "13800138000"
    assert _clean(["手机号"], [13800138000.0]).record["phone"] == "13800138000"
    assert _clean(["电话"], ["(+86)138 0013 8000"]).record["phone"] == "13800138000"
    both = _clean(["联系电话"], ["13800138000/13900139000"])
    assert both.record["phone"] == "13800138000"
    assert _codes(both.warnings) == ["phone_multiple"]


def test_lists_and_vocabulary():
    result = _clean(
        ["技能特长", "服务需求", "文化程度", "务工地域"],
        ["电焊 , 开叉车；厨师", "技能培训/社保、无", "大专", "跨省"],
    )
    assert result.warnings == []
    assert result.record["skills"] == ["电焊", "开叉车", "厨师"]
    assert result.record["service_needs"] == ["training", "social_insurance"]
    assert result.record["education"] == "vocational"
    assert result.record["work_scope"] == "out_of_province"


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        (None, "id_missing"),
        ("", "id_missing"),
        ("4303811990", "id_length"),
        ("43038119900101235Y", "id_characters"),
        (4.30381199001011e17, "id_precision"),
        ("430381199001011000", "id_precision"),
        (date(2026, 1, 1), "id_invalid"),
        (True, "id_invalid"),
    ],
)
def test_bad_id_numbers_reject_the_row(cell, code):
    layout = Layout.from_headers(["姓名", "公民身份号码"])
    result = clean_row(LedgerRow(12, ["张三", cell], layout), today=TODAY)
    assert _codes(result.errors) == [code]
    assert result.errors[0].message.startswith("“公民身份号码”列：")
    assert result.errors[0].message.endswith("这一行没有导入")


def test_names():
    layout = Layout.from_headers(["姓名", "身份证号"])
    spaced = clean_row(LedgerRow(3, ["  王  五 ", ZHANG], layout), today=TODAY)
    assert spaced.record["name"] == "王五" and spaced.ok
    minority = clean_row(LedgerRow(3, ["阿依古丽·买买提", ZHANG], layout), today=TODAY)
    assert minority.record["name"] == "阿依古丽·买买提" and minority.ok
    number = clean_row(LedgerRow(3, [123, ZHANG], layout), today=TODAY)
    assert _codes(number.errors) == ["name_invalid"]


cells = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(["", " ", "是", "否", "3千", "2026-1", "合计", ZHANG, "+86 138-0013-8000"]),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.timedeltas(),
)
ALL_HEADERS = ["序号"] + [headers[0] for headers in FIELD_HEADERS.values()] + ["脱贫户", "民族"]


@settings(max_examples=300, deadline=None)
@given(st.lists(cells, min_size=0, max_size=len(ALL_HEADERS) + 2))
def test_cleaning_never_raises(row_cells):
    result = clean_row(LedgerRow(5, row_cells, Layout.from_headers(ALL_HEADERS)), today=TODAY)
    assert set(result.record) == set(FIELDS)
    assert result.row == 5
    for issue in result.errors + result.warnings:
        assert issue.message and any("\u4e00" <= c <= "\u9fff" for c in issue.message)
    if result.ok:
        assert result.record["name"] and idnumber.is_valid(result.record["id_number"])


def test_subtotals_and_repeated_headers_are_skipped_and_notes_end_the_data():
    text = (
        "序号,姓名,身份证号\n"
        f"1,张三,{ZHANG}\n"
        "小计,1人,\n"
        "序号,姓名,身份证号\n"
        f"2,赵六,{ZHAO}\n"
        ",,\n"
        "注：本表一式两份\n"
        f"3,钱七,{QIAN}\n"
    )
    ledger = read_ledger(text.encode(), "分组.csv")
    assert [row.number for row in ledger.rows()] == [2, 5]
    assert ledger.skipped_rows == [3, 4]
    assert (ledger.end_row, ledger.end_text) == (7, "注:本表一式两份")
    assert ledger.rows_after_end == [8]


def test_a_total_right_under_the_header_is_skipped_not_the_end():
    text = f"姓名,身份证号,月收入\n合计,,9000\n张三,{ZHANG},3000\n赵六,{ZHAO},6000\n"
    ledger = read_ledger(text.encode(), "a.csv")
    assert [row.number for row in ledger.rows()] == [3, 4]
    assert ledger.skipped_rows == [2]
    assert ledger.end_row is None


def test_household_cells_merged_down_in_a_sheet_that_starts_at_column_b():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "说明"
    sheet["A1"] = "本工作簿第二页是台账"
    sheet = book.create_sheet("台账")
    sheet["B2"], sheet["C2"], sheet["D2"], sheet["E2"] = "姓名", "身份证号", "所在村", "户类型"
    for number, (name, ident) in enumerate([("张三", ZHANG), ("赵六", ZHAO), ("钱七", QIAN)], 3):
        sheet.cell(number, 2, name)
        sheet.cell(number, 3, ident)
    sheet["D3"], sheet["E3"] = "东山村三组", "脱贫户"
    sheet.merge_cells("D3:D5")
    sheet.merge_cells("E3:E4")
    ledger = read_ledger(_xlsx(book), "a.xlsx")
    assert (ledger.sheet, ledger.header_row) == ("台账", 2)
    records = [clean_row(row, today=TODAY).record for row in ledger.rows()]
    assert [r["village"] for r in records] == ["东山村三组"] * 3
    assert [r["low_income"] for r in records] == ["poverty_alleviated"] * 2 + [None]


def test_a_broken_csv_raises_a_ledger_error_with_the_row():
    rows = "".join(f"某某,{ZHANG}\n" for _ in range(40))
    text = f'姓名,身份证号\n{rows}"{"很长" * 100_000},{ZHAO}\n'
    ledger = read_ledger(text.encode(), "a.csv")  # the header is read, the rest lazily
    with pytest.raises(LedgerError) as info:
        list(ledger.rows())
    assert "第42行无法读取，可能是引号没有配对" in info.value.message


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("现务工地点", "work_place"),
        ("目前就业状态", "employment_status"),
        ("当前务工单位", "employer_name"),
        ("本人联系电话", "phone"),
        ("月收入（元）", "monthly_income"),
        ("月收入元", "monthly_income"),
        ("期望月薪（元/月）", "expected_wage"),
        ("1、姓名", "name"),
        ("（三）身份证号", "id_number"),
        ("① 联系电话", "phone"),
        ("“姓名”", "name"),
        ("姓\u200b名", "name"),  # a zero-width space pasted from a web page
        ("\ufeff身份证号", "id_number"),
        ("就 业 状 态", "employment_status"),
        ("就业状态情况", "employment_status"),
        ("记录编号", "record_key"),
        ("现金", None),  # a "now" prefix is dropped only when what is left is a column
        ("现居住地址", None),
    ],
)
def test_headers_as_people_write_them(header, field):
    assert match_header(header) == field


def test_a_clerks_choice_names_an_unknown_header():
    assert match_header("民族") is None
    assert match_header(" 民 族 ", {header_key("民族"): "note"}) == "note"


def test_unknown_columns_with_data_are_counted_not_dropped():
    text = "姓名,身份证号,民族,政治面貌\n张三,110101199003077777,汉,\n李四,,回,\n"
    ledger = read_ledger(text.encode(), "a.csv")
    list(ledger.rows())
    assert ledger.unknown_columns == ("民族", "政治面貌")
    assert [(c.header, n) for c, n in ledger.unknown_with_data] == [("民族", 2)]


def test_a_chosen_column_is_read_and_an_ignored_one_said():
    text = "姓名,身份证号,民族,政治面貌\n张三,110101199003077777,汉,群众\n"
    extra = {header_key("民族"): "note", header_key("政治面貌"): "_ignored"}
    ledger = read_ledger(text.encode(), "a.csv", extra=extra)
    (row,) = list(ledger.rows())
    assert clean_row(row, today=TODAY).record["note"] == "汉"
    assert ledger.unknown_with_data == []
    assert ledger.layout.ignored_by_choice == ("政治面貌",)


def test_a_masked_row_with_a_record_key_has_no_id_error():
    layout = Layout.from_headers(["姓名", "身份证号", "联系电话", "记录编号"])
    keyed = clean_row(
        LedgerRow(5, ["张三", "110101********7777", "138****5678", "12-abcdef01"], layout)
    )
    assert keyed.ok and not keyed.warnings
    assert keyed.record["id_number"] is None and keyed.record["record_key"] == "12-abcdef01"
    assert keyed.record["phone"] == ""
    unkeyed = clean_row(LedgerRow(6, ["李四", "110101********7777", "", ""], layout))
    assert _codes(unkeyed.errors) == ["id_masked"]
    assert "记录编号" in unkeyed.errors[0].message


def test_duplicate_record_keys_are_caught():
    layout = Layout.from_headers(["姓名", "身份证号", "记录编号"])
    results = [
        clean_row(LedgerRow(n, ["张三", "110101********7777", "12-abcdef01"], layout))
        for n in (5, 6)
    ]
    assert len(find_duplicates(results)) == 1
    assert "记录编号与第5行重复" in results[1].errors[0].message


def test_the_example_row_of_the_template_is_skipped():
    text = "序号,姓名,身份证号\n示例,张三,（18位）\n1,李四,110101199003077777\n"
    ledger = read_ledger(text.encode(), "a.csv")
    assert [row.number for row in ledger.rows()] == [3]
