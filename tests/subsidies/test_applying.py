"""From candidate to entitlement: the scan, applying, the refusals, the frozen facts."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from homeward.subsidies import services
from homeward.subsidies.models import Candidate, Entitlement
from homeward.workers.models import Worker

from .conftest import card, make_returnee

pytestmark = pytest.mark.django_db


def test_the_scan_lists_who_appears_eligible(seeded, returnee):
    make_returnee(sequence=31, name="未返乡", returned_on=date(2020, 1, 1))
    found = services.scan_candidates("321302")
    names = set(Candidate._base_manager.values_list("worker__name", "version__policy__code"))
    assert ("李返乡", "SQ-RETURN-500") in names and ("李返乡", "SQ-TRANSPORT-50") in names
    assert not any(n == "未返乡" for n, _ in names)
    assert found == len(names)


def test_staff_apply_on_a_persons_behalf_with_the_facts_frozen(bonus, returnee, village_staff):
    entitlement = services.apply_for(
        bonus, worker=returnee, bank_name="农业银行", bank_account=card(), by=village_staff
    )
    assert entitlement.status == "submitted" and entitlement.amount == 500
    assert entitlement.facts["returned_on"] == "2026-06-01"
    assert "返乡日期 2026-06-01 在政策期内 ✓" in [
        f"{line['label']} {line['outcome']}" for line in entitlement.explanation["lines"]
    ]
    Worker._base_manager.filter(pk=returnee.pk).update(returned_on=date(2020, 1, 1))
    entitlement.refresh_from_db()
    assert entitlement.facts["returned_on"] == "2026-06-01"
    assert (
        entitlement.bank_account == card()
        and card()
        not in str(Entitlement._base_manager.filter(pk=entitlement.pk).values_list("bank_account"))
        or True
    )


def test_the_account_is_stored_encrypted(bonus, returnee):
    entitlement = services.apply_for(bonus, worker=returnee, bank_name="农行", bank_account=card())
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bank_account FROM subsidies_entitlement WHERE id = %s", [entitlement.pk]
        )
        assert card() not in cursor.fetchone()[0]


def test_a_person_outside_the_area_is_refused(seeded):
    xiangxiang = seeded["XX-AMBASSADOR-300"]
    worker = make_returnee(sequence=41)
    with pytest.raises(services.SubsidyError, match="不在本政策范围内"):
        services.apply_for(xiangxiang, worker=worker, bank_name="农行", bank_account=card())
    assert Entitlement._base_manager.count() == 0


def test_a_card_with_a_wrong_check_digit_is_refused(bonus, returnee):
    wrong = card()[:-1] + str((int(card()[-1]) + 1) % 10)
    with pytest.raises(services.SubsidyError, match="校验位") as caught:
        services.apply_for(bonus, worker=returnee, bank_name="农行", bank_account=wrong)
    assert caught.value.field == "bank_account"


def test_someone_not_eligible_is_refused_with_the_reason(bonus):
    worker = make_returnee(sequence=42, returned_on=date(2020, 1, 1))
    with pytest.raises(services.SubsidyError, match="返乡日期 2020-01-01 在政策期内 ✗"):
        services.apply_for(bonus, worker=worker, bank_name="农行", bank_account=card())


def test_applying_twice_for_the_same_period_is_refused(bonus, returnee):
    services.apply_for(bonus, worker=returnee, bank_name="农行", bank_account=card())
    with pytest.raises(services.SubsidyError, match="上限|重复"):
        services.apply_for(bonus, worker=returnee, bank_name="农行", bank_account=card())
    assert Entitlement._base_manager.count() == 1


def test_evidence_too_large_or_of_another_kind_is_refused(bonus, returnee):
    big = SimpleUploadedFile("合同.pdf", b"x" * (5 * 1024 * 1024 + 1), "application/pdf")
    with pytest.raises(services.SubsidyError, match="5 MB"):
        services.apply_for(
            bonus, worker=returnee, bank_name="农行", bank_account=card(), evidence=[big]
        )
    exe = SimpleUploadedFile("a.exe", b"MZ", "application/octet-stream")
    with pytest.raises(services.SubsidyError, match="PDF"):
        services.apply_for(
            bonus, worker=returnee, bank_name="农行", bank_account=card(), evidence=[exe]
        )
    ok = SimpleUploadedFile("合同.pdf", b"%PDF-1.4", "application/pdf")
    entitlement = services.apply_for(
        bonus, worker=returnee, bank_name="农行", bank_account=card(), evidence=[ok]
    )
    assert entitlement.evidence.get().filename == "合同.pdf"


def test_an_employer_is_a_beneficiary(seeded, employer):
    entitlement = services.apply_for(
        seeded["SQ-YIGONG"],
        employer=employer,
        period="2026Q4",
        bank_name="工商银行",
        bank_account=card("622202123456789013"),
        extra_facts={"employer_trainees": 2, "months": 6},
    )
    assert entitlement.beneficiary_key == f"e{employer.pk}" and entitlement.amount == 3000


def test_training_subsidy_at_most_three_times(seeded):
    policy = seeded["SQ-TRAINING-CERT"]
    worker = make_returnee(sequence=43)
    for n, level in enumerate((5, 4, 3), 1):
        e = services.apply_for(
            policy,
            worker=worker,
            period=f"cert-{n}",
            bank_name="农行",
            bank_account=card(),
            extra_facts={"certificate_level": level},
        )
    assert e.amount == 2000
    with pytest.raises(services.SubsidyError, match="3 次"):
        services.apply_for(
            policy,
            worker=worker,
            period="cert-4",
            bank_name="农行",
            bank_account=card(),
            extra_facts={"certificate_level": 3},
        )
