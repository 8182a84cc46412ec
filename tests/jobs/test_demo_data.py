from homeward.codes import uscc
from homeward.employers.models import Employer
from homeward.jobs.demo_data import fill_jobs
from homeward.jobs.models import Posting


def test_demo_employers_and_postings_are_valid_and_made_once(db):
    employers, postings = fill_jobs(["321302"], per_county=5)
    assert (employers, postings) == (Employer.objects.count(), Posting.objects.count())
    assert employers == 5 and postings >= 10
    assert all(uscc.is_valid(code) for code in Employer.objects.values_list("uscc", flat=True))
    assert all(p.region_id.startswith("321302") for p in Posting.objects.all())
    assert Posting.objects.filter(status="published").exists()
    assert fill_jobs(["321302"], per_county=5) == (0, 0)
