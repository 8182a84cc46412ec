"""Demo employers and their job postings for the seed areas: what a county's job board holds.

Synthetic but plausible: local firms of the industries that employ most migrant workers (the 2024
monitoring survey's shares: manufacturing, construction, services, transport, catering),
with valid credit codes of their county, and postings with wages around the survey's averages.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from homeward.codes import phone, uscc
from homeward.employers.models import Employer
from homeward.regions.models import Level, Region
from homeward.scoping import unscoped

from .models import Posting, Status

BRANDS = "宏达 鑫源 华强 金宇 恒通 永盛 新世纪 德润 瑞丰 汇通 嘉禾 天成 联创 佳美 富康 长兴".split()

# industry: (name ending, size, [(title, occupation, wage_min, wage_max, unit, benefits,
#            age_min, age_max, education, work_type, skills)])
TEMPLATES = {
    "C": (
        "电子科技有限公司",
        "300-999",
        [
            (
                "普工",
                "装配工",
                4500,
                6000,
                "month",
                ["board", "lodging", "social_insurance"],
                18,
                45,
                "junior_high",
                "full_time",
                "能适应两班倒",
            ),
            (
                "电焊工",
                "焊工",
                6500,
                8000,
                "month",
                ["board", "social_insurance"],
                20,
                55,
                "none",
                "full_time",
                "持焊工证优先",
            ),
            (
                "质检员",
                "质检员",
                4800,
                5800,
                "month",
                ["board", "social_insurance"],
                18,
                40,
                "senior_high",
                "full_time",
                "视力良好",
            ),
        ],
    ),
    "E": (
        "建筑工程有限公司",
        "100-299",
        [
            (
                "钢筋工",
                "钢筋工",
                300,
                380,
                "day",
                ["board", "lodging"],
                20,
                60,
                "none",
                "seasonal",
                "有工地经验",
            ),
            (
                "木工",
                "木工",
                320,
                400,
                "day",
                ["board", "lodging"],
                20,
                60,
                "none",
                "seasonal",
                "会支模",
            ),
            (
                "水电安装工",
                "电工",
                6000,
                7500,
                "month",
                ["board"],
                20,
                55,
                "junior_high",
                "full_time",
                "持电工证",
            ),
        ],
    ),
    "G": (
        "物流有限公司",
        "50-99",
        [
            (
                "分拣员",
                "快递员",
                4500,
                5500,
                "month",
                ["board", "shuttle"],
                18,
                50,
                "none",
                "full_time",
                "能上夜班",
            ),
            (
                "货车司机",
                "汽车驾驶员",
                7000,
                9000,
                "month",
                ["social_insurance"],
                23,
                50,
                "junior_high",
                "full_time",
                "A2 或 B2 驾照",
            ),
            (
                "叉车工",
                "叉车司机",
                5500,
                6500,
                "month",
                ["board", "social_insurance"],
                20,
                50,
                "junior_high",
                "full_time",
                "持叉车证",
            ),
        ],
    ),
    "H": (
        "餐饮管理有限公司",
        "10-49",
        [
            (
                "厨师",
                "中式烹调师",
                5500,
                7500,
                "month",
                ["board", "lodging"],
                22,
                50,
                "none",
                "full_time",
                "会做本地菜",
            ),
            (
                "服务员",
                "餐厅服务员",
                3800,
                4500,
                "month",
                ["board", "lodging"],
                18,
                45,
                "none",
                "full_time",
                "",
            ),
            ("帮厨", "厨工", 3600, 4200, "month", ["board"], 18, 55, "none", "full_time", ""),
        ],
    ),
    "O": (
        "家政服务有限公司",
        "10-49",
        [
            (
                "保洁员",
                "保洁员",
                3200,
                4000,
                "month",
                ["social_insurance"],
                25,
                60,
                "none",
                "full_time",
                "吃苦耐劳",
            ),
            (
                "月嫂",
                "育婴员",
                7000,
                10000,
                "month",
                ["board", "lodging", "training"],
                25,
                55,
                "junior_high",
                "full_time",
                "持育婴员证优先",
            ),
            (
                "养老护理员",
                "养老护理员",
                4200,
                5000,
                "month",
                ["board", "training"],
                25,
                58,
                "junior_high",
                "full_time",
                "有爱心",
            ),
        ],
    ),
    "F": (
        "商贸有限公司",
        "10-49",
        [
            (
                "营业员",
                "营销员",
                3800,
                5000,
                "month",
                ["social_insurance"],
                18,
                45,
                "junior_high",
                "full_time",
                "",
            ),
            (
                "直播带货主播",
                "互联网营销师",
                4000,
                8000,
                "month",
                ["training"],
                18,
                40,
                "senior_high",
                "full_time",
                "普通话标准",
            ),
            ("理货员", "仓储管理员", 3800, 4500, "month", ["board"], 18, 50, "none", "gig", ""),
        ],
    ),
}
INDUSTRY_SHARES = {"C": 0.34, "E": 0.18, "G": 0.1, "H": 0.12, "O": 0.14, "F": 0.12}


def fill_jobs(areas, *, per_county: int = 8, seed: int = 1) -> tuple[int, int]:
    """Employers in each county of `areas`, each with two or three postings (most published).

    Does nothing when the areas already have employers. Returns (employers, postings).
    """
    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    with unscoped(), transaction.atomic():
        counties = [
            c
            for area in areas
            for c in Region.tree.filter(code__startswith=area, level=Level.COUNTY).order_by("code")
        ]
        if any(Employer.objects.in_area(area).exists() for area in areas):
            return 0, 0
        employers, postings = [], []
        serial = 0
        for county in counties:
            towns = list(Region.tree.filter(parent=county, level=Level.TOWN).order_by("code"))
            if not towns:
                continue
            for _ in range(per_county):
                serial += 1
                industry = rng.choices(list(INDUSTRY_SHARES), weights=INDUSTRY_SHARES.values())[0]
                ending, size, jobs = TEMPLATES[industry]
                town = rng.choice(towns)
                name = f"{county.name.removesuffix('区').removesuffix('县').removesuffix('市')}"
                employer = Employer(
                    name=f"{name}{rng.choice(BRANDS)}{ending}",
                    uscc=uscc.make(county.code, 10_000_000 + serial * 7919 % 9_000_000),
                    industry=industry,
                    region=town,
                    address=f"{town.name}工业路{rng.randint(1, 200)}号",
                    contact_person=rng.choice("王李张刘陈杨黄赵")
                    + rng.choice(["经理", "主管", "女士", "先生"]),
                    contact_phone=phone.normalize(
                        f"13{rng.randint(0, 9)}{rng.randint(10**7, 10**8 - 1)}"
                    ),
                    size=size,
                )
                employers.append(employer)
                for job in rng.sample(jobs, k=rng.choice([2, 3])):
                    (
                        title,
                        occupation,
                        low,
                        high,
                        unit,
                        benefits,
                        age_min,
                        age_max,
                        edu,
                        kind,
                        skills,
                    ) = job
                    published = rng.random() < 0.85
                    starts = today + timedelta(days=rng.randint(-20, 30))
                    postings.append(
                        Posting(
                            employer=employer,
                            title=title,
                            occupation=occupation,
                            headcount=rng.choice([1, 2, 3, 5, 10, 20, 30]),
                            wage_min=Decimal(low),
                            wage_max=Decimal(high),
                            wage_unit=unit,
                            region=town,
                            address=employer.address,
                            age_min=age_min,
                            age_max=age_max,
                            education_min=edu,
                            skills=skills,
                            benefits=benefits,
                            work_type=kind,
                            starts_on=starts,
                            ends_on=starts + timedelta(days=rng.choice([60, 90, 120, 180])),
                            status=Status.PUBLISHED if published else Status.DRAFT,
                            published_at=now if published else None,
                        )
                    )
        for employer in employers:
            employer.save()
        for posting in postings:
            posting.employer_id = posting.employer.pk
        Posting.objects.bulk_create(postings)
    return len(employers), len(postings)
