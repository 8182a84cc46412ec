"""The platform's periodic duties and when each falls due (pure: no Django).

Each duty is one of the platform's own commands — the same front door an operator types — run
once per period (a day, an ISO week, a month) at or after its hour in Asia/Shanghai. `period`
names the period a moment falls in and whether the duty is due then; `scheduler.run_due` claims
each due (duty, period) once in the database, so several servers or a cron line beside
`homeward serve` never run a duty twice in one period.

A period that passes while nothing runs (the server down from before a duty's hour to the next
period) is not made up: every duty here looks at the state of its day (what is overdue, due or
ended now), so the next run covers what the missed one would have.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DAILY, WEEKLY, MONTHLY = "daily", "weekly", "monthly"


@dataclass(frozen=True)
class Duty:
    name: str
    argv: tuple[str, ...]  # a `homeward` command line
    cadence: str  # DAILY, WEEKLY (on Mondays) or MONTHLY (on the 1st)
    at: dt.time  # local time (Asia/Shanghai) from which it is due
    why: str  # in Chinese, for the operator's list


DUTIES: tuple[Duty, ...] = (
    Duty("subsidies-notices", ("subsidies", "close-notices"), DAILY, dt.time(0, 10),
         "补贴公示期满的名单转入下一步"),
    Duty("welfare-notices", ("welfare", "notices"), DAILY, dt.time(0, 15),
         "公益性岗位公示期满、无异议的人员上岗"),
    Duty("accounts-inactive", ("accounts", "disable-inactive"), DAILY, dt.time(2, 0),
         "停用长期未登录的工作人员账号"),
    Duty("uploads-purge", ("uploads", "purge"), DAILY, dt.time(2, 30),
         "删除超过保存期、未确认导入的台账文件"),
    Duty("background-purge", ("background", "purge"), DAILY, dt.time(3, 0),
         "删除已过期的后台任务结果文件"),
    Duty("audit-purge", ("audit", "purge"), DAILY, dt.time(3, 30),
         "删除超过保存期的审计记录（至少保留 184 天）"),
    Duty("loans-overdue", ("loans", "overdue"), DAILY, dt.time(6, 0),
         "创业担保贷款逾期期次标记并提醒经办人"),
    Duty("disputes-remind", ("disputes", "remind"), DAILY, dt.time(8, 0),
         "争议案件法定期限临近的提醒"),
    Duty("followups-notify", ("followups", "notify"), DAILY, dt.time(9, 0),
         "稳岗回访到期的站内消息"),
    Duty("targets-snapshot", ("targets", "snapshot"), DAILY, dt.time(23, 30),
         "目标任务当天进度留档（历史曲线）"),
    Duty("targets-digest", ("targets", "digest"), WEEKLY, dt.time(8, 30),
         "每周一给责任单位发工作清单周报"),
)  # fmt: skip

BY_NAME = {duty.name: duty for duty in DUTIES}


def period(duty: Duty, now: dt.datetime) -> tuple[str, dt.datetime]:
    """The key of the period `now` (local time) falls in, and the moment the duty falls due in it."""
    day = now.date()
    if duty.cadence == DAILY:
        key, first = day.isoformat(), day
    elif duty.cadence == WEEKLY:
        year, week, weekday = day.isocalendar()
        key, first = f"{year}-W{week:02d}", day - dt.timedelta(days=weekday - 1)
    elif duty.cadence == MONTHLY:
        key, first = f"{day:%Y-%m}", day.replace(day=1)
    else:
        raise ValueError(f"unknown cadence {duty.cadence!r}")
    return key, dt.datetime.combine(first, duty.at, tzinfo=now.tzinfo)


def due(duty: Duty, now: dt.datetime) -> str | None:
    """The period's key when the duty is due at `now`, else None (before its hour)."""
    key, from_ = period(duty, now)
    return key if now >= from_ else None
