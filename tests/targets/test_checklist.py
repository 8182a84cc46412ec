"""The checklist: a unit's update with its files (first bytes, size, audited reads), done only
with the evidence, overdue highlighted, notices of supervision from the office above and the
unit's reply, the weekly digest once a week, and every refusal audited."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.targets import services
from homeward.targets.models import Attachment, StaffMessage, Supervision

from .conftest import duty_of

PDF = b"%PDF-1.4 evidence"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20


def _file(name="台账.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_an_update_keeps_its_files_and_marks_the_duty_done(seeded, towns, clerk):
    duty = duty_of(towns[0].code, 6)
    update = services.record_update(
        duty,
        text="入户摸底完成",
        files=[_file(), _file("照片.png", PNG)],
        marks_done=True,
        by=clerk,
    )
    duty.refresh_from_db()
    assert duty.done_on == timezone.localdate()
    assert sorted(
        Attachment.objects.filter(update=update).values_list("content_type", flat=True)
    ) == [
        "application/pdf",
        "image/png",
    ]
    assert AuditEvent.objects.filter(action="targets.update.recorded", actor=clerk).count() == 1


@pytest.mark.parametrize(
    "upload, said",
    [
        (SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00 not a pdf"), "应是照片"),
        (SimpleUploadedFile("表.docx", b"PK\x03\x04 zip but named .zip? no"), None),
        (SimpleUploadedFile("压缩.zip", b"PK\x03\x04 a zip"), "应是照片"),
        (SimpleUploadedFile("大.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)), "5 MB"),
    ],
)
def test_files_are_judged_by_their_first_bytes_and_size(seeded, towns, clerk, upload, said):
    from django.utils import translation

    duty = duty_of(towns[0].code, 9)
    with translation.override("zh-hans"):
        if said is None:
            services.record_update(duty, text="周报", files=[upload], by=clerk)
            return
        with pytest.raises(services.TargetError) as refused:
            services.record_update(duty, text="周报", files=[upload], by=clerk)
    assert said in str(refused.value)
    assert not Attachment.objects.exists()
    assert AuditEvent.objects.filter(action="targets.update.refused", result="refused").exists()


def test_done_needs_the_evidence(seeded, towns, clerk):
    duty = duty_of(towns[0].code, 6)
    with pytest.raises(services.TargetError):
        services.record_update(duty, text="完成了", marks_done=True, by=clerk)
    duty.refresh_from_db()
    assert duty.done_on is None


def test_a_leader_and_another_town_are_refused_and_audited(seeded, towns, other_clerk, xx_leader):
    duty = duty_of(towns[0].code, 9)
    with pytest.raises(PermissionDenied):
        services.record_update(duty, text="x", by=xx_leader)
    with pytest.raises(services.TargetError):
        services.record_update(duty, text="x", by=other_clerk)
    refused = AuditEvent.objects.filter(action="targets.update.refused", result="refused")
    assert refused.count() == 2
    assert not duty.updates.exists()


def test_supervision_comes_from_the_office_and_the_unit_replies(seeded, towns, office, clerk):
    duty = duty_of(towns[0].code, 13)
    reply_by = timezone.localdate() + dt.timedelta(days=5)
    with pytest.raises(services.TargetError):  # a town does not supervise itself
        services.issue_supervision(duty, text="督办", reply_by=reply_by, by=clerk)
    notice = services.issue_supervision(duty, text="请说明进度", reply_by=reply_by, by=office)
    with pytest.raises(services.TargetError):  # the office does not answer its own notice
        services.reply_supervision(notice, text="自答", by=office)
    services.reply_supervision(notice, text="本月底前成立", by=clerk)
    notice.refresh_from_db()
    assert notice.reply == "本月底前成立" and notice.replied_by == clerk
    with pytest.raises(services.TargetError):
        services.reply_supervision(notice, text="再答", by=clerk)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"targets.supervision.issued", "targets.supervision.replied",
            "targets.supervision.refused", "targets.reply.refused"} <= actions  # fmt: skip


def test_the_weekly_digest_is_sent_once_a_week(seeded, towns, office, clerk, xx_leader):
    duty = duty_of(towns[0].code, 13)
    services.issue_supervision(
        duty, text="请说明进度", reply_by=timezone.localdate() + dt.timedelta(days=5), by=office
    )
    today = timezone.localdate()
    first = services.send_digest(today)
    assert first >= 2  # the town clerk and the office (city departments' overdue items)
    assert services.send_digest(today) == 0
    message = StaffMessage.objects.get(recipient=clerk)
    assert "13" in message.text
    assert not StaffMessage.objects.filter(recipient=xx_leader).exists()
    assert services.send_digest(today + dt.timedelta(days=7)) == first


@pytest.fixture
def logged_in(client, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def test_pages_show_the_own_area_only(logged_in, seeded, towns, clerk, other_clerk, office):
    duty = duty_of(towns[0].code, 9)
    client = logged_in(clerk)
    page = client.get(reverse("targets:checklist"))
    assert page.status_code == 200
    shown = {row.duty.region_id for row in page.context["duties"]}
    assert shown == {towns[0].code}
    assert client.get(reverse("targets:duty", args=[duty.pk])).status_code == 200
    assert client.get(reverse("targets:item", args=[duty.item_id])).status_code == 404
    client = logged_in(other_clerk)
    assert client.get(reverse("targets:duty", args=[duty.pk])).status_code == 404
    client = logged_in(office)
    page = client.get(reverse("targets:checklist"))
    assert len(page.context["items"]) == 13
    assert b'data-testid="overdue"' in page.content or timezone.localdate() <= dt.date(
        seeded, 1, 30
    )
    assert client.get(reverse("targets:item", args=[duty.item_id])).status_code == 200


def test_the_duty_page_takes_an_update_with_a_file_and_a_bad_one_answers_200(
    logged_in, seeded, towns, clerk, office
):
    duty = duty_of(towns[0].code, 9)
    client = logged_in(clerk)
    bad = client.post(
        reverse("targets:duty-update", args=[duty.pk]),
        {"text": "周报", "files": [SimpleUploadedFile("x.exe", b"MZ")]},
    )
    assert bad.status_code == 200 and not duty.updates.exists()
    good = client.post(
        reverse("targets:duty-update", args=[duty.pk]), {"text": "周报", "files": [_file()]}
    )
    assert good.status_code == 302
    attachment = Attachment.objects.get()
    client = logged_in(office)
    response = client.get(reverse("targets:attachment", args=[attachment.pk]))
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="targets.attachment.opened", actor=office).exists()
    supervise = client.post(
        reverse("targets:duty-supervise", args=[duty.pk]),
        {
            "text": "请补充截图",
            "reply_by": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert supervise.status_code == 302
    notice = Supervision.objects.get()
    client = logged_in(clerk)
    home = client.get(reverse("home"))
    assert "targets-supervision" in {q.key for q in home.context["queues"]}
    answered = client.post(reverse("targets:reply", args=[notice.pk]), {"reply": "已补充"})
    assert answered.status_code == 302
    notice.refresh_from_db()
    assert notice.reply == "已补充"


def test_a_leader_reads_but_posts_nothing(logged_in, seeded, towns, xx_leader):
    duty = duty_of(towns[0].code, 9)
    client = logged_in(xx_leader)
    assert client.get(reverse("targets:duty", args=[duty.pk])).status_code == 200
    for name in ("targets:duty-update", "targets:duty-supervise"):
        assert client.post(reverse(name, args=[duty.pk]), {"text": "x"}).status_code == 403
    assert AuditEvent.objects.filter(action="targets.write.refused", actor=xx_leader).count() == 2


def test_messages_are_the_users_own(logged_in, seeded, towns, clerk, other_clerk, office):
    services.send_digest(timezone.localdate())
    client = logged_in(clerk)
    mine = client.get(reverse("targets:messages"))
    assert mine.status_code == 200
    assert all(m.recipient_id == clerk.pk for m in mine.context["page"].object_list)
