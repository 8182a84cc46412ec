"""The periodic duties: when each falls due (pure), each run once in its period however many
processes try, a failure recorded and tried again later (up to three times), a run left by a
killed process taken over when stale, and every duty a real command line of the platform."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command, get_commands, load_command_class

from homeward.operations import scheduler
from homeward.operations.models import ScheduledRun
from homeward.operations.schedule import DAILY, DUTIES, MONTHLY, WEEKLY, Duty, due, period

SH = ZoneInfo("Asia/Shanghai")
MORNING = Duty("test-morning", ("background", "purge"), DAILY, dt.time(6, 0), "测试")
MONDAY = Duty("test-monday", ("background", "purge"), WEEKLY, dt.time(8, 30), "测试")
BROKEN = Duty("test-broken", ("no-such-command",), DAILY, dt.time(0, 0), "测试")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SH)


def test_a_daily_duty_is_due_from_its_hour_until_the_day_ends():
    assert due(MORNING, at("2026-12-07T05:59")) is None
    assert due(MORNING, at("2026-12-07T06:00")) == "2026-12-07"
    assert due(MORNING, at("2026-12-07T23:59")) == "2026-12-07"
    assert due(MORNING, at("2026-12-08T00:30")) is None  # a new day, before its hour


def test_a_weekly_duty_falls_due_on_monday_and_stays_due_all_week():
    # 2026-12-07 is a Monday (ISO week 50).
    assert due(MONDAY, at("2026-12-07T08:00")) is None
    assert due(MONDAY, at("2026-12-07T08:30")) == "2026-W50"
    assert due(MONDAY, at("2026-12-13T22:00")) == "2026-W50"  # Sunday: same week, still due
    assert period(MONDAY, at("2026-12-14T09:00"))[0] == "2026-W51"
    first = Duty("m", ("x",), MONTHLY, dt.time(1, 0), "")
    assert due(first, at("2026-12-31T12:00")) == "2026-12"
    with pytest.raises(ValueError):
        period(Duty("bad", ("x",), "hourly", dt.time(0), ""), at("2026-12-07T00:00"))


def test_every_duty_is_a_command_line_the_platform_accepts():
    commands = get_commands()
    names = [d.name for d in DUTIES]
    assert len(names) == len(set(names))
    for duty in DUTIES:
        name, *rest = duty.argv
        assert name in commands, duty
        parser = load_command_class(commands[name], name).create_parser("homeward", name)
        parser.parse_args(rest)  # an unknown action would exit here


@pytest.mark.django_db
def test_a_due_duty_runs_once_in_its_period():
    calls = []
    run = lambda *argv, **kw: calls.append(argv)  # noqa: E731
    made = scheduler.run_due(at("2026-12-07T06:05"), duties=[MORNING, MONDAY], command=run)
    assert [(r.duty, r.period, r.status) for r in made] == [("test-morning", "2026-12-07", "done")]
    assert calls == [("background", "purge")]
    # Again the same day (another process, a cron line): nothing runs.
    assert scheduler.run_due(at("2026-12-07T18:00"), duties=[MORNING], command=run) == []
    assert len(calls) == 1
    # The next day it runs again, and on Monday at 08:30 the weekly one.
    scheduler.run_due(at("2026-12-08T06:00"), duties=[MORNING], command=run)
    assert ScheduledRun.objects.filter(duty="test-morning").count() == 2


@pytest.mark.django_db
def test_a_real_command_runs_and_its_output_is_kept():
    (run,) = scheduler.run_due(at("2026-12-07T06:05"), duties=[MORNING])
    run.refresh_from_db()
    assert run.status == "done" and "purged" in run.output and run.finished_at


@pytest.mark.django_db
def test_a_failure_is_recorded_and_tried_again_later_three_times_at_most():
    (first,) = scheduler.run_due(at("2026-12-07T01:00"), duties=[BROKEN])
    first.refresh_from_db()
    assert first.status == "failed" and "no-such-command" in first.output
    # Not straight away (a broken duty would run every minute) …
    assert scheduler.run_due(at("2026-12-07T01:05"), duties=[BROKEN]) == []
    # … but after ten minutes, twice more, then it waits for the next day.
    ScheduledRun.objects.update(finished_at=at("2026-12-07T01:00"))
    assert scheduler.run_due(at("2026-12-07T01:11"), duties=[BROKEN])
    ScheduledRun.objects.update(finished_at=at("2026-12-07T01:11"))
    assert scheduler.run_due(at("2026-12-07T01:30"), duties=[BROKEN])
    ScheduledRun.objects.update(finished_at=at("2026-12-07T01:30"))
    assert scheduler.run_due(at("2026-12-07T03:00"), duties=[BROKEN]) == []
    assert ScheduledRun.objects.get().attempts == 3


@pytest.mark.django_db
def test_one_failure_does_not_stop_the_other_duties():
    made = scheduler.run_due(at("2026-12-07T06:05"), duties=[BROKEN, MORNING])
    assert [r.status for r in made] == ["failed", "done"]


@pytest.mark.django_db
def test_a_run_being_done_elsewhere_is_left_alone_until_it_is_stale():
    ScheduledRun.objects.create(
        duty="test-morning",
        period="2026-12-07",
        status="running",
        started_at=at("2026-12-07T06:00"),
    )
    calls = []
    run = lambda *argv, **kw: calls.append(argv)  # noqa: E731
    assert scheduler.run_due(at("2026-12-07T06:30"), duties=[MORNING], command=run) == []
    # Two hours on, its process is taken for dead (killed mid-run): the run is taken over.
    (taken,) = scheduler.run_due(at("2026-12-07T08:01"), duties=[MORNING], command=run)
    assert taken.status == "done" and taken.attempts == 2 and len(calls) == 1


@pytest.mark.django_db
def test_the_command_lists_the_duties_and_a_failed_run_fails_the_command(capsys):
    call_command("schedule", "list")
    out = capsys.readouterr().out
    assert "targets-digest" in out and "每周一 08:30" in out and "尚未运行" in out
    with pytest.raises(CommandError, match="时间应写成"):
        call_command("schedule", "run", "--at", "昨天")
