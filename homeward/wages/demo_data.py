"""Demo wage protection: construction projects in the seed areas with rosters, attendance and
payroll loaded through the importers, so that each of the nine rules fires somewhere; one project
complete with every prerequisite; one arrears clue followed to recovery.

Everything is made through `services` (projects, sheet imports, scans, the clue's steps), dated
relative to today so the warnings stay live. Idempotent: an area that has projects is kept.
"""

import json
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.utils import timezone

from homeward.codes import idnumber
from homeward.employers.models import Employer
from homeward.regions.codes import city_of
from homeward.regions.models import Level, Region
from homeward.scoping import area_scope, unscoped

from . import services
from .models import ArrearsClue, ClueState, Project

ROSTER_HEAD = (
    "姓名,身份证号,手机号,班组,是否签订劳动合同,合同签订日期,计薪方式,约定工资,进场日期,离场日期"
)
PAYROLL_HEAD = "身份证号,姓名,工资月份,发放日期,出勤天数,基本工资,实发金额,银行凭证号,是否专户发放"
ATTENDANCE_HEAD = "身份证号,月份,出勤天数"
DEMO_CARD = "6222021234567890128"  # a made-up card number with a valid check digit
# A 1×1 PNG: the rights notice board's photo of the complete project.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _month(today: date, back: int) -> date:
    day = today.replace(day=1)
    for _ in range(back):
        day = (day - timedelta(days=1)).replace(day=1)
    return day


def _next(month: date, day: int) -> date:
    return (month + timedelta(days=32)).replace(day=day)


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def _plan(today: date):
    """Five projects: (suffix, name, ready, ended, people, attendance, payroll).

    People are (n, name, basis, wage, joined, left); attendance (n, month, days); payroll
    (n, month, paid_on, days, amount, from the special account)."""
    m0, m1 = _month(today, 3), _month(today, 2)  # both past their deadline (end of next month)
    joined = _month(today, 5)
    on_time0, on_time1 = _next(m0, 10), _next(m1, 10)
    late0 = _next(m0, 1) + timedelta(days=40)  # after the last day of m0 + 1
    left = m1.replace(day=15)
    return [
        (
            "1",
            "保障性安居工程（一期）",
            True,
            None,
            [(1, "周建国", "按日", 300, joined, None), (2, "吴海峰", "按月", 6500, joined, None)],
            [(1, m0, 20), (1, m1, 21), (2, m0, 22), (2, m1, 22)],
            [
                (1, m0, on_time0, 20, 6000, "是"),
                (1, m1, on_time1, 21, 6300, "是"),
                (2, m0, on_time0, 22, 6500, "是"),
                (2, m1, on_time1, 22, 6500, "是"),
            ],
        ),
        (
            "2",
            "城南学校教学楼",
            False,
            None,
            [
                (1, "郑德明", "按日", 280, joined, None),
                (2, "冯小军", "按日", 280, joined, None),
                (3, "陈玉兰", "按月", 1000, joined, None),
                (4, "褚大伟", "按日", 300, joined, None),
                (5, "卫志强", "按日", 260, joined, left),
            ],
            [(1, m0, 20), (1, m1, 20), (2, m0, 20), (3, m0, 20), (4, m0, 20), (5, m1, 10)],
            [
                (1, m0, on_time0, 20, 5600, "是"),
                (2, m0, on_time0, 20, 5600, "是"),
                (3, m0, on_time0, 20, 1000, "是"),  # below the minimum wage
                (4, m0, on_time0, 20, 60000, "是"),  # one man paid the whole team
            ],
        ),
        (
            "3",
            "滨河路市政改造",
            False,
            None,
            [(1, "蒋立平", "按日", 300, joined, None), (2, "沈国华", "按日", 300, joined, None)],
            [(1, m0, 20), (2, m0, 20)],
            [
                (1, m0, on_time0, 20, 4500, "是"),  # three quarters of what is due
                (2, m0, on_time0, 20, 6000, "否"),  # not from the special account
            ],
        ),
        (
            "4",
            "农贸市场改建",
            False,
            None,
            [(1, "韩春生", "按日", 250, joined, None)],
            [(1, m0, 20)],
            [(1, m0, late0, 20, 5000, "是")],  # paid, but after the deadline
        ),
        (
            "5",
            "产业园标准厂房",
            False,
            m1.replace(day=28),
            [(1, "杨永福", "按日", 300, joined, None), (2, "朱桂芳", "按日", 300, joined, None)],
            [(1, m1, 22), (2, m1, 22)],
            [(1, m1, on_time1, 22, 6600, "是")],  # the other one is not settled after completion
        ),
    ]


