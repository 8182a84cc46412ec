"""The loan pages: an application over the cap refused on the page, another area's loan 404,
the steps and the bank's file through the pages (hostile files refused whole)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from homeward.loans.models import Loan, Repayment
from homeward.workers import ledger
from tests.factories import make_worker
from tests.loans.helpers import CARD, disbursed, make_fund, make_lender
from tests.workers.test_upload_caps import _bomb

HEADER = "贷款合同编号,期次,还款日期,还款本金,还款利息,逾期罚息,银行流水号\n"


@pytest.fixture
def founder(db):
    return make_worker("321302001001", sequence=7, name="李创业")


def post_application(client, user, founder, amount):
    client.force_login(user)
    return client.post(
        reverse("loans:create"),
        {
            "kind": "individual", "person": founder.name, "groups": ["returnee"],
            "amount": amount, "months": 36, "every": 3, "method": "bullet",
            "fund": make_fund().pk, "lender": make_lender().pk, "repayment_account": CARD,
        },
    )  # fmt: skip


def test_an_application_over_the_cap_is_refused_on_the_page(client, town_staff, founder):
    response = post_application(client, town_staff, founder, "200000.01")
    assert response.status_code == 200 and "超过本地上限" in response.content.decode()
    assert not Loan.objects.exists()
    response = post_application(client, town_staff, founder, "200000")
    loan = Loan.objects.get()
    assert response.status_code == 302 and loan.worker == founder
    page = client.get(reverse("loans:detail", args=[loan.pk])).content.decode()
    assert "李创业" in page and CARD not in page and "0128" in page  # the account masked


def test_another_areas_loan_answers_404(client, outsider, founder, village_staff, town_staff):
    loan = disbursed(founder, village_staff, town_staff)
    client.force_login(outsider)
    assert client.get(reverse("loans:detail", args=[loan.pk])).status_code == 404
    assert client.post(reverse("loans:step", args=[loan.pk]), {"step": "review"}).status_code == 404
    client.force_login(town_staff)
    assert client.get(reverse("loans:detail", args=[loan.pk])).status_code == 200


def test_the_steps_through_the_page(client, village_staff, town_staff, founder):
    post_application(client, village_staff, founder, "100000")
    loan = Loan.objects.get()
    url = reverse("loans:step", args=[loan.pk])
    client.post(url, {"step": "review", "passed": "yes"})  # its entrant: refused
    loan.refresh_from_db()
    assert loan.status == "applied"
    client.force_login(town_staff)
    client.post(url, {"step": "review", "passed": "yes"})
    client.post(url, {"step": "guarantee", "passed": "yes", "guarantee_no": "DB-9"})
    client.post(url, {"step": "bank", "passed": "yes", "contract_no": "C-9", "spread_bp": "0"})
    loan.refresh_from_db()
    assert loan.status == "approved" and loan.contract_no == "C-9"


def test_the_register_counts_open_their_lists(client, founder, village_staff, town_staff):
    loan = disbursed(founder, village_staff, town_staff)
    client.force_login(town_staff)
    page = client.get(reverse("loans:register")).content.decode()
    assert "200000.00" in page and f"?lender={loan.lender_id}&amp;overdue=1" in page
    listed = client.get(reverse("loans:list"), {"lender": loan.lender_id, "overdue": "1"})
    assert list(listed.context["loans"]) == [loan]


def test_the_import_page_imports_once(client, founder, village_staff, town_staff):
    loan = disbursed(founder, village_staff, town_staff)
    client.force_login(town_staff)
    content = (HEADER + "SQ-2025-001,1,2025-04-10,0,1550.00,,B001\n").encode()
    for _ in range(2):
        client.post(
            reverse("loans:import"),
            {"lender": loan.lender_id, "file": SimpleUploadedFile("还款.csv", content)},
        )
    assert Repayment.objects.count() == 1


@pytest.mark.parametrize("kind", ["bomb", "tall"])
def test_the_import_page_refuses_a_hostile_file(
    client, founder, village_staff, town_staff, monkeypatch, kind
):
    import homeward.loans.sheet as sheet

    loan = disbursed(founder, village_staff, town_staff)
    monkeypatch.setattr(ledger, "MAX_ROWS", 10)
    monkeypatch.setattr(sheet, "MAX_ROWS", 10)
    if kind == "bomb":
        content, name = _bomb(5 * 2**20), "还款.xlsx"
    else:
        rows = [f"SQ-2025-001,1,2025-04-10,0,1550.00,,B{n}" for n in range(12)]
        content, name = (HEADER + "\n".join(rows) + "\n").encode(), "还款.csv"
    client.force_login(town_staff)
    response = client.post(
        reverse("loans:import"),
        {"lender": loan.lender_id, "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert not Repayment.objects.exists()
    assert "行" in response.content.decode() or "文件" in response.content.decode()


def test_a_leader_cannot_apply(client, leader):
    client.force_login(leader)
    assert client.post(reverse("loans:create"), {}).status_code == 403
