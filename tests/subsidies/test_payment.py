"""Payment: batches under a lock, never twice, the bank file once, the bank's return file."""

import pytest

from homeward.audit.models import AuditEvent
from homeward.outreach.models import OutboxMessage
from homeward.subsidies import services
from homeward.subsidies.models import Entitlement, Payment

from .conftest import card, make_returnee

pytestmark = pytest.mark.django_db


@pytest.fixture
def payer(db):
    from tests.factories import COUNTY, make_staff

    return make_staff(COUNTY, username="county-payer", may_see_personal_data=True)


def _ready(bonus, n=1, **fields):
    out = []
    for i in range(n):
        worker = make_returnee(
            sequence=200 + i,
            name=f"领款{i}",
            phone=f"1390000{i:04d}",
            consents_to_contact=True,
            **fields,
        )
        e = services.apply_for(bonus, worker=worker, bank_name="农行", bank_account=card())
        Entitlement._base_manager.filter(pk=e.pk).update(status="ready")
        out.append(Entitlement._base_manager.get(pk=e.pk))
    return out


def test_a_batch_pays_each_ready_entitlement_once(bonus, payer):
    a, b = _ready(bonus, 2)
    batch = services.build_batch(bonus.fund, "321302", "2026-12", by=payer)
    assert batch.payments.count() == 2
    assert set(Entitlement._base_manager.values_list("status", flat=True)) == {"paying"}
    with pytest.raises(services.SubsidyError, match="没有可支付"):
        services.build_batch(bonus.fund, "321302", "2026-12", by=payer)
    assert Payment._base_manager.count() == 2


def test_compliance_lapsed_is_held_not_paid(bonus, payer):
    (entitlement,) = _ready(bonus)
    entitlement.worker.__class__._base_manager.filter(pk=entitlement.worker_id).update(
        status="out_migrant"
    )
    assert services.build_batch(bonus.fund, "321302", "2026-12", by=payer) is None
    entitlement.refresh_from_db()
    assert entitlement.status == "on_hold" and "✗" in entitlement.reason
    assert Payment._base_manager.count() == 0


def test_a_mixed_batch_moves_on_exactly_the_paid_ones(bonus, payer):
    paid, held, untouched = _ready(bonus, 3)
    held.worker.__class__._base_manager.filter(pk=held.worker_id).update(status="out_migrant")
    Entitlement._base_manager.filter(pk=untouched.pk).update(sampled=True)  # awaits its check
    batch = services.build_batch(bonus.fund, "321302", "2026-12", by=payer)
    assert list(batch.payments.values_list("entitlement_id", flat=True)) == [paid.pk]
    status = dict(Entitlement._base_manager.values_list("pk", "status"))
    assert status == {paid.pk: "paying", held.pk: "on_hold", untouched.pk: "ready"}


def test_idempotency_key_same_content_first_result_other_content_refused(bonus, payer):
    (entitlement,) = _ready(bonus)
    batch = services.build_batch(bonus.fund, "321302", "2026-12", by=payer)
    first = batch.payments.get()
    again = services.issue_payment(entitlement, batch=batch, key=first.idempotency_key)
    assert again.pk == first.pk
    Entitlement._base_manager.filter(pk=entitlement.pk).update(amount=600)
    entitlement.refresh_from_db()
    with pytest.raises(services.SubsidyError, match="内容不同"):
        services.issue_payment(entitlement, batch=batch, key=first.idempotency_key)
    with pytest.raises(services.SubsidyError, match="重复支付"):
        services.issue_payment(entitlement, batch=batch, key="another-key")


def test_the_bank_file_is_encrypted_and_taken_once_by_who_may(bonus, payer, county_staff):
    _ready(bonus)
    batch = services.build_batch(bonus.fund, "321302", "2026-12", by=payer)
    assert card() not in batch.bank_file
    with pytest.raises(services.SubsidyError, match="完整个人信息"):
        services.take_bank_file(batch, by=county_staff)
    content, name = services.take_bank_file(batch, by=payer, fmt="csv")
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0] == "收款人,开户银行,账号,金额（元）,业务参考号"
    assert card() in text and "500.00" in text
    with pytest.raises(services.SubsidyError, match="已下载过"):
        services.take_bank_file(batch, by=payer)
    batch.refresh_from_db()
    assert batch.bank_file == "" and batch.status == "sent"
    assert AuditEvent.objects.filter(action="subsidies.batch.downloaded", result="ok").count() == 1


def test_the_excel_bank_file(bonus, payer):
    _ready(bonus)
    batch = services.build_batch(bonus.fund, "321302", "2026-12", by=payer)
    content, name = services.take_bank_file(batch, by=payer, fmt="xlsx")
    assert name.endswith(".xlsx") and content[:2] == b"PK"


def _return_file(rows):
    return ("业务参考号,结果,原因代码\n" + "\n".join(",".join(r) for r in rows)).encode()


def test_the_return_file_twice_changes_nothing(bonus, payer, django_capture_on_commit_callbacks):
    a, b = _ready(bonus, 2)
    batch = services.build_batch(bonus.fund, "321302", "2026-12", by=payer)
    pa, pb = batch.payments.order_by("pk")
    content = _return_file([[pa.reference, "成功"], [pb.reference, "失败", "E05"]])
    with django_capture_on_commit_callbacks(execute=True):
        report = services.import_return(batch, content, by=payer)
    assert (report.paid, report.failed, report.unchanged) == (1, 1, 0)
    again = services.import_return(batch, content, by=payer)
    assert (again.paid, again.failed, again.unchanged) == (0, 0, 2)
    assert list(Entitlement._base_manager.order_by("pk").values_list("status", flat=True)) == [
        "paid",
        "failed",
    ]
    assert OutboxMessage.objects.filter(key=f"subsidy-failed-{pb.pk}:sms").count() == 1
    rec = services.reconcile(batch)
    assert (rec["approved"], rec["paid"], rec["failed"], rec["cancelled"], rec["balanced"]) == (
        2,
        1,
        1,
        0,
        True,
    )


def test_unknown_references_are_listed_and_nothing_changes(bonus, payer):
    _ready(bonus)
    batch = services.build_batch(bonus.fund, "321302", "2026-12", by=payer)
    p = batch.payments.get()
    report = services.import_return(
        batch, _return_file([[p.reference, "成功"], ["HW999", "成功"]]), by=payer
    )
    assert report.unknown == ["HW999"] and not report.ok
    p.refresh_from_db()
    assert p.status == "pending"


def test_a_failed_payment_is_corrected_and_reissued_once(bonus, payer):
    (entitlement,) = _ready(bonus)
    batch = services.build_batch(bonus.fund, "321302", "2026-12", by=payer)
    p = batch.payments.get()
    services.import_return(batch, _return_file([[p.reference, "失败", "E05"]]), by=payer)
    with pytest.raises(services.SubsidyError):
        services.build_batch(bonus.fund, "321302", "2027-01", by=payer)
    services.correct_account(
        entitlement, bank_name="建设银行", bank_account=card("621700123456789012")
    )
    second = services.build_batch(bonus.fund, "321302", "2027-01", by=payer)
    p2 = second.payments.get()
    assert p2.attempt == 2 and p2.bank_account == card("621700123456789012")
    services.import_return(second, _return_file([[p2.reference, "成功"]]), by=payer)
    entitlement.refresh_from_db()
    assert entitlement.status == "paid"
    assert Payment._base_manager.filter(entitlement=entitlement, status="paid").count() == 1
    assert services.budget_of(bonus.fund)["paid"] == 500