def _place(area: str):
    """The first county of the area (or the area itself) and a town of it."""
    region = Region.tree.get(code=area)
    county = (
        region
        if region.level == Level.COUNTY
        else Region.tree.filter(code__startswith=area, level=Level.COUNTY).order_by("code").first()
    )
    town = Region.tree.filter(parent=county, level=Level.TOWN).order_by("code").first()
    return county, town


# Where the demo projects stand around their county's centre (degrees north, east), each inside the
# boundary of 宿城区, 内江市中区 and 湘乡市 (checked against the vendored GeoJSON); the last one has no
# position, so the map's "未标注位置" list shows something.
SITE_OFFSETS = ((0.0, 0.0), (-0.03, -0.02), (0.0, -0.04), (-0.04, 0.02), None)


def _site(county, n: int) -> dict:
    """A plausible position of the demo's n-th project: near the county's centre point as the
    vendored boundary file gives it (none if the file lacks the county)."""
    offset = SITE_OFFSETS[n % len(SITE_OFFSETS)]
    path = finders.find(f"vendor/echarts-china-cities/{city_of(county.code)}.geojson")
    if offset is None or not path:
        return {}
    with open(path, encoding="utf-8") as f:
        features = json.load(f)["features"]
    centre = next((f["properties"].get("cp") for f in features if f.get("id") == county.code), None)
    if not centre:
        return {}
    lon, lat = centre
    return {
        "latitude": Decimal(f"{lat + offset[0]:.6f}"),
        "longitude": Decimal(f"{lon + offset[1]:.6f}"),
    }


def _contractor(county):
    employers = Employer.objects.in_area(county.code).order_by("pk")
    return employers.filter(name__contains="建筑").first() or employers.first()


def fill_wages(areas, *, today: date | None = None) -> dict:
    """Projects, sheets, warnings and one recovered clue per seed area. Returns counts."""
    from homeward.accounts.models import User

    today = today or timezone.localdate()
    made = {"projects": 0, "warnings": 0, "clues": 0}
    for area in areas:
        with unscoped():
            county, town = _place(area)
            if county is None or town is None:
                continue
            if Project._base_manager.filter(region__code__startswith=county.code).exists():
                continue
            contractor = _contractor(county)
            if contractor is None:
                continue
            by = User.objects.filter(username=f"demo-{area}-county").first()
        with area_scope(county.code):
            projects = _fill_county(county, town, contractor, today, by, made)
            _follow_clue(county, projects, today, by, made)
    return made


