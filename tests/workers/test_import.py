"""Importing ledgers: every row outcome, idempotent re-import, area refusals, the command."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from homeward.audit.models import AuditEvent
from homeward.codes import idnumber
from homeward.workers.importer import import_ledger
from homeward.workers.models import StatusEvent, Worker
from tests.factories import make_staff, make_worker

TOWN = "321302001"  # 幸福街道: villages 凤凰居委会 321302001001, 新盛居委会 321302001002 …


def ident(n: int, region="321302", year=1988) -> str:
    return idnumber.make(region, datetime.date(year, 1 + n % 12, 1 + n % 28), n, n % 2 == 0)


LEGACY = "321302670304123"  # a 15-digit number of 1967
DIGITS_ONLY = next(ident(n) for n in range(8, 40) if ident(n).isdigit())
WIDE = "'" + " ".join(ident(20)[i : i + 6] for i in (0, 6, 12)).translate(
    {ord(c): ord(c) + 0xFEE0 for c in "0123456789X"}
)


def ledger(rows: list[list]) -> bytes:
    """An .xlsx as a village sends it: a title, a 填报单位 row, the header, rows, a total."""
    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["幸福街道农民工就业情况台账"])
    sheet.merge_cells("A1:H1")
    sheet.append(["填报单位：幸福街道  填报日期：2026年11月"])
    sheet.append(
        ["序号", "姓名", "公民身份号码", "联系电话", "所在村", "就业状态", "从事工种", "期望月薪"]
    )
    for n, row in enumerate(rows, 1):
        sheet.append([n, *row])
    sheet.append(["合计", f"{len(rows)}人"])
    sheet.append(["填表说明：身份证号请填写18位。"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def outcomes(report):
    return {line.row: line.outcome for line in report.rows}


def test_every_row_outcome(db):
    existing = make_worker("321302001002", sequence=5, name="王五")
    rows = [
        ["张三", ident(1), "+86 139-0000-1111", "凤凰居委会", "外出务工", "电子厂普工", "5000元"],
        ["李四", ident(2), "12345", "新盛居委会", "返乡待业", "电焊工", "3千"],  # bad phone: kept
        ["", ident(3), "", "凤凰居委会", "", "", ""],  # no name: rejected
        [
            "赵六",
            ident(4)[:-1] + ("0" if ident(4)[-1] != "0" else "1"),
            "",
            "凤凰居委会",
            "",
            "",
            "",
        ],
        ["张三", ident(1), "", "凤凰居委会", "", "", ""],  # same person again: duplicate
        ["王五", existing.id_number, "", "新盛居委会", "本地就业", "保洁", ""],  # update
        ["孙七", ident(7), "", "不存在村", "", "", ""],  # village not in the area
        ["周八", int(DIGITS_ONLY), "", "凤凰居委会", "", "", ""],  # Excel number: digits lost
        ["吴九", int(LEGACY), "", "凤凰居委会", "", "", ""],  # a 15-digit number survives
        ["郑十", WIDE, "", "凤凰居委会", "", "", ""],  # full-width, spaced, apostrophe
    ]
    report = import_ledger(ledger(rows), "t.xlsx", region=TOWN)
    assert report.header_row == 3
    assert outcomes(report) == {
        4: "created",
        5: "created",
        6: "rejected",
        7: "rejected",
        8: "duplicate",
        9: "updated",
        10: "rejected",
        11: "rejected",
        12: "created",
        13: "created",
    }
    messages = {line.row: "；".join(line.messages) for line in report.rows}
    assert "联系电话" in messages[5]  # warning names the column
    assert "姓名" in messages[6]
    assert "校验" in messages[7]
    assert "不是本辖区" in messages[10]
    assert "文本" in messages[11]  # set the column to text
    assert Worker.objects.get(name="郑十").id_number == ident(20)
    wu = Worker.objects.get(name="吴九")
    assert wu.id_number == idnumber.upgrade_15(LEGACY) and wu.birth_date == datetime.date(
        1967, 3, 4
    )
    zhang = Worker.objects.get(name="张三")
    assert zhang.region_id == "321302001001" and zhang.phone == "13900001111"
    assert zhang.status == "out_migrant" and zhang.occupation == "assembler"
    assert zhang.expected_wage == 5000
    assert Worker.objects.get(name="李四").phone == ""
    existing.refresh_from_db()
    assert existing.status == "local_employed"
    assert StatusEvent.objects.filter(worker=existing, source="import").count() == 1
    assert AuditEvent.objects.filter(action="workers.ledger.imported").count() == 1


def test_the_same_file_twice_changes_nothing(db):
    content = ledger([["张三", ident(1), "13900001111", "凤凰居委会", "外出务工", "焊工", "6000"]])
    import_ledger(content, "t.xlsx", region=TOWN)
    before = list(Worker.objects.values())
    events = StatusEvent.objects.count()
    report = import_ledger(content, "t.xlsx", region=TOWN)
    assert outcomes(report) == {4: "unchanged"}
    assert list(Worker.objects.values()) == before
    assert StatusEvent.objects.count() == events


def test_dry_run_writes_nothing(db):
    report = import_ledger(
        ledger([["张三", ident(1), "", "凤凰居委会", "", "", ""]]),
        "t.xlsx",
        region=TOWN,
        dry_run=True,
    )
    assert outcomes(report) == {4: "created"}
    assert not Worker.objects.exists()
    assert not AuditEvent.objects.filter(action="workers.ledger.imported").exists()


def test_a_person_registered_in_another_area_is_refused_without_details(db):
    other = make_worker("321311001001", sequence=9, name="外区人")
    report = import_ledger(
        ledger([["外区人", other.id_number, "", "凤凰居委会", "本地就业", "", ""]]),
        "t.xlsx",
        region=TOWN,
    )
    assert outcomes(report) == {4: "rejected"}
    assert "其他辖区" in report.rows[0].messages[0]
    other.refresh_from_db()
    assert other.region_id == "321311001001" and other.status == ""


def test_a_village_ledger_needs_no_village_column(db):
    content = f"姓名,身份证号\n张三,{ident(1)}\n".encode("gb18030")
    report = import_ledger(content, "t.csv", region="321302001001")
    assert outcomes(report) == {2: "created"}
    assert Worker.objects.get().region_id == "321302001001"


def test_command_prints_json_and_refuses_outside_the_users_area(db, tmp_path, capsys):
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(ledger([["张三", ident(1), "", "凤凰居委会", "", "", ""]]))
    make_staff("321311", username="other-county")
    with pytest.raises(CommandError, match="辖区"):
        call_command("import", "workers", str(path), "--region", TOWN, "--as", "other-county")
    assert not Worker.objects.exists()
    make_staff(TOWN, username="town")
    call_command("import", "workers", str(path), "--region", TOWN, "--as", "town", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["created"] == 1 and report["rows"][0]["row"] == 4


def test_command_explains_a_file_that_is_no_ledger(db, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("hello,world\n1,2\n")
    with pytest.raises(CommandError):
        call_command("import", "workers", str(path), "--region", TOWN)
