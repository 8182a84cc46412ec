"""Demo returnee ventures, through the services: in 宿迁 and 内江 the founders of the demo
loans run a venture each (五小创业 and an e-station) in their town with a recorded employee or
two, a mentor's visit; a park each (宿迁's incubator with the "五位一体" services, 内江's startup
park); 内江's 一站一企一专班 (a finance, a legal and a government liaison officer) with a visit
and a problem solved; and 内江's 返乡下乡创业明星评选 open for votes, with a few votes cast (today and yesterday) by
people signed up on the portal; 宿迁's 返乡创业联盟 with the demo founders as members, a training
and a meeting; 宿迁's 返乡创业大赛 run to its end (five judges in the preliminary round — the
highest and lowest dropped —, one of them recused from an entry, the top two advanced, the final
scored and awarded); 内江's 创业专家服务团 (finance, legal, market) on a 基层行 visit to a town,
serving its founders, with a problem solved and one referred."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from homeward.codes import uscc
from homeward.regions.codes import county_of, town_of
from homeward.scoping import unscoped
from homeward.workers.models import Worker

from . import services
from .models import Alliance, Competition, ExpertTeam, Liaison, Park, Showcase, Venture

CITIES = {
    "3213": (
        "宿迁市返乡创业孵化基地",
        "incubator",
        ["policy", "training", "service", "space", "publicity"],
    ),
    "5110": ("内江市返乡下乡创业园", "park", ["policy", "space", "finance", "legal"]),
}
KINDS = ["ecommerce", "factory", "farm", "estation_village"]
NAMES = ["返乡小电商", "夏布加工坊", "生态种养家庭农场", "村居e站"]
LIAISONS = [("finance", "王金融", "内江农商银行"), ("legal", "赵律师", "内江市法律援助中心"),
            ("government", "刘政务", "内江市农民工服务中心")]  # fmt: skip


def _voters(city: str) -> list[Worker]:
    """Nine people of the city signed up on the portal (bound through the portal's own service,
    with a demo number when their record holds none) so they vote with a verified phone."""
    from homeward.workers import self_service
    from homeward.workers.models import WorkerAccount

    voters = []
    people = Worker.objects.filter(region__code__startswith=city)
    for person in people.order_by("-pk")[:9]:
        if not WorkerAccount.objects.filter(worker=person).exists():
            try:
                phone = person.phone or f"137{person.pk % 10**8:08d}"
                self_service.bind(phone, person.id_number, person.name)
            except (self_service.NoMatch, self_service.BindRefused):
                continue
        voters.append(person)
    return voters


def _alliance(city: str, ventures: list[Venture], today: date) -> None:
    """宿迁's 返乡创业联盟: the demo ventures' founders as members, a training last year and a
    meeting today with everyone."""
    alliance = services.create_alliance(
        Alliance(name="宿迁市返乡创业联盟", kind="alliance", region_id=city,
                 founded_on=date(2023, 6, 1)),
        by=None,
    )  # fmt: skip
    members = [
        services.add_member(alliance, venture=v, joined_on=date(2025, 2, 1), by=None)
        for v in ventures
    ]
    services.record_event(
        alliance, kind="training", title="电商直播带货培训", on=date(2025, 6, 15),
        place="宿迁市返乡创业孵化基地", attendees=members[:2], by=None,
    )  # fmt: skip
    services.record_event(
        alliance, kind="meeting", title="联盟年度会员大会", on=today,
        place="宿迁市人社局会议室", attendees=members, by=None,
    )  # fmt: skip


CRITERIA = [("商业模式", 30), ("创新性", 20), ("带动就业", 30), ("市场前景", 20)]
JUDGES = [("王教授", "宿迁学院"), ("李行长", "宿迁农商银行"), ("张总", "宿迁市创业导师团"),
          ("陈主任", "宿迁市人社局"), ("周律师", "宿迁市法律援助中心")]  # fmt: skip


def _competition(city: str, ventures: list[Venture], today: date) -> None:
    """宿迁's competition: the ventures entered, five judges scoring the preliminary round (the
    highest and lowest of each entry dropped), one judge recused, the top two advanced, three
    judges in the final, awards."""
    held = today - timedelta(days=30)
    competition = services.create_competition(
        Competition(name=f"宿迁市第{held.year - 2016}届返乡创业大赛", region_id=city,
                    year=held.year),
        by=None,
    )  # fmt: skip
    criteria = [
        services.add_criterion(competition, name=name, weight=weight, by=None)
        for name, weight in CRITERIA
    ]
    prelim = services.add_round(competition, stage="preliminary", held_on=held, by=None)
    final = services.add_round(competition, stage="final", held_on=today - timedelta(days=10),
                               by=None)  # fmt: skip
    entries = [services.enter_contestant(competition, venture=v, by=None) for v in ventures]
    judges = [services.add_judge(prelim, name=n, organisation=o, by=None) for n, o in JUDGES]
    services.declare_conflict(judges[4], entries[-1], reason="亲属关系", by=None)
    for e, entry in enumerate(entries):
        for j, judge in enumerate(judges):
            if j == 4 and e == len(entries) - 1:
                continue  # recused
            base = 88 - 7 * e + (j * 3) % 7 - (5 if j == 1 else 0)
            values = {c: min(c.max_score, base + k) for k, c in enumerate(criteria)}
            services.record_scores(prelim, judge, entry, values, by=None)
    services.close_round(prelim, by=None)
    services.advance_top(prelim, count=min(2, len(entries)), by=None)
    finalists = list(services.contestants_of(final))
    for n, o in JUDGES[:3]:
        judge = services.add_judge(final, name=n, organisation=o, by=None)
        for f, entry in enumerate(finalists):
            values = {c: 90 - 4 * f + k for k, c in enumerate(criteria)}
            services.record_scores(final, judge, entry, values, by=None)
    services.close_round(final, by=None)
    for standing, title in zip(services.standings(final), ("一等奖", "二等奖"), strict=False):
        services.grant_award(competition, standing.contestant, title=title,
                             awarded_on=today - timedelta(days=9), by=None)  # fmt: skip


EXPERTS = [("孙会计", "finance", "内江农商银行"), ("吴律师", "legal", "内江市律师协会"),
           ("郑经理", "market", "内江市电商协会")]  # fmt: skip


def _field_visit(city: str, ventures: list[Venture], today: date) -> None:
    """内江's expert team on a 基层行 visit to the first venture's town: its founders served, a
    loan question solved, a trademark question referred."""
    team = services.create_team(ExpertTeam(name="内江市返乡创业专家服务团", region_id=city),
                                by=None)  # fmt: skip
    experts = [
        services.add_expert(team, name=n, field=f, organisation=o, by=None) for n, f, o in EXPERTS
    ]
    town = ventures[0].region_id
    visit = services.record_visit(team, region=town, on=today - timedelta(days=12),
                                  place="镇便民服务中心", experts=experts, by=None)  # fmt: skip
    here = [v for v in ventures if v.region_id == town] or ventures[:1]
    served = [services.serve_at_visit(visit, venture=v, by=None) for v in here]
    loan = services.raise_problem(served[0], field="finance", text="创业担保贷款怎么申请",
                                  by=None)  # fmt: skip
    services.move_problem(loan, status="solved", on=today - timedelta(days=5),
                          note="现场讲解并代为递交申请", by=None)  # fmt: skip
    mark = services.raise_problem(served[-1], field="legal", text="夏布产品商标注册", by=None)
    services.move_problem(mark, status="referred", note="转市场监管局", by=None)


def fill_ventures(areas) -> int:
    """Returns the ventures made (0 when the demo already has them)."""
    from homeward.loans.models import Loan

    with unscoped(), transaction.atomic():
        if Venture.objects.exists():
            return 0
        today = timezone.localdate()
        made = 0
        for city, (park_name, park_kind, park_services) in CITIES.items():
            if city not in areas:
                continue
            park = services.save_park(
                Park(name=park_name, kind=park_kind, region_id=city, capacity=20,
                     services=park_services),
                by=None,
            )  # fmt: skip
            founders = [
                loan.worker
                for loan in Loan.objects.filter(region__code__startswith=city, worker__isnull=False)
                .select_related("worker")
                .order_by("pk")
            ]
            ventures = []
            for n, founder in enumerate(founders[:4]):
                place = town_of(founder.region_id)
                venture = services.register_venture(
                    founder=founder, name=f"{founder.name[:1]}家{NAMES[n % 4]}", kind=KINDS[n % 4],
                    credit_code=uscc.make(county_of(place), 8_100_000 + int(city) * 10 + n),
                    industry="F" if n % 2 == 0 else "C", region=place,
                    started_on=date(2025, 1, 15), description="返乡创业带动乡亲就业", by=None,
                )  # fmt: skip
                ventures.append(venture)
                staff = Worker.objects.filter(region_id=founder.region_id).exclude(pk=founder.pk)
                for k, person in enumerate(staff.order_by("-low_income", "pk")[:2]):
                    services.record_employee(
                        venture, person, started_on=date(2025, 2 + k, 1), by=None
                    )
                services.record_support(
                    venture, kind="mentoring", on=date(2025, 4, 8),
                    note="创业导师上门：网店运营与品牌包装", by=None,
                )  # fmt: skip
                services.move_into_park(venture, park, on=date(2025, 3, 1), by=None)
                made += 1
            if city == "3213" and ventures:
                _alliance(city, ventures, today)
                _competition(city, ventures, today)
            if city == "5110" and ventures:
                officers = [
                    services.save_liaison(
                        Liaison(name=name, kind=kind, organisation=org, region_id=city), by=None
                    )
                    for kind, name, org in LIAISONS
                ]
                for venture in ventures:
                    for officer in officers:
                        assignment = services.assign_liaison(
                            venture, officer, on=date(2025, 3, 1), by=None
                        )
                    contact = services.record_contact(
                        assignment, on=date(2025, 5, 6), way="visit", note="走访了解复工情况",
                        problem="用电增容审批慢", by=None,
                    )  # fmt: skip
                    services.mark_solved(contact, on=date(2025, 5, 20), by=None)
                _field_visit(city, ventures, today)
                showcase = services.create_showcase(
                    Showcase(title="内江市返乡下乡创业明星评选", region_id=city,
                             opens_on=today - timedelta(days=3),
                             closes_on=today + timedelta(days=14)),
                    by=None,
                )  # fmt: skip
                entries = [services.add_entry(showcase, v, blurb=v.description, by=None)
                           for v in ventures]  # fmt: skip
                for k, voter in enumerate(_voters(city)):
                    entry = entries[k % len(entries) if k % 3 else 0]
                    if k % 4 == 0:  # a vote yesterday too: one per phone per day
                        services.cast_vote(entry, voter, now=timezone.now() - timedelta(days=1))
                    services.cast_vote(entry, voter)
        return made
