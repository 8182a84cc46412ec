"""Ledgers back and forth: a masked export imported again by its record keys, unknown columns
mapped once per area, the template ledger, and the upload services behind page and command."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from homeward.audit.models import AuditEvent
from homeward.workers.importer import import_ledger
from homeward.workers.ledger_export import HEADER, key_to_pk, row_key
from homeward.workers.models import LedgerColumnChoice, LedgerUpload, Worker
from tests.factories import make_staff, make_worker
from tests.workers.test_import import TOWN, ident

KEY = HEADER.index("记录编号")
NOTE = HEADER.index("备注")


@pytest.fixture
def town_staff(client, db):
    user = make_staff(TOWN, username="town")
    client.force_login(user)
    return user


def _rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_row_key_checks_itself():
    key = row_key(1234)
    assert key.startswith("1234-") and key_to_pk(key) == 1234 and key_to_pk(f" {key.upper()} ")
    assert key_to_pk("1235" + key[4:]) is None  # another id with this check
    assert key_to_pk("1234") is None and key_to_pk("") is None


def test_a_masked_export_edited_and_imported_updates_the_people_by_key(client, town_staff):
    zhang = make_worker("321302001001", sequence=1, name="张三", phone="13900001111")
    id_number, birth_date = zhang.id_number, zhang.birth_date
    make_worker("321302001002", sequence=2, name="李四")
    export = _rows(client.get(reverse("workers:export")).content)
    assert "已遮盖" in export[1][0] and "记录编号" in export[1][0]  # the export says so
    assert all("*" in row[2] for row in export[3:])
    export[3][NOTE] = "已联系，下月返乡"
    report = import_ledger(_xlsx(export), "export.xlsx", region=TOWN)
    assert report.counts == {**report.counts, "updated": 1, "unchanged": 1, "rejected": 0}
    zhang.refresh_from_db()
    assert zhang.note == "已联系，下月返乡"
    assert zhang.phone == "13900001111" and zhang.id_number == id_number  # not the masked ones
    assert zhang.birth_date == birth_date and zhang.gender == "male"  # kept, not blanked


def test_keys_of_people_outside_the_area_or_typed_over_are_refused(client, town_staff):
    make_worker("321302001001", sequence=1, name="张三")
    outsider = make_worker("321311001001", sequence=3, name="外区人")
    export = _rows(client.get(reverse("workers:export")).content)
    row = export[3]
    export.append([*row[:KEY], row_key(outsider.pk)])  # a real key of another county's person
    key = str(row[KEY])
    typo = "1" if key[-1] == "0" else "0"  # a key typed over (never the key itself)
    export.append([*row[:KEY], key[:-1] + typo])
    export[-1][1] = "王五"
    report = import_ledger(_xlsx(export), "export.xlsx", region=TOWN)
    outcomes = [line.outcome for line in report.rows]
    assert outcomes == ["unchanged", "rejected", "rejected"]
    for line in report.rows[1:]:
        assert "记录编号" in line.messages[0] and "外区人" not in line.messages[0]
    outsider.refresh_from_db()
    assert outsider.name == "外区人" and outsider.region_id == "321311001001"


def _upload(client, content, name="台账.xlsx", region=TOWN):
    return client.post(
        reverse("workers:import"), {"file": SimpleUploadedFile(name, content), "region": region}
    )


def _with_ethnicity(number: int) -> bytes:
    return f"姓名,身份证号,所在村,民族\n张三,{ident(number)},凤凰居委会,汉\n".encode()


def test_an_unknown_column_with_data_is_offered_and_the_choice_remembered(client, town_staff):
    _upload(client, _with_ethnicity(1), "a.csv")
    upload = LedgerUpload.objects.get()
    assert upload.report["unmapped_columns"] == [{"header": "民族", "key": "民族", "cells": 1}]
    page = client.get(reverse("workers:import-preview", args=[upload.pk])).content.decode()
    assert 'data-testid="columns"' in page and "民族" in page
    client.post(reverse("workers:import-columns", args=[upload.pk]), {"column-0": "note"})
    upload.refresh_from_db()
    assert upload.report["unmapped_columns"] == []
    assert LedgerColumnChoice.objects.get().field == "note"
    assert AuditEvent.objects.filter(action="workers.ledger.columns_chosen").exists()
    client.post(reverse("workers:import-confirm", args=[upload.pk]))
    assert Worker.objects.get().note == "汉"
    _upload(client, _with_ethnicity(2), "b.csv")  # the next ledger of the area: no question
    assert LedgerUpload.objects.first().report["unmapped_columns"] == []


def test_a_choice_is_the_areas_only(client, town_staff, db):
    _upload(client, _with_ethnicity(1), "a.csv")
    upload = LedgerUpload.objects.get()
    client.post(reverse("workers:import-columns", args=[upload.pk]), {"column-0": "note"})
    other = make_staff("321302002", username="other-town")
    client.force_login(other)
    village = "321302002001"
    from homeward.regions.models import Region

    name = Region.tree.get(code=village).name
    content = f"姓名,身份证号,所在村,民族\n李四,{ident(3)},{name},回\n".encode()
    _upload(client, content, "c.csv", region="321302002")
    assert LedgerUpload.objects.first().report["unmapped_columns"][0]["header"] == "民族"


def test_a_column_choice_that_was_not_offered_is_refused(client, town_staff):
    _upload(client, _with_ethnicity(1), "a.csv")
    upload = LedgerUpload.objects.get()
    response = client.post(
        reverse("workers:import-columns", args=[upload.pk]), {"column-0": "is_staff"}
    )
    assert response.status_code == 302 and not LedgerColumnChoice.objects.exists()
    client.post(reverse("workers:import-confirm", args=[upload.pk]))
    client.post(reverse("workers:import-columns", args=[upload.pk]), {"column-0": "note"})
    assert not LedgerColumnChoice.objects.exists()  # imported: too late to change


def test_the_result_sheet_names_the_columns_not_imported(client, town_staff):
    _upload(client, _with_ethnicity(1), "a.csv")
    upload = LedgerUpload.objects.get()
    rows = _rows(client.get(reverse("workers:import-result", args=[upload.pk])).content)
    assert rows[0][-1] == "导入结果（未导入的列：民族）"
    assert "民族" in " ".join(upload.report["notes"])


def test_the_template_ledger_reads_back_as_an_empty_ledger(client, town_staff):
    response = client.get(reverse("workers:import-template"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[2][:3] == ["序号", "姓名", "身份证号"] and rows[3][0] == "示例"
    assert all(c.data_type == "s" for c in sheet[4] if isinstance(c.value, str))
    report = import_ledger(response.content, "template.xlsx", region=TOWN, dry_run=True)
    assert report.rows == [] and report.unmapped_columns == []


def test_the_command_goes_through_the_upload_services(db, tmp_path):
    make_staff(TOWN, username="town")
    path = tmp_path / "a.csv"
    path.write_bytes(_with_ethnicity(1))
    call_command("import", "workers", str(path), "--region", TOWN, "--as", "town", "--dry-run")
    upload = LedgerUpload.objects.get()
    assert upload.state == "discarded" and bytes(upload.content) == b""
    assert not Worker.objects.exists()
    call_command("import", "workers", str(path), "--region", TOWN, "--as", "town")
    upload = LedgerUpload.objects.first()
    assert upload.state == "imported" and bytes(upload.content) == b""
    assert Worker.objects.count() == 1
