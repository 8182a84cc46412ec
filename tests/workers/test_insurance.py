"""Social insurance in the registry: the ledger's columns read (bad words reject the row, the
file all or nothing), the export writes them back, the profile shows and records them."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from homeward.audit.models import AuditEvent
from homeward.workers.importer import import_ledger
from homeward.workers.ledger import insurance_answer
from homeward.workers.ledger_export import export_ledger
from homeward.workers.models import SocialInsurance, Worker
from tests.factories import make_worker
from tests.workers.test_import import TOWN, ident


def _ledger(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(
        ["序号", "姓名", "身份证号", "所在村", "养老保险", "医疗保险", "工伤保险", "失业保险"]
    )
    for n, row in enumerate(rows, 1):
        sheet.append([n, *row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _insurance(worker) -> dict:
    return {
        r.kind: (r.insured, r.place, r.source)
        for r in SocialInsurance.objects.filter(worker=worker)
    }


def test_the_words_clerks_write_are_read():
    assert insurance_answer("已参保（外地）") == {"insured": "yes", "place": "elsewhere"}
    assert insurance_answer("本地参保") == {"insured": "yes", "place": "local"}
    assert insurance_answer("本地") == {"insured": "yes", "place": "local"}
    assert insurance_answer("是") == {"insured": "yes", "place": ""}
    assert insurance_answer("未参保") == {"insured": "no", "place": ""}
    assert insurance_answer("否") == {"insured": "no", "place": ""}
    assert insurance_answer("不清楚") == {"insured": "unknown", "place": ""}
    assert insurance_answer("") is None and insurance_answer(None) is None


def test_the_import_records_each_kind_and_a_bad_word_rejects_its_row(db):
    rows = [
        ["张三", ident(1), "凤凰居委会", "已参保（本地）", "是", "否", "不清楚"],
        ["李四", ident(2), "凤凰居委会", "交了一半", "", "", ""],  # rejected: nothing of it
    ]
    report = import_ledger(_ledger(rows), "t.xlsx", region=TOWN)
    outcome = {line.row: (line.outcome, line.messages) for line in report.rows}
    assert outcome[2][0] == "created"
    assert outcome[3][0] == "rejected"
    assert "“养老保险”列：“交了一半”看不懂" in outcome[3][1][0]
    assert "这一行没有导入" in outcome[3][1][0]
    zhang = Worker.objects.get(name="张三")
    assert _insurance(zhang) == {
        "pension": ("yes", "local", "import"),
        "medical": ("yes", "", "import"),
        "injury": ("no", "", "import"),
        "unemployment": ("unknown", "", "import"),
    }
    assert not Worker.objects.filter(name="李四").exists()


def test_a_reimport_changing_only_insurance_reports_the_person_updated(db):
    rows = [["张三", ident(1), "凤凰居委会", "否", "", "", ""]]
    import_ledger(_ledger(rows), "t.xlsx", region=TOWN)
    again = import_ledger(_ledger(rows), "t.xlsx", region=TOWN)
    assert [line.outcome for line in again.rows] == ["unchanged"]
    rows[0][3] = "已参保"
    changed = import_ledger(_ledger(rows), "t.xlsx", region=TOWN)
    assert [line.outcome for line in changed.rows] == ["updated"]
    assert _insurance(Worker.objects.get(name="张三"))["pension"][0] == "yes"


def test_the_export_writes_the_columns_the_import_reads_back(db):
    rows = [["张三", ident(1), "凤凰居委会", "已参保（外地）", "未参保", "", ""]]
    import_ledger(_ledger(rows), "t.xlsx", region=TOWN)
    data = export_ledger(Worker.objects.all(), area_name="幸福街道", unmasked=True)
    sheet = load_workbook(io.BytesIO(data)).active
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(row for row in table if row and "姓名" in row)
    person = next(row for row in table if row and "张三" in row)
    cells = dict(zip(header, person, strict=False))
    assert cells["养老保险"] == "已参保（外地）" and cells["医疗保险"] == "未参保"
    assert cells["工伤保险"] in ("", None) and header[-1] == "记录编号"
    SocialInsurance.objects.all().delete()
    import_ledger(data, "export.xlsx", region=TOWN)
    assert _insurance(Worker.objects.get(name="张三")) == {
        "pension": ("yes", "elsewhere", "import"),
        "medical": ("no", "", "import"),
    }


def test_the_profile_shows_and_records_insurance(client, town_staff):
    worker = make_worker("321302001001", sequence=3, name="张三")
    client.force_login(town_staff)
    page = client.get(reverse("workers:detail", args=[worker.pk])).content.decode()
    assert 'data-testid="insurance"' in page
    response = client.post(
        reverse("workers:insurance", args=[worker.pk]),
        {
            "insurance-pension": "yes",
            "insurance-pension_place": "local",
            "insurance-medical": "no",
        },
    )
    assert response.status_code == 302
    assert _insurance(worker) == {
        "pension": ("yes", "local", "staff"),
        "medical": ("no", "", "staff"),
    }
    event = AuditEvent.objects.get(action="workers.insurance.recorded")
    assert event.detail["kinds"] == ["medical", "pension"]
    page = client.get(reverse("workers:detail", args=[worker.pk])).content.decode()
    assert "养老保险" in page or "pension insurance" in page


def test_a_place_without_insurance_is_refused_and_nothing_written(client, town_staff):
    worker = make_worker("321302001001", sequence=3)
    client.force_login(town_staff)
    client.post(
        reverse("workers:insurance", args=[worker.pk]),
        {"insurance-pension": "no", "insurance-pension_place": "local", "insurance-medical": "yes"},
    )
    assert not SocialInsurance.objects.filter(worker=worker).exists()


def test_it_refuses_other_county_and_leaders(client, outsider, leader):
    worker = make_worker("321302001001", sequence=3)
    url = reverse("workers:insurance", args=[worker.pk])
    client.force_login(outsider)
    assert client.post(url, {"insurance-pension": "yes"}).status_code == 404
    client.force_login(leader)
    assert client.post(url, {"insurance-pension": "yes"}).status_code == 403
    client.logout()
    assert client.post(url, {"insurance-pension": "yes"}).status_code == 302
    assert not SocialInsurance.objects.exists()
