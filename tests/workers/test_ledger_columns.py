"""`clean_rows` (column by column) gives exactly what `clean_row` gives, row by row."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from homeward.codes import idnumber
from homeward.workers.ledger import Layout, LedgerRow, clean_row, clean_rows

TODAY = date(2026, 2, 1)
ZHANG = idnumber.make("430381", date(1990, 1, 1), 117, male=True)  # ends in X
ZHAO = idnumber.make("430381", date(1985, 6, 15), 42, male=False)
FUTURE = idnumber.make("430381", date(2026, 5, 1), 3, male=True)  # born after TODAY
HEADERS = [
    "序号", "姓名", "身份证号", "性别", "联系电话", "手机号", "所在村", "就业状态", "务工地域",
    "文化程度", "就业意向", "技能特长", "服务需求", "脱贫户", "监测户", "同意接收信息", "月收入",
    "期望月薪", "返乡时间", "备注", "记录编号",
]  # fmt: skip

cell = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            "是",
            "否",
            "√",
            "3千",
            "3000-4000",
            "0.5万",
            "2026-1",
            "2026年1月",
            "男",
            "女",
            "1",
            "外出务工",
            "省外",
            "初中",
            "就业、培训",
            "脱贫户",
            "一般户",
            "138****5678",
            "430381********1234",
            ZHANG,
            ZHANG.lower(),
            ZHAO,
            FUTURE,
            ZHAO[:17] + "0",
            "13800138000",
            "+86 138-0013-8000",
            "13800138000/13900139000",
            "12345678901",
            "２３０１",
            "A1B2C3",
            "k9",
        ]
    ),  # fmt: skip
    st.integers(min_value=-5, max_value=2),
    st.sampled_from([13800138000, 13800138000.0, 430381900101123, 1.5, 45292, True, False]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(),
)
rows = st.lists(st.lists(cell, min_size=0, max_size=len(HEADERS) + 1), min_size=1, max_size=12)


def _same(cells_of_rows: list[list], headers: list[str]) -> None:
    layout = Layout.from_headers(headers)
    ledger_rows = [LedgerRow(n + 4, cells, layout) for n, cells in enumerate(cells_of_rows)]
    expected = [clean_row(row, today=TODAY) for row in ledger_rows]
    got = clean_rows(ledger_rows, today=TODAY)
    assert len(got) == len(expected)
    for one, other in zip(got, expected, strict=True):
        assert one.row == other.row
        assert one.record == other.record
        assert one.errors == other.errors
        assert one.warnings == other.warnings


@settings(max_examples=200, deadline=None)
@given(rows)
def test_columns_match_rows_on_any_cells(cells_of_rows):
    _same(cells_of_rows, HEADERS)


def test_columns_match_rows_on_a_plain_ledger_and_its_usual_mistakes():
    plain = ["", "张三", ZHANG, "男", "13800138000", "", "凤凰村", "外出务工", "省外", "初中"]
    cases = [
        plain,
        plain,  # the same row again: the cached answers are shared, the records are not
        ["", "李四", ZHAO, "男", 13800138000, "", "凤凰村", "打零工"],  # gender contradicts the ID
        ["", "王五", ZHANG.lower(), "", "138 0013 8000"],
        ["", "赵六", ZHAO[:17] + "0", "", "12345678901"],  # a wrong check digit, a bad phone
        ["", "孙七", FUTURE, "", "", "13900139000"],  # born after today; the second phone column
        ["", "周八", 430381900101123],  # a legacy 15-digit number, as Excel keeps it
        ["", "吴九", "430381********1234", "", "138****5678", *[""] * 15, "W00000012"],
        ["", "郑十"],  # a short row
        ["", "", "", "", "", "", "", "", "", "", "", "", "", "脱贫户", "是"],
    ]
    _same(cases, HEADERS)
    _same(cases, HEADERS[:-1])  # no 记录编号 column
    rows = [LedgerRow(3, ["张三", ZHANG], Layout.from_headers(["姓名", "身份证号"]))]
    assert clean_rows(rows, today=TODAY)[0].record["skills"] is not None
    assert clean_rows([], today=TODAY) == []


def test_bulk_lookup_hashes_equal_one_by_one():
    from homeward.crypto import ID_NUMBER, PHONE, lookup_hash, lookup_hashes

    ids = [ZHANG, ZHANG.lower(), "４３０３８１" + ZHANG[6:], f" {ZHAO}-", "", None]
    assert lookup_hashes(ID_NUMBER, ids) == [lookup_hash(ID_NUMBER, v) for v in ids]
    assert lookup_hashes(ID_NUMBER, [ZHANG])[0] == lookup_hash(ID_NUMBER, ZHANG.lower())
    phones = ["13800138000", "+86 138-0013-8000", ""]
    assert lookup_hashes(PHONE, phones) == [lookup_hash(PHONE, v) for v in phones]
