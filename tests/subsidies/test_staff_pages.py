"""The staff pages of slice 2: a version written and tried in the page, applying on a person's
behalf, the sample check page, the evidence viewer, inviting candidates, cancelling a payment."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from homeward.audit.models import AuditEvent
from homeward.campaigns.models import Campaign, Delivery
from homeward.subsidies import eligibility, services
from homeward.subsidies.models import (
    Candidate,
    Entitlement,
    Evidence,
    Payment,
    PolicyVersion,
    SampleDraw,
)
from tests.factories import COUNTY, COUNTY_B, make_staff

from .conftest import card, make_returnee

pytestmark = pytest.mark.django_db


def _form(version, **changes):
    data = {
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
        "amount_kind": "fixed",
        "amount": "500",
        "level_amounts": "",
        "once": "person",
        "max_claims": "1",
        "evidence": "劳动合同",
        "approval_levels": "3",
        "notice_days": "7",
        "conditions": eligibility.conditions_text(version.conditions),
        "compliance": eligibility.conditions_text(version.compliance),
        "assumption": "",
        "note": "改",
    }
    return {**data, **changes}


def test_a_syntax_error_shows_its_position_in_chinese(client, bonus, city_staff):
    client.force_login(city_staff)
    form = _form(bonus.published(), conditions="曾外出务工 | was_out_migrant and and")
    response = client.post(reverse("subsidies:version-create", args=[bonus.pk]), form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "第 1 条条件的表达式在第 21 个字符处有语法错误" in page
    assert "<mark>a</mark>" in page  # the spot marked
    assert PolicyVersion._base_manager.filter(policy=bonus).count() == 1
    assert AuditEvent.objects.filter(action="subsidies.version.refused").exists()


def test_a_line_without_its_bar_and_a_negative_amount_are_refused(client, bonus, city_staff):
    client.force_login(city_staff)
    url = reverse("subsidies:version-create", args=[bonus.pk])
    page = client.post(url, _form(bonus.published(), conditions="was_out_migrant")).content
    assert "缺少竖线" in page.decode()
    page = client.post(url, _form(bonus.published(), amount="-1")).content.decode()
    assert "金额不能为负数" in page
    assert PolicyVersion._base_manager.filter(policy=bonus).count() == 1


def test_a_new_version_is_tried_on_the_registry_before_publishing(client, bonus, city_staff):
    early = make_returnee(sequence=21, name="早返乡", returned_on=datetime.date(2026, 2, 1))
    late = make_returnee(sequence=22, name="晚返乡")  # returned 2026-06-01
    client.force_login(city_staff)
    published = bonus.published()
    stricter = _form(
        published,
        conditions=eligibility.conditions_text(published.conditions)
        + '\n返乡日期 {returned_on} 在 5 月之后 | returned_on >= d"2026-05-01"',
    )
    response = client.post(reverse("subsidies:version-create", args=[bonus.pk]), stricter)
    draft = PolicyVersion._base_manager.get(policy=bonus, number=2)
    assert draft.status == "draft" and len(draft.conditions) == 4
    assert response["Location"].endswith(f"?try={draft.pk}")
    page = client.get(response["Location"])
    trial = page.context["trial"][1]
    assert trial.published_eligible == 2 and trial.eligible == 1
    assert [w.pk for w, _why in trial.lost] == [early.pk] and late.pk not in [
        w.pk for w, _ in trial.gained
    ]
    text = page.content.decode()
    assert "早返乡" in text and "返乡日期 2026-02-01 在 5 月之后 ✗" in text
    assert bonus.published().number == 1  # nothing published yet
    client.post(reverse("subsidies:version-publish", args=[draft.pk]))
    assert bonus.published().number == 2


def test_only_city_staff_write_versions(client, bonus, city_staff):
    county_staff = make_staff("321302", username="county-writer")
    bonus.region_id = "321302"  # a county's own policy: the county may read, not write it
    bonus.save()
    client.force_login(county_staff)
    url = reverse("subsidies:version-create", args=[bonus.pk])
    assert 'data-testid="version-form"' not in client.get(url).content.decode()
    response = client.post(url, _form(bonus.published()), follow=True)
    assert "只有市级工作人员" in response.content.decode()
    assert PolicyVersion._base_manager.filter(policy=bonus).count() == 1


def test_staff_apply_on_a_persons_behalf_and_may_not_approve_it(client, bonus, village_staff):
    worker = make_returnee(sequence=31, name="代申请")
    client.force_login(village_staff)
    url = reverse("subsidies:apply-behalf")
    page = client.get(url, {"policy": bonus.pk, "worker": worker.pk}).content.decode()
    assert "返乡日期 2026-06-01 在政策期内 ✓" in page
    bad = client.post(
        url,
        {
            "policy": bonus.pk,
            "worker": worker.pk,
            "bank_name": "农行",
            "bank_account": "6222021234567890123",
        },
    )
    assert "校验位不对" in bad.content.decode()
    pdf = SimpleUploadedFile("合同.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = client.post(
        url,
        {
            "policy": bonus.pk,
            "worker": worker.pk,
            "bank_name": "农行",
            "bank_account": card(),
            "evidence": pdf,
        },
    )
    entitlement = Entitlement._base_manager.get(worker=worker)
    assert response["Location"] == reverse("subsidies:entitlement", args=[entitlement.pk])
    assert entitlement.via == "staff" and entitlement.entered_by == village_staff
    assert entitlement.evidence.count() == 1
    with pytest.raises(services.SubsidyError, match="录入申请的人不能审核"):
        services.decide(entitlement, "approved", by=village_staff)


def test_applying_for_a_person_of_another_county_is_404(client, bonus, outsider):
    worker = make_returnee(sequence=32)
    client.force_login(outsider)
    url = reverse("subsidies:apply-behalf")
    response = client.post(
        url, {"policy": bonus.pk, "worker": worker.pk, "bank_name": "农行", "bank_account": card()}
    )
    assert response.status_code == 404
    assert not Entitlement._base_manager.exists()


def _approved(bonus, n, status="notice"):
    out = []
    for i in range(n):
        worker = make_returnee(sequence=400 + i, name=f"抽查{i}")
        e = services.apply_for(bonus, worker=worker, bank_name="农行", bank_account=card())
        Entitlement._base_manager.filter(pk=e.pk).update(status=status)
        out.append(e)
    return out


def test_the_sample_page_draws_and_records_the_second_check(client, bonus, county_staff):
    _approved(bonus, 3)
    client.force_login(county_staff)
    client.post(reverse("subsidies:sample-draw"), {"share": "50"})
    draw = SampleDraw._base_manager.get()
    assert len(draw.pool) == 3 and len(draw.drawn) == 2
    assert draw.drawn == services.draw_lottery(draw.pool, 50, draw.seed)  # reproducible
    first, second = draw.drawn
    client.post(reverse("subsidies:sample-check", args=[first]), {"passed": "1", "reason": "核实"})
    client.post(
        reverse("subsidies:sample-check", args=[second]), {"passed": "0", "reason": "假合同"}
    )
    page = client.get(reverse("subsidies:samples"))
    text = page.content.decode()
    assert draw.seed in text
    assert Entitlement._base_manager.get(pk=first).sample_checked
    failed = Entitlement._base_manager.get(pk=second)
    assert failed.status == "refused" and failed.refusal_code == "sample"


def test_the_evidence_viewer_is_audited_and_scoped(client, bonus, town_staff, outsider):
    (entitlement,) = _approved(bonus, 1, status="submitted")
    png = Evidence(
        entitlement=entitlement,
        region_id=entitlement.region_id,
        filename="证明.png",
        content_type="image/png",
        content=b"\x89PNG\r\n\x1a\nfake",
    )
    png.save()
    client.force_login(town_staff)
    page = client.get(reverse("subsidies:entitlement", args=[entitlement.pk])).content.decode()
    assert reverse("subsidies:evidence", args=[png.pk]) in page
    response = client.get(reverse("subsidies:evidence", args=[png.pk]))
    assert response.status_code == 200 and "data:image/png;base64," in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    viewed = AuditEvent.objects.filter(action="subsidies.evidence.viewed")
    assert viewed.count() == 1 and viewed.get().actor == town_staff
    client.force_login(outsider)
    assert client.get(reverse("subsidies:evidence", args=[png.pk])).status_code == 404
    assert viewed.count() == 1


def test_inviting_candidates_starts_a_campaign_for_exactly_them(client, bonus, county_staff):
    listed = make_returnee(sequence=51, name="候选", phone="13900000051", consents_to_contact=True)
    make_returnee(sequence=52, name="不在名单", phone="13900000052", consents_to_contact=True)
    services.scan_candidates(COUNTY)
    Candidate._base_manager.exclude(worker=listed).delete()
    client.force_login(county_staff)
    response = client.post(reverse("subsidies:invite"), {"policy": bonus.pk, "channel": "sms"})
    campaign = Campaign._base_manager.get()
    assert response["Location"] == reverse("campaigns:detail", args=[campaign.pk])
    assert campaign.status == "sending" and campaign.region_id == COUNTY
    assert "{link}" in campaign.template and bonus.name in campaign.template
    deliveries = Delivery._base_manager.filter(campaign=campaign)
    assert list(deliveries.values_list("worker_id", "status")) == [(listed.pk, "queued")]


def test_inviting_with_no_candidates_is_refused(client, bonus, county_staff):
    client.force_login(county_staff)
    response = client.post(reverse("subsidies:invite"), {"policy": bonus.pk}, follow=True)
    assert "没有待邀请" in response.content.decode()
    assert not Campaign._base_manager.exists()


@pytest.fixture
def batch(bonus):
    payer = make_staff(COUNTY, username="payer", may_see_personal_data=True)
    _approved(bonus, 2, status="ready")
    return services.build_batch(bonus.fund, COUNTY, "2026-12", by=payer), payer


def test_cancelling_a_payment_instruction_with_its_reason(client, batch):
    batch, payer = batch
    first, second = batch.payments.order_by("pk")
    client.force_login(payer)
    url = reverse("subsidies:payment-cancel", args=[first.pk])
    page = client.post(url, {"reason": " "}, follow=True).content.decode()
    assert "请写明原因" in page
    page = client.post(url, {"reason": "本人已去世"}, follow=True).content.decode()
    first.refresh_from_db()
    assert first.status == "cancelled" and first.cancel_reason == "本人已去世"
    assert Entitlement._base_manager.get(pk=first.entitlement_id).status == "cancelled"
    rec = services.reconcile(batch)
    assert (rec["approved"], rec["pending"], rec["cancelled"], rec["balanced"]) == (2, 1, 1, True)
    assert "2 instructions" not in page and "本人已去世" in page
    content, _name = services.take_bank_file(batch, by=payer)
    text = content.decode("utf-8-sig")
    assert second.reference in text and first.reference not in text  # the file written again
    refused = client.post(
        reverse("subsidies:payment-cancel", args=[second.pk]), {"reason": "晚了"}, follow=True
    )
    assert "银行文件已交银行" in refused.content.decode()
    assert Payment._base_manager.get(pk=second.pk).status == "pending"


def test_cancelling_is_for_county_staff_of_the_area(client, batch, town_staff):
    batch, _payer = batch
    payment = batch.payments.first()
    client.force_login(town_staff)
    client.post(reverse("subsidies:payment-cancel", args=[payment.pk]), {"reason": "x"})
    refusal = AuditEvent.objects.get(action="subsidies.payment.cancelled")
    assert refusal.result == "refused" and "只有县（区）或市级" in refusal.detail["why"]
    client.force_login(make_staff(COUNTY_B, username="b-payer"))
    url = reverse("subsidies:payment-cancel", args=[payment.pk])
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert Payment._base_manager.get(pk=payment.pk).status == "pending"


def test_a_pdf_is_opened_inline_and_audited(client, bonus, town_staff):
    (entitlement,) = _approved(bonus, 1, status="submitted")
    pdf = Evidence(
        entitlement=entitlement,
        region_id=entitlement.region_id,
        filename="合同.pdf",
        content_type="application/pdf",
        content=b"%PDF-1.4 contract",
    )
    pdf.save()
    client.force_login(town_staff)
    page = client.get(reverse("subsidies:evidence", args=[pdf.pk])).content.decode()
    assert reverse("subsidies:evidence-file", args=[pdf.pk]) in page
    response = client.get(reverse("subsidies:evidence-file", args=[pdf.pk]))
    assert (
        response.content == b"%PDF-1.4 contract" and response["Content-Type"] == "application/pdf"
    )
    assert response["Content-Disposition"].startswith("inline")
    assert AuditEvent.objects.filter(action="subsidies.evidence.viewed").count() == 2


def test_the_invitations_link_lands_on_the_policy_with_the_apply_button(
    client, bonus, county_staff
):
    """The SMS of a subsidy invitation carries the campaign's personal link /r/<token>: it opens
    the person's page of that policy (not the jobs), the conditions checked, the apply form."""
    from homeward.campaigns.text import new_token
    from homeward.subsidies.models import Invitation
    from tests.factories import WORKER_PHONE
    from tests.portal.helpers import sign_in_worker

    listed = make_returnee(sequence=53, name="受邀", phone=WORKER_PHONE, consents_to_contact=True)
    services.scan_candidates(COUNTY)
    client.force_login(county_staff)
    client.post(reverse("subsidies:invite"), {"policy": bonus.pk, "channel": "sms"})
    campaign = Campaign._base_manager.get()
    assert Invitation._base_manager.get(campaign=campaign).policy == bonus
    delivery = Delivery._base_manager.get(campaign=campaign, worker=listed)
    token = delivery.token or new_token()
    Delivery._base_manager.filter(pk=delivery.pk).update(
        token=token, status="sent", sent_at=datetime.datetime.now(datetime.UTC)
    )
    client.logout()
    offer = reverse("portal:subsidy-offer", args=[bonus.pk])
    response = client.get(reverse("short-link", args=[token]))
    assert response.status_code == 302 and response["Location"] == offer
    assert Delivery._base_manager.get(pk=delivery.pk).clicked_at is not None  # counted
    assert reverse("portal:signin") in client.get(offer)["Location"]  # sign in first
    sign_in_worker(client, listed)
    page = client.get(offer).content.decode()
    assert bonus.name in page and "返乡日期 2026-06-01 在政策期内 ✓" in page
    assert reverse("portal:subsidy-apply", args=[bonus.pk]) in page  # the apply button's form
    services.apply_for(bonus, worker=listed, bank_name="农行", bank_account=card())
    page = client.get(offer).content.decode()
    assert 'data-testid="offer-claimed"' in page
    assert reverse("portal:subsidy-apply", args=[bonus.pk]) not in page


def test_a_policy_that_does_not_apply_to_the_person_is_not_found(client, seeded):
    from tests.factories import WORKER_PHONE
    from tests.portal.helpers import sign_in_worker

    worker = make_returnee(sequence=54, name="宿迁人", phone=WORKER_PHONE)
    sign_in_worker(client, worker)
    ambassador = seeded["XX-AMBASSADOR-300"]  # 湘乡's: not for a 宿迁 village
    response = client.get(reverse("portal:subsidy-offer", args=[ambassador.pk]))
    assert response.status_code == 404
