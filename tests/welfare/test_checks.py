"""Exit checks: a ghost post (two months without a day worked), a double post, a holder whose
registry place of work is outside the county, an expired term; the command prints them with
the person's record, and another county's staff see none of them."""

import datetime

from django.core.management import call_command

from homeward.scoping import area_scope
from homeward.welfare.checks import exit_checks
from homeward.welfare.models import Application, Appointment, Attendance, Post
from homeward.workers.models import Worker


def _kinds(today, area="321302"):
    with area_scope(area):
        return sorted((f.kind, f.appointment.holder.name) for f in exit_checks(today=today))


def test_the_four_checks(appointment, older_man, village):
    today = appointment.starts_on + datetime.timedelta(days=100)
    assert ("ghost", "李大山") in _kinds(today)
    month = datetime.date(today.year, today.month, 1)
    for back in (1, 2):
        m = (month - datetime.timedelta(days=27 * back)).replace(day=1)
        Attendance(appointment=appointment, region_id=appointment.region_id, month=m,
                   days_worked=20, days_required=22).save()  # fmt: skip
    assert _kinds(today) == []

    Worker.objects.filter(pk=older_man.pk).update(work_region_id="321311")
    assert _kinds(today) == [("away", "李大山")]
    Worker.objects.filter(pk=older_man.pk).update(work_region_id=None)

    other = Post(title="护林员", kind="forest", region=village, headcount=1,
                 monthly_stipend="1000.00")  # fmt: skip
    other.save()
    second = Application(post=other, worker=older_man, region_id=village.code, bank_name="x",
                         status="appointed")  # fmt: skip
    second.save()
    Appointment(post=other, holder=older_man, application=second, region_id=village.code,
                starts_on=today, ends_on=today).save()  # fmt: skip
    kinds = _kinds(today)
    assert kinds.count(("double", "李大山")) == 2

    late = appointment.ends_on + datetime.timedelta(days=1)
    assert ("term", "李大山") in _kinds(late)
    assert _kinds(today, area="321311") == []


def test_the_command_lists_the_flags_with_the_person(appointment, capsys):
    call_command("welfare", "checks", "--area", "321302")
    out = capsys.readouterr().out
    # started in March 2026 and no attendance since: today (2026-12) it is a ghost post
    assert f"ghost\t{appointment.region_id}\t李**\tworker/{appointment.holder_id}" in out
    assert out.strip().endswith("flags")


def test_subsidy_rules_know_who_is_on_a_post(appointment, older_man, young_man):
    """The subsidies' fact `on_public_post` (e.g. a rule that excludes post holders) comes from
    the appointments: true within the contract, false before it, after it and for others."""
    from homeward.subsidies.facts import facts_of

    day = appointment.starts_on
    assert facts_of(older_man, today=day)["on_public_post"] is True
    assert facts_of(older_man, today=day - datetime.timedelta(days=1))["on_public_post"] is False
    after = appointment.ends_on + datetime.timedelta(days=1)
    assert facts_of(older_man, today=after)["on_public_post"] is False
    assert facts_of(young_man, today=day)["on_public_post"] is False
