"""The list of background work: one's own jobs, an area administrator's view of everyone's in the
area, never another area's; the read-only admin page."""

import pytest
from django.urls import reverse

from homeward.accounts.models import Role
from homeward.background.models import BackgroundJob
from homeward.background.services import finish
from tests.factories import COUNTY, COUNTY_B, TOWN, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}


def _job(owner, region=COUNTY, title="导出台账（10 人）", **fields):
    job = BackgroundJob(kind="workers.export", title=title, owner=owner, region_code=region)
    for name, value in fields.items():
        setattr(job, name, value)
    job.save()
    return job


def _titles(page: str, *titles: str) -> list[str]:
    return [t for t in titles if t in page]


def test_it_lists_my_work_with_its_state_and_result(client, county_staff):
    done = _job(county_staff, title="导出凤凰居委会台账")
    finish(done, content=b"PK", name="ledger.xlsx")
    _job(county_staff, title="检查大台账", status="running", done=5, total=20)
    _job(county_staff, title="重新匹配", status="failed", error="后台任务中断，请重新开始")
    client.force_login(county_staff)
    page = client.get(reverse("background:list")).content.decode()
    assert _titles(page, "导出凤凰居委会台账", "检查大台账", "重新匹配") == [
        "导出凤凰居委会台账",
        "检查大台账",
        "重新匹配",
    ]
    assert reverse("background:download", args=[done.pk]) in page
    assert "25%" in page and "后台任务中断" in page
    assert page.index("重新匹配") < page.index("导出凤凰居委会台账")  # the newest first


def test_it_does_not_list_colleagues_work_to_staff(client, county_staff):
    colleague = make_staff(COUNTY, username="colleague")
    _job(colleague, title="同事的导出")
    client.force_login(county_staff)
    page = client.get(reverse("background:list")).content.decode()
    assert "同事的导出" not in page and "没有后台任务" in page
    page = client.get(reverse("background:list") + "?all=1").content.decode()
    assert "同事的导出" not in page  # ?all=1 is for area administrators only


def test_an_area_admin_sees_everyones_work_of_the_area_only(client, county_staff):
    admin = make_staff(COUNTY, role=Role.ADMIN, username="county-admin")
    _job(county_staff, title="区里的导出")
    _job(make_staff(TOWN, username="town-clerk"), region=TOWN, title="街道的导出")
    _job(make_staff(COUNTY_B, username="outsider-clerk"), region=COUNTY_B, title="宿豫的导出")
    client.force_login(admin)
    page = client.get(reverse("background:list") + "?all=1").content.decode()
    assert _titles(page, "区里的导出", "街道的导出", "宿豫的导出") == ["区里的导出", "街道的导出"]


def test_it_refuses_another_areas_job_page(client, outsider, county_staff):
    job = _job(county_staff)
    client.force_login(outsider)
    assert client.get(reverse("background:job", args=[job.pk])).status_code == 404
    assert "导出台账" not in client.get(reverse("background:list") + "?all=1").content.decode()


def test_the_admin_lists_jobs_read_only(client, county_staff):
    admin = make_staff(COUNTY, role=Role.ADMIN, username="county-admin")
    job = _job(county_staff)
    client.force_login(admin)
    listed = client.get(reverse("admin:background_backgroundjob_changelist"))
    assert listed.status_code == 200 and "导出台账" in listed.content.decode()
    page = client.get(reverse("admin:background_backgroundjob_change", args=[job.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    add = client.get(reverse("admin:background_backgroundjob_add"))
    assert add.status_code == 403
