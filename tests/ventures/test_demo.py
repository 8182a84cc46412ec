"""The demo's ventures: made through the services after the demo loans, once; 宿迁's alliance
with the demo founders as members; 宿迁's competition run to its awards and 内江's field visit; every vote with a verified phone, one per phone a day."""

from homeward.loans.demo_data import fill_loans
from homeward.ventures.demo_data import fill_ventures
from homeward.ventures.models import (
    Advancement,
    Alliance,
    Award,
    Competition,
    FieldVisit,
    Park,
    Problem,
    Showcase,
    Venture,
    Vote,
)
from tests.factories import make_worker


def test_the_demo_fills_ventures_once(db):
    from homeward.regions.models import Region

    neijiang = list(
        Region.tree.filter(code__startswith="511002", level="village").order_by("code")[:2]
    )
    villages = ["321302001001", "321302001002", *(r.code for r in neijiang)]
    for n, village in enumerate(villages):
        make_worker(village, sequence=50 + n)
    make_worker(neijiang[0].code, sequence=60)
    fill_loans(("3213", "5110"))
    assert fill_ventures(("3213", "5110")) == 4
    assert Park.objects.count() == 2 and Showcase.objects.count() == 1
    assert Vote.objects.count() >= 3 and Venture.objects.count() == 4
    alliance = Alliance.objects.get()
    members = alliance.memberships.filter(venture__region__code__startswith="3213")
    assert alliance.name == "宿迁市返乡创业联盟" and members.count() == alliance.memberships.count()
    assert alliance.events.count() == 2 and members.exists()
    votes = Vote.objects.all()
    assert all(v.phone_hash and v.phone_masked for v in votes)
    assert len({(v.phone_hash, v.day) for v in votes}) == votes.count()
    competition = Competition.objects.get()
    prelim, final = competition.rounds.all()
    assert prelim.is_closed and final.is_closed and prelim.judges.count() == 5
    assert Advancement.objects.filter(round=prelim).count() == 2 and Award.objects.count() == 2
    visit = FieldVisit.objects.get()
    assert visit.served.exists() and visit.experts.count() == 3
    assert set(Problem.objects.values_list("status", flat=True)) == {"solved", "referred"}
    assert fill_ventures(("3213", "5110")) == 0
