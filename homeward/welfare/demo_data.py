"""Demo public-welfare posts (`homeward demo`): in the first seed area's demo village, a cleaning
post and a forest-ranger post; three eligible people of the village applied for by the village
clerk, reviewed by the town and approved by the county five months ago (the notice long passed),
so three appointments run; two holders' attendance for the last three months, the third's not
(the exit checks flag a ghost post); the oldest month's stipends paid in one batch (its bank
return imported as paid), the later months left for the county to submit.

Through the services with dates of the past (`today=`); the clock is not touched. Idempotent:
an area with posts is left as it is.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from homeward.accounts.models import Role, User
from homeward.disputes.holidays import platform_calendar
from homeward.regions.codes import county_of
from homeward.regions.models import Region
from homeward.scoping import limit_to_area, unscoped
from homeward.workers.models import Worker

from . import rules, services
from .models import Post

CARD = "6222021234567890128"


def fill_welfare(areas) -> dict:
    made = {"posts": 0, "holders": 0, "months": 0, "paid": 0}
    with unscoped():
        for area in areas[:1]:
            _fill(area, made)
    return made


def _fill(area: str, made: dict) -> None:
    from homeward.subsidies import services as subsidies

    villages = limit_to_area(Region.tree.filter(level="village"), area, "code").values("code")
    clerk = (
        User.objects.filter(username__startswith="demo-", region_id__in=villages, is_active=True,
                            role=Role.STAFF)
        .order_by("pk")
        .first()
    )  # fmt: skip
    if clerk is None or limit_to_area(Post._base_manager.all(), area).exists():
        return
    village = clerk.region
    today = timezone.localdate()
    started = rules.previous_month(rules.first_of_month(today), 5)
    # The notice counts the platform calendar's working days: approve in a year it knows (the
    # package's newest year may lag behind today's until an administrator enters the next one).
    known = max(platform_calendar().years)
    if started.year > known:
        started = date(known, 11, 2)
    while started.weekday() >= 5:
        started += timedelta(days=1)
    people = [
        w
        for w in Worker._base_manager.filter(region=village).order_by("pk")
        if services.judge(w, is_disabled=False, today=started).eligible
    ][:3]
    if len(people) < 3:
        return
    with transaction.atomic():
        cleaning = services.save_post(
            by=None, title=f"{village.name}保洁员", kind=Post.Kind.CLEANING, region=village,
            headcount=3, monthly_stipend=1500, term_months=12, notice_days=5,
            duties="村道、公共场所日常保洁，垃圾分类督导", is_open=True,
        )  # fmt: skip
        ranger = services.save_post(
            by=None, title=f"{village.name}护林员", kind=Post.Kind.FOREST, region=village,
            headcount=1, monthly_stipend=1200, term_months=12, notice_days=5,
            duties="林区巡护、防火宣传", is_open=True,
        )  # fmt: skip
        made["posts"] += 2
        appointments = []
        for post, person in zip((cleaning, cleaning, ranger), people, strict=True):
            application = services.apply_for_post(
                post, person, bank_name="中国农业银行", bank_account=CARD, by=None, today=started
            )
            services.review_application(application, passed=True, by=None)
            application = services.approve_application(
                application, passed=True, by=None, today=started
            )
            after = application.notice_ends_on + timedelta(days=1)
            appointments.append(services.start_appointment(application, today=after))
        made["holders"] = len(appointments)
        # The last three whole months; the ranger (the third) records nothing: a ghost post.
        months = [rules.previous_month(rules.first_of_month(today), n) for n in (3, 2, 1)]
        for month in months:
            rows = [
                services.AttendanceRow(a, 22 - i * 4, 22)
                for i, a in enumerate(appointments[:2])
                if services.on_post_in(a, month)
            ]
            if rows:
                services.record_attendance(month, rows, by=None, today=today)
                made["months"] += 1
        batch, lines = services.pay_month(county_of(village.code), months[0], by=None, today=today)
        refs = [f"{p.reference},成功," for p in batch.payments.all()]
        subsidies.import_return(batch, "\n".join(refs).encode(), by=None)
        made["paid"] = lines
