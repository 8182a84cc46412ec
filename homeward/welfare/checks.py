"""Exit checks of public-welfare posts (清退核查), read through the scoped managers: the viewer's
area's active appointments, each flag with its holder (the page links to the person).

- ghost post (空岗/吃空饷): on the post for the last two whole months, no day worked in them;
- double post: the holder has two or more active appointments (anywhere: a post in another
  county still counts against this one);
- working away: the registry's current place of work lies outside the post's county, the
  registry says they work away, or a hire elsewhere is recorded since the contract began;
- term expired: the contract's end has passed and the appointment is still active.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.regions import codes

from . import rules
from .models import Appointment, Attendance

KINDS = {
    "ghost": _("ghost post: no attendance for two months"),
    "double": _("double post: one person on two posts"),
    "away": _("holder working away"),
    "term": _("term expired"),
}


@dataclass
class Flag:
    kind: str
    appointment: Appointment
    detail: str

    @property
    def label(self):
        return KINDS[self.kind]


def exit_checks(*, today: date | None = None) -> list[Flag]:
    from homeward.placements.models import Application as Placement

    today = today or timezone.localdate()
    this_month = rules.first_of_month(today)
    since = rules.previous_month(this_month, 2)
    active = list(
        Appointment.objects.filter(status=Appointment.Status.ACTIVE)
        .select_related("post", "holder", "holder__work_region", "region")
        .order_by("region_id", "pk")
    )
    ids = [a.pk for a in active]
    worked = set(
        Attendance._base_manager.filter(
            appointment_id__in=ids, month__gte=since, month__lt=this_month, days_worked__gt=0
        ).values_list("appointment_id", flat=True)
    )
    holders = {a.holder_id for a in active}
    doubles = dict(
        Appointment._base_manager.filter(holder_id__in=holders, status=Appointment.Status.ACTIVE)
        .values("holder_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("holder_id", "n")
    )
    hires = {}
    for worker_id, region_id, hired_on in Placement._base_manager.filter(
        worker_id__in=holders, status="hired"
    ).values_list("worker_id", "posting__region_id", "hired_on"):
        hires.setdefault(worker_id, []).append((region_id, hired_on))
    flags = []
    for a in active:
        county = codes.county_of(a.region_id)
        if a.starts_on <= since and a.pk not in worked:
            flags.append(Flag("ghost", a, f"{since:%Y-%m} 起两个月无出勤"))
        if a.holder_id in doubles:
            flags.append(Flag("double", a, f"同时在 {doubles[a.holder_id]} 个岗位"))
        holder = a.holder
        if holder.work_region_id and not codes.covers(county, holder.work_region_id):
            flags.append(Flag("away", a, f"登记的现工作地：{holder.work_region.name}"))
        elif holder.status == "out_migrant":
            flags.append(Flag("away", a, "登记状态为外出务工"))
        else:
            for region_id, hired_on in hires.get(holder.pk, []):
                if hired_on and hired_on >= a.starts_on and not codes.covers(county, region_id):
                    flags.append(Flag("away", a, f"{hired_on:%Y-%m-%d} 在外地入职"))
                    break
        if a.ends_on < today:
            flags.append(Flag("term", a, f"合同已于 {a.ends_on:%Y-%m-%d} 到期"))
    return flags
