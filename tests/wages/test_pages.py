"""The staff pages and the worker's wage pages: own area shown, another county's 404, the
missing prerequisites in red, a leader refused, the one-tap report."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from homeward.wages.models import ArrearsClue, Attendance
from homeward.wages.services import scan_project

from ..portal.helpers import sign_in_worker
from .helpers import make_entry, make_project

pytestmark = pytest.mark.django_db


def test_project_page_shows_missing_items_and_not_ready(client, county_staff):
    project = make_project()
    client.force_login(county_staff)
    page = client.get(reverse("wages:project", args=[project.pk])).content.decode()
    assert "未就绪" in page or 'data-testid="not-ready"' in page
    assert page.count('class="missing"') == 6
    ready = make_project(ready=True)
    page = client.get(reverse("wages:project", args=[ready.pk])).content.decode()
    assert 'data-testid="not-ready"' not in page


def test_the_list_counts_open_warnings_by_colour(client, county_staff):
    project = make_project()
    entry = make_entry(project, 1)
    Attendance.objects.create(project=project, entry=entry, month=date(2026, 3, 1), days=20)
    scan_project(project, as_of=date(2026, 5, 2))
    client.force_login(county_staff)
    response = client.get(reverse("wages:projects"))
    [row] = list(response.context["page"])
    assert (row.red, row.orange, row.yellow) == (2, 0, 0)


def test_another_countys_project_is_404(client, outsider):
    project = make_project()
    client.force_login(outsider)
    assert client.get(reverse("wages:project", args=[project.pk])).status_code == 404


def test_a_leader_cannot_upload(client, leader):
    project = make_project()
    client.force_login(leader)
    response = client.post(reverse("wages:project-upload", args=[project.pk]), {"kind": "roster"})
    assert response.status_code == 403


def test_worker_sees_pay_and_reports_in_one_tap(client, worker, django_capture_on_commit_callbacks):
    project = make_project()
    entry = make_entry(project, 1, worker=worker, name=worker.name)
    Attendance.objects.create(project=project, entry=entry, month=date(2026, 3, 1), days=20)
    sign_in_worker(client, worker)
    page = client.get(reverse("portal:wages")).content.decode()
    assert project.name in page and 'data-testid="not-paid"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:wages-not-paid"), {"entry": entry.pk, "month": "2026-03-01"}
        )
    clue = ArrearsClue._base_manager.get()
    assert response["Location"] == reverse("portal:wages-clue", args=[clue.pk])
    assert clue.amount_claimed == Decimal(6000) and clue.region_id == "321302"
    assert clue.number in client.get(response["Location"]).content.decode()


def test_a_worker_cannot_report_on_someone_elses_roster_line(client, worker):
    project = make_project()
    other = make_entry(project, 5)
    Attendance.objects.create(project=project, entry=other, month=date(2026, 3, 1), days=20)
    sign_in_worker(client, worker)
    response = client.post(
        reverse("portal:wages-not-paid"), {"entry": other.pk, "month": "2026-03-01"}
    )
    assert response.status_code == 404