def _fill_county(county, town, contractor, today, by, made) -> dict:
    projects = {}
    for n, (suffix, name, ready, ended, people, attendance, payroll) in enumerate(_plan(today)):
        fields = dict(
            code=f"DEMO-{county.code}-{suffix}",
            name=f"{county.name}{name}",
            region=town,
            owner=f"{county.name}住房和城乡建设局",
            contractor=contractor,
            contract_value=Decimal(8_000_000 + n * 3_500_000),
            start_on=_month(today, 6),
            planned_end_on=_month(today, -6),
            status="completed" if ended else "building",
            ended_on=ended,
            labour_officer="刘会计" if n != 2 else "",
            labour_cost_cycle_days=30 if n != 3 else None,
            **_site(county, n),
        )
        if ready:
            fields.update(
                account_bank="中国农业银行",
                account_number=f"62284800{county.code}{n:05d}",
                deposit_amount=fields["contract_value"] * Decimal("0.02"),
                deposit_form="cash",
                injury_insurance_policy=f"GS{today:%Y}-{county.code}-{n + 1}",
            )
        project = services.add_project(by=by, **fields)
        if ready:
            project.notice_board_photo.save(f"board-{project.pk}.png", ContentFile(PIXEL))
        made["projects"] += 1
        ids = {
            p[0]: idnumber.make(
                county.code, date(1975 + p[0], 3, 1 + n), 400 + n * 10 + p[0], p[0] % 2 == 1
            )
            for p in people
        }
        roster = [ROSTER_HEAD] + [
            f"{pname},{ids[k]},,{'木工班' if k % 2 else '钢筋班'},是,{j:%Y-%m-%d},{basis},{wage},"
            f"{j:%Y-%m-%d},{left:%Y-%m-%d}"
            if left
            else f"{pname},{ids[k]},,{'木工班' if k % 2 else '钢筋班'},是,{j:%Y-%m-%d},{basis},{wage},"
            f"{j:%Y-%m-%d},"
            for k, pname, basis, wage, j, left in people
        ]
        names = {p[0]: p[1] for p in people}
        days = [ATTENDANCE_HEAD] + [f"{ids[k]},{m:%Y-%m},{d}" for k, m, d in attendance]
        pay = [PAYROLL_HEAD] + [
            f"{ids[k]},{names[k]},{m:%Y-%m},{paid:%Y-%m-%d},{d},{amount},{amount},"
            f"YH{paid:%Y%m%d}{k:03d},{special}"
            for k, m, paid, d, amount, special in payroll
        ]
        for kind, lines in (("roster", roster), ("attendance", days), ("payroll", pay)):
            report = services.import_sheet(
                project, kind, _csv(*lines), f"{project.code}-{kind}.csv", by=by
            )
            if report.errors:
                raise services.WageError(f"{project.code} {kind}: {report.errors[:3]}")
        made["warnings"] += services.scan_project(project, as_of=today).raised
        projects[suffix] = project
    return projects


def _follow_clue(county, projects, today, by, made) -> None:
    """A worker's report on the school project: accepted, ordered to pay, paid, closed."""
    from homeward.workers.models import Worker

    worker = (
        Worker._base_manager.filter(region__code__startswith=county.code).order_by("pk").first()
    )
    project = projects.get("2")
    if worker is None or project is None:
        return
    if ArrearsClue._base_manager.filter(project=project).exists():
        return
    clue = services.report_unpaid(
        worker,
        project=project,
        month=_month(today, 2),
        amount=Decimal("5600.00"),
        description="上月工资至今未发，班组长说总包没拨款。",
    )
    services.add_clue_evidence(
        clue, ContentFile(PIXEL, name="工资条.png"), description="三月工资条", worker=worker
    )
    services.set_bank_card(clue, DEMO_CARD, worker=worker)
    services.move_clue(clue, ClueState.ACCEPTED, by=by)
    services.move_clue(clue, ClueState.INVESTIGATING, by=by)
    inspection = services.record_inspection(
        employer=project.contractor,
        kind="complaint",
        inspected_on=today,
        findings="工资支付台账缺少上月发放记录，维权信息告示牌未公示劳资专管员电话。",
        violations=True,
        project=project,
        clue=clue,
        by=by,
    )
    services.order_rectification(
        inspection,
        requirements="补发上月工资并补全工资支付台账；告示牌公示劳资专管员电话。",
        due_on=today + timedelta(days=10),
        by=by,
    )
    services.move_clue(clue, ClueState.ORDERED, by=by, pay_by=today + timedelta(days=7))
    services.move_clue(clue, ClueState.PAID, by=by, amount_recovered=Decimal("5600.00"))
    services.move_clue(clue, ClueState.CLOSED, by=by)
    made["clues"] += 1
    # A large case (12 people): supervised by the city at once (督办), the county replies.
    large = services.report_unpaid(
        worker,
        project=projects.get("1") or project,
        month=_month(today, 3),
        amount=Decimal("126000.00"),
        people=12,
        description="木工班12人三个月工资未发。",
    )
    made["clues"] += 1
    notice = large.supervisions.first()
    if notice is not None:
        services.reply_supervision(notice, reply="已立案调查，责令总包单位限期支付。", by=by)
