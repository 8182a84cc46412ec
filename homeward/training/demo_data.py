"""Demo training (`homeward demo`): in each seed area a provider and courses — one finished
eight months ago with its roster completed, assessed and certified, one running now — and the
people's starts of work after it as status events, so employment after training is computed
from records like any other; and 内江's labour brands 甜嫂 (with its course), 青石雕刻工 and 夏布画工.

Fast and idempotent: nothing is written when a course already exists in the seed areas.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from homeward.regions.models import Level, Region
from homeward.scoping import limit_to_area, unscoped
from homeward.workers.models import Worker
from homeward.workers.services import record_status

from .models import Assessment, Attendance, Brand, Certificate, Course, Enrolment, Provider
from .outcomes import add_months

NEIJIANG = "5110"
BRANDS = [
    {
        "name": "甜嫂",
        "occupations": "housekeeper,childcare,cook",
        "standards": "持家政服务员或育婴员职业技能等级证书；统一服务规范、统一着装；岗前培训不少于 40 课时。",
        "recognition": Brand.Recognition.PROVINCIAL,
        "description": "内江家政服务劳务品牌：月嫂、育婴、家政和家常菜烹饪。",
    },
    {
        "name": "青石雕刻工",
        "occupations": "other",
        "standards": "掌握青石雕刻、打磨技艺，取得专项职业能力证书；作品统一质量标准。",
        "recognition": Brand.Recognition.CITY,
        "description": "内江青石雕刻手艺，石雕园区和家门口作坊就业。",
    },
    {
        "name": "夏布画工",
        "occupations": "other",
        "standards": "掌握夏布绘画、装裱技艺，取得专项职业能力证书。",
        "recognition": Brand.Recognition.CITY,
        "description": "隆昌夏布上的绘画手艺，居家灵活就业。",
    },
]
COURSES = [  # (title, occupation, level, hours, place)
    ("焊工（五级）培训班", "welder", "5", 80, Course.Place.PROVIDER),
    ("送培入乡·家政服务员", "housekeeper", "special", 40, Course.Place.VILLAGE),
    ("电子厂门口·装配工岗前培训", "assembler", "5", 24, Course.Place.FACTORY),
    ("直播带货（互联网营销师）线上班", "livestreamer", "4", 60, Course.Place.ONLINE),
]


def fill_training(areas, *, seed: int = 13) -> dict:
    counts = {"courses": 0, "completed": 0, "brands": 0}
    rng = random.Random(seed)
    today = timezone.localdate()
    with unscoped(), transaction.atomic():
        if any(Course.objects.in_area(area).exists() for area in areas):
            return counts
        brands = {}
        if any(area.startswith(NEIJIANG) for area in areas):
            for fields in BRANDS:
                brand = Brand(region_id=NEIJIANG, trademark_number="", **fields)
                brand.save()
                brands[brand.name] = brand
                counts["brands"] += 1
        for area in areas:
            county = (
                Region.tree.filter(code__startswith=area, level=Level.COUNTY)
                .order_by("code")
                .first()
            )
            town = (
                county
                and Region.tree.filter(parent=county, level=Level.TOWN).order_by("code").first()
            )
            if town is None:
                continue
            people = list(limit_to_area(Worker.objects.all(), county.code).order_by("pk")[:60])
            if len(people) < 20:
                continue
            provider = Provider(
                name=f"{county.name}技工学校",
                kind=Provider.Kind.TECHNICAL_SCHOOL,
                region_id=town.code,
                licence=f"{county.code}00001",
            )
            provider.save()
            for n, (title, occupation, level, hours, place) in enumerate(COURSES):
                finished = n % 2 == 0
                ends = add_months(today, -8) if finished else today + datetime.timedelta(days=20)
                course = Course(
                    provider=provider,
                    title=title,
                    occupation=occupation,
                    level=level,
                    hours=hours,
                    starts_on=ends - datetime.timedelta(days=max(hours // 8, 3)),
                    ends_on=ends,
                    place_kind=place,
                    region_id=town.code,
                    capacity=30,
                    is_subsidised=place != Course.Place.ONLINE,
                    brand=brands.get("甜嫂")
                    if area == NEIJIANG and occupation == "housekeeper"
                    else None,
                )
                course.save()
                counts["courses"] += 1
                roster = people[n * 12 : n * 12 + 10]
                for person in roster:
                    counts["completed"] += _enrol(course, person, finished, rng)
    return counts


def _enrol(course: Course, person: Worker, finished: bool, rng: random.Random) -> int:
    enrolment = Enrolment(
        course=course,
        worker=person,
        region_id=course.region_id,
        source=Enrolment.Source.STAFF,
        enrolled_on=course.starts_on - datetime.timedelta(days=7),
        status=Enrolment.Status.ATTENDING,
    )
    enrolment.save()
    Attendance(enrolment=enrolment, region_id=course.region_id, day=course.starts_on).save()
    if not finished:
        return 0
    if rng.random() < 0.1:
        enrolment.status, enrolment.dropped_on = Enrolment.Status.DROPPED, course.starts_on
        enrolment.save(update_fields=["status", "dropped_on"])
        return 0
    enrolment.status, enrolment.completed_on = Enrolment.Status.COMPLETED, course.ends_on
    enrolment.save(update_fields=["status", "completed_on"])
    passed = rng.random() < 0.9
    Assessment(
        enrolment=enrolment,
        region_id=course.region_id,
        assessed_on=course.ends_on,
        passed=passed,
        score=rng.randint(75, 98) if passed else rng.randint(40, 59),
    ).save()
    if passed:
        Certificate(
            enrolment=enrolment,
            worker=person,
            region_id=person.region_id,
            kind=Certificate.Kind.SPECIAL
            if course.level == "special"
            else Certificate.Kind.SKILL_LEVEL,
            number=f"DEMO{course.pk:04d}{person.pk:08d}",
            occupation=course.occupation,
            level=course.level,
            issued_on=course.ends_on,
        ).save()
    if rng.random() < 0.85:  # most find work within six months: a status event says so
        record_status(
            person,
            status=rng.choice(["local_employed", "out_migrant"]),
            occurred_on=course.ends_on + datetime.timedelta(days=rng.randint(5, 150)),
            source="survey",
            work_place=f"{course.provider.name}推荐企业",
        )
    return 1
