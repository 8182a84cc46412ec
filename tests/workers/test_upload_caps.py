"""Uploads that would amplify: row, cell and unpacked-size caps, compact reports, odd CSVs.

Every file is made here, small: the caps are lowered for the test where a real-size file would
be slow, so each test still crosses the real code path that refuses.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from homeward.workers import importer, ledger
from homeward.workers.importer import import_ledger
from homeward.workers.ledger import LedgerError, read_ledger
from homeward.workers.models import LedgerUpload, Worker
from tests.factories import make_staff
from tests.workers.test_import import TOWN, ident
from tests.workers.test_import import ledger as xlsx_ledger

VILLAGE = "凤凰居委会"


def _csv(rows: int) -> bytes:
    lines = ["姓名,身份证号,所在村"] + [f"张{n},{ident(n)},{VILLAGE}" for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def test_more_rows_than_the_cap_refuse_the_whole_file(db, monkeypatch):
    monkeypatch.setattr(ledger, "MAX_ROWS", 5)
    assert import_ledger(_csv(5), "t.csv", region=TOWN, dry_run=True).counts["created"] == 5
    with pytest.raises(LedgerError, match="拆分") as refused:
        import_ledger(_csv(6), "t.csv", region=TOWN)
    assert "第 7 行" in refused.value.message  # the header is row 1: the sixth person is row 7
    assert not Worker.objects.exists()  # nothing half-written


def test_a_sheet_declaring_more_rows_than_the_cap_is_refused_before_reading(monkeypatch):
    monkeypatch.setattr(ledger, "MAX_ROWS", 5)
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            '<?xml version="1.0"?><worksheet><dimension ref="A1:C2000"/><sheetData/></worksheet>',
        )
    with pytest.raises(LedgerError, match="2000 行"):
        read_ledger(content.getvalue(), "t.xlsx")


def test_a_cell_longer_than_the_cap_rejects_its_row_naming_row_and_column(db):
    note = "很" * (ledger.MAX_CELL + 1)
    rows = [
        ["张三", ident(1), "", VILLAGE, "", "", ""],
        ["李四", ident(2), "", VILLAGE, "", "", note],
    ]
    report = import_ledger(xlsx_ledger(rows), "t.xlsx", region=TOWN, dry_run=True)
    outcomes = {line.row: line for line in report.rows}
    assert outcomes[4].outcome == "created"
    assert outcomes[5].outcome == "rejected"
    (message,) = outcomes[5].messages
    assert "第 5 行" in message and "“期望月薪”列" in message and "501 个字" in message
    assert ledger.MAX_CELL == 500


def test_a_long_cell_in_any_column_counts_and_the_name_is_kept_short(db):
    content = f"姓名,身份证号,所在村,民族\n{'王' * 600},{ident(1)},{VILLAGE},汉\n".encode()
    report = import_ledger(content, "t.csv", region=TOWN, dry_run=True)
    (line,) = report.rows
    assert line.outcome == "rejected" and "“姓名”列有 600 个字" in line.messages[0]
    assert len(line.name) <= 21


def _bomb(size: int) -> bytes:
    """A small .xlsx whose shared strings unpack to `size` bytes of one repeated character."""
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", "<sst><si><t>" + "a" * size + "</t></si></sst>")
    return content.getvalue()


def test_a_zip_bomb_is_refused_from_the_zip_directory():
    content = _bomb(5 * 2**20)
    assert len(content) < 20_000
    with pytest.raises(LedgerError, match="异常压缩"):
        read_ledger(content, "台账.xlsx")


def test_an_xlsx_unpacking_past_the_cap_is_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(ledger, "MAX_UNPACKED", 2**20)
    content = _bomb(2**20 + 1)
    with pytest.raises(LedgerError, match="解压后有"):
        read_ledger(content, "台账.xlsx")
    path = tmp_path / "台账.xlsx"
    path.write_bytes(content)
    with pytest.raises(LedgerError, match="解压后有"):
        read_ledger(path)  # the same from a path


def test_a_real_ledger_passes_the_zip_checks(db):
    rows = [["张三", ident(1), "", VILLAGE, "", "", ""]]
    assert import_ledger(xlsx_ledger(rows), "t.xlsx", region=TOWN).counts["created"] == 1


def test_the_stored_report_lists_at_most_the_cap_of_rows(db, monkeypatch):
    monkeypatch.setattr(importer, "REPORT_ROWS", 3)
    lines = ["姓名,身份证号,所在村"]
    lines += [f"张{n},{ident(n)},{VILLAGE}" for n in range(4)]  # fine: not listed
    lines += [f"李{n},123,{VILLAGE}" for n in range(5)]  # rejected: listed up to the cap
    content = ("\n".join(lines) + "\n").encode()
    stored = import_ledger(content, "t.csv", region=TOWN, dry_run=True).as_dict()
    assert stored["counts"]["created"] == 4 and stored["counts"]["rejected"] == 5
    assert [line["row"] for line in stored["rows"]] == [6, 7, 8]
    assert stored["rows_total"] == 9 and stored["rows_left_off"] == 2
    small = import_ledger(_csv(2), "t.csv", region=TOWN, dry_run=True).as_dict()
    assert [line["row"] for line in small["rows"]] == [2, 3]  # a small file: every row


@pytest.fixture
def town(client, db):
    client.force_login(make_staff(TOWN, username="town"))


def _upload(client, content, name):
    response = client.post(
        reverse("workers:import"), {"file": SimpleUploadedFile(name, content), "region": TOWN}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return LedgerUpload.objects.get()


def _result_rows(client, upload) -> list[list]:
    response = client.get(reverse("workers:import-result", args=[upload.pk]))
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python()


def test_a_gbk_csv_with_cr_line_endings_imports_and_its_result_downloads(client, town):
    text = f"姓名,身份证号,所在村\r张三,{ident(1)},{VILLAGE}\r李四,123,{VILLAGE}\r"
    upload = _upload(client, text.encode("gbk"), "台账.csv")
    assert upload.report["counts"]["created"] == 1 and upload.report["counts"]["rejected"] == 1
    rows = _result_rows(client, upload)
    assert rows[0][:3] == ["姓名", "身份证号", "所在村"] and rows[0][-1].startswith("导入结果")
    assert rows[1][0] == "张三" and rows[1][-1] == "新增"
    assert rows[2][0] == "李四" and rows[2][-1].startswith("未导入")


def test_a_tab_separated_gbk_file_downloads_its_result_too(client, town):
    text = f"姓名\t身份证号\t所在村\r\n张三\t{ident(1)}\t{VILLAGE}\r\n"
    upload = _upload(client, text.encode("gbk"), "台账.csv")
    rows = _result_rows(client, upload)
    assert rows[1][:2] == ["张三", ident(1)] and rows[1][-1] == "新增"


def test_the_result_download_of_a_compact_report_still_explains_every_row(
    client, town, monkeypatch
):
    monkeypatch.setattr(importer, "REPORT_ROWS", 2)
    lines = ["姓名,身份证号,所在村"] + [f"李{n},123,{VILLAGE}" for n in range(4)]
    upload = _upload(client, ("\n".join(lines) + "\n").encode(), "台账.csv")
    assert len(upload.report["rows"]) == 2
    rows = _result_rows(client, upload)
    assert [row[-1].split(" ")[0] for row in rows[1:]] == ["未导入"] * 4
    assert all("身份证号" in row[-1] for row in rows[1:])


def test_the_import_page_states_the_caps(client, town):
    page = client.get(reverse("workers:import")).content.decode()
    caps = page.split('data-testid="caps">')[1].split("</p>")[0]
    assert f"{ledger.MAX_ROWS // 10000} 万行" in caps  # the Chinese page, the numbers in force
    assert f"{ledger.MAX_CELL} 个字" in caps
    assert f"{ledger.MAX_UNPACKED // 2**20} MB" in caps


def test_a_workbook_sheet_taller_than_the_cap_is_refused_once_opened(monkeypatch):
    monkeypatch.setattr(ledger, "MAX_ROWS", 5)
    rows = [["张三", ident(n % 400), "", VILLAGE, "", "", ""] for n in range(1010)]
    with pytest.raises(LedgerError, match="一次最多导入"):
        read_ledger(xlsx_ledger(rows), "t.xlsx")
