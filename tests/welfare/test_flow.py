"""Village applies → town reviews → county approves → public notice → appointment; each step
refused at the wrong level, in the wrong area, for an ineligible person and for a duplicate,
each refusal audited and nothing written."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from homeward.audit.models import AuditEvent
from homeward.welfare import services
from homeward.welfare.models import Application, Appointment, Objection
from homeward.welfare.services import WelfareError
from tests.factories import make_staff

from .conftest import CARD, THURSDAY, applied, on_notice


def test_the_whole_flow_ends_in_a_contract_after_the_notice(
    post, older_man, village_staff, town_staff, county_staff
):
    application = applied(post, older_man, village_staff)
    assert application.status == "submitted" and "50周岁以上男性" in application.verdict["text"]
    services.review_application(application, passed=True, by=town_staff)
    application = services.approve_application(
        application, passed=True, by=county_staff, today=THURSDAY
    )
    assert application.status == "notice"
    # approved on Thursday: five working days from Friday
    assert application.notice_starts_on == datetime.date(2026, 3, 6)
    assert application.notice_ends_on == datetime.date(2026, 3, 12)
    with pytest.raises(WelfareError, match="期满后才能上岗"):
        services.start_appointment(application, by=county_staff, today=datetime.date(2026, 3, 12))
    appointment = services.start_appointment(
        application, by=county_staff, today=datetime.date(2026, 3, 13)
    )
    assert appointment.starts_on == datetime.date(2026, 3, 13)
    assert appointment.ends_on == datetime.date(2027, 3, 12)
    assert Application.objects.get(pk=application.pk).status == "appointed"
    codes = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"welfare.application.submitted", "welfare.application.reviewed",
            "welfare.application.approved", "welfare.appointment.started"} <= codes  # fmt: skip


def test_each_step_belongs_to_its_level(post, older_man, village_staff, town_staff, county_staff):
    with pytest.raises(WelfareError, match="村（社区）办理"):
        applied(post, older_man, town_staff)
    application = applied(post, older_man, village_staff)
    with pytest.raises(WelfareError, match="乡镇（街道）办理"):
        services.review_application(application, passed=True, by=village_staff)
    with pytest.raises(WelfareError, match="等待县（区）审批"):
        services.approve_application(application, passed=True, by=county_staff)
    services.review_application(application, passed=True, by=town_staff)
    with pytest.raises(WelfareError, match="县（区）办理"):
        services.approve_application(application, passed=True, by=town_staff)
    assert Application.objects.get(pk=application.pk).status == "reviewed"
    refused = AuditEvent.objects.filter(action__startswith="welfare.application.", result="refused")
    assert refused.count() == 4


def test_another_area_is_refused(post, older_man, village_staff, town_staff, outsider):
    with pytest.raises(WelfareError, match="不在您的辖区"):
        applied(post, older_man, make_staff("321302001002", username="other-village"))
    application = applied(post, older_man, village_staff)
    services.review_application(application, passed=True, by=town_staff)
    with pytest.raises(WelfareError, match="不在您的辖区"):
        services.approve_application(application, passed=True, by=outsider)
    assert Application.objects.get(pk=application.pk).status == "reviewed"


def test_an_ineligible_person_and_a_duplicate_are_refused(
    post, older_man, young_man, village_staff
):
    with pytest.raises(WelfareError, match="不属于安置对象"):
        applied(post, young_man, village_staff)
    assert not Application.objects.filter(worker=young_man).exists()
    applied(post, older_man, village_staff)
    with pytest.raises(WelfareError, match="不能重复申请"):
        applied(post, older_man, village_staff)
    assert Application.objects.filter(worker=older_man).count() == 1
    with pytest.raises(WelfareError, match="银行"):
        services.apply_for_post(
            post, young_man, is_disabled=True, bank_name="农行", bank_account="123",
            by=village_staff,
        )  # fmt: skip


def test_the_database_holds_one_live_application(post, older_man):
    Application(post=post, worker=older_man, region_id=post.region_id, bank_name="x").save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application(post=post, worker=older_man, region_id=post.region_id, bank_name="x").save()


def test_a_full_post_refuses_approval(
    post, older_man, older_woman, village_staff, town_staff, county_staff
):
    post.headcount = 1
    post.save()
    on_notice(post, older_man, village_staff, town_staff, county_staff)
    second = applied(post, older_woman, village_staff)
    services.review_application(second, passed=True, by=town_staff)
    with pytest.raises(WelfareError, match="人数已满"):
        services.approve_application(second, passed=True, by=county_staff)


def test_a_holder_cannot_be_appointed_to_a_second_post(
    post, appointment, older_man, village_staff, town_staff, county_staff, village
):
    from homeward.welfare.models import Post

    other = Post(title="护林员", kind="forest", region=village, headcount=1,
                 monthly_stipend="1000.00")  # fmt: skip
    other.save()
    with pytest.raises(WelfareError, match="不能同时担任两个岗位"):
        applied(other, older_man, village_staff)


def test_objections_hold_the_start_and_an_upheld_one_refuses(
    post, older_man, older_woman, village_staff, town_staff, county_staff
):
    application = on_notice(post, older_man, village_staff, town_staff, county_staff)
    objection = services.record_objection(
        application, text="本人在外地打工", by=village_staff, today=THURSDAY
    )
    after = application.notice_ends_on + datetime.timedelta(days=1)
    with pytest.raises(WelfareError, match="只能在公示期内"):
        services.record_objection(application, text="再提", by=village_staff, today=after)
    with pytest.raises(WelfareError, match="尚未核查完毕"):
        services.start_appointment(application, by=county_staff, today=after)
    with pytest.raises(WelfareError, match="县（区）办理"):
        services.resolve_objection(objection, upheld=True, note="核实", by=town_staff)
    services.resolve_objection(objection, upheld=True, note="核实属实", by=county_staff)
    assert Objection.objects.get().finding == "upheld"
    assert Application.objects.get(pk=application.pk).status == "refused"
    assert not Appointment.objects.exists()

    second = on_notice(post, older_woman, village_staff, town_staff, county_staff)
    dismissed = services.record_objection(
        second, text="有人说她有工作", by=town_staff, today=THURSDAY
    )
    services.resolve_objection(dismissed, upheld=False, note="经核查无工作", by=county_staff)
    services.start_appointment(second, by=county_staff, today=after)
    assert Appointment.objects.get().holder == older_woman


def test_the_command_starts_appointments_whose_notice_passed(
    post, older_man, village_staff, town_staff, county_staff
):
    application = on_notice(post, older_man, village_staff, town_staff, county_staff)
    early = services.close_notices(today=application.notice_ends_on)
    assert early == {"started": 0, "waiting": 0}
    later = services.close_notices(today=application.notice_ends_on + datetime.timedelta(days=3))
    assert later == {"started": 1, "waiting": 0}
    assert Appointment.objects.get().starts_on == application.notice_ends_on + datetime.timedelta(3)


def test_an_appointment_ends_with_its_reason(appointment, village_staff, town_staff):
    day = appointment.starts_on + datetime.timedelta(days=30)
    with pytest.raises(WelfareError, match="乡镇或县"):
        services.end_appointment(appointment, reason="resigned", on=day, by=village_staff)
    services.end_appointment(appointment, reason="resigned", on=day, by=town_staff)
    appointment.refresh_from_db()
    assert appointment.status == "ended" and appointment.end_reason == "resigned"
    with pytest.raises(WelfareError, match="已结束"):
        services.end_appointment(appointment, reason="resigned", on=day, by=town_staff)


def test_months_served_count_towards_the_term_limit(appointment, older_man):
    end = appointment.starts_on + datetime.timedelta(days=400)
    verdict = services.judge(older_man, is_disabled=False, today=end)
    assert not verdict.eligible and "不能同时担任两个岗位" in verdict.text
    person = services.person_of(older_man, is_disabled=False, today=end)
    assert person.months_served == 12  # the contract's 12 months, not beyond its end
    assert CARD  # the cast's bank card is valid (used above)


def test_a_notice_into_a_year_without_its_holidays_is_refused_not_guessed(
    post, older_woman, village_staff, town_staff, county_staff
):
    """The notice's working days need the year's holiday arrangement; a year nobody has entered
    (the package knows up to 2026) refuses the approval with what to do, and writes nothing."""
    day = datetime.date(2029, 3, 8)
    application = applied(post, older_woman, village_staff, today=day)
    services.review_application(application, passed=True, by=town_staff)
    with pytest.raises(services.WelfareError, match="2029 年的节假日安排尚未录入"):
        services.approve_application(application, passed=True, by=county_staff, today=day)
    application.refresh_from_db()
    assert application.status == "reviewed" and application.notice_starts_on is None
