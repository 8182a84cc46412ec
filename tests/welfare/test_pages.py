"""The staff pages: the index's figures each open their list, the village's apply form, the
step forms, the attendance grid and the month's payment, the exit checks; another county's
records answer 404, a leader's write 403; the public notice shows a masked name only; the
worker's portal page shows their own post."""

from django.urls import reverse

from homeward.accounts.models import Role
from homeward.welfare.models import Application, Attendance, StipendLine
from tests.factories import COUNTY, make_staff

from .conftest import CARD


def test_the_index_figures_open_their_lists(client, appointment, county_staff):
    client.force_login(county_staff)
    page = client.get(reverse("welfare:index")).content.decode()
    holders = reverse("welfare:holders")
    assert f'href="{holders}?kind=cleaning"' in page
    assert f'href="{holders}?area=321302001"' in page
    rows = client.get(holders + "?kind=cleaning").content.decode()
    assert "李*" in rows and reverse("welfare:appointment", args=[appointment.pk]) in rows
    assert "李*" not in client.get(holders + "?kind=forest").content.decode()


def test_the_village_applies_and_the_town_and_county_step_through_the_pages(
    client, post, older_man, village_staff, town_staff, county_staff
):
    client.force_login(village_staff)
    assert "apply-form" in client.get(reverse("welfare:post", args=[post.pk])).content.decode()
    data = {"id_number": older_man.id_number, "bank_name": "农行", "bank_account": CARD}
    response = client.post(reverse("welfare:post-apply", args=[post.pk]), data, follow=True)
    application = Application.objects.get()
    assert response.redirect_chain[-1][0] == reverse("welfare:application", args=[application.pk])
    client.force_login(town_staff)
    home = client.get(reverse("home")).content.decode()
    assert reverse("welfare:applications") + "?waiting=mine" in home
    client.post(reverse("welfare:application-step", args=[application.pk, "review"]))
    client.force_login(county_staff)
    response = client.post(
        reverse("welfare:application-step", args=[application.pk, "approve"]), follow=True
    )
    application.refresh_from_db()
    assert application.status == "notice"
    notice = client.get(reverse("welfare:notice", args=[post.region_id])).content.decode()
    assert "李*" in notice and "李大山" not in notice and older_man.id_number not in notice


def test_a_refused_application_keeps_what_was_typed_with_the_error_beside_it(
    client, post, older_man, village_staff
):
    client.force_login(village_staff)
    url = reverse("welfare:post-apply", args=[post.pk])
    unknown = {"id_number": "11010519491231002X", "bank_name": "农行", "bank_account": CARD}
    response = client.post(url, unknown)
    page = response.content.decode()
    assert response.status_code == 400
    assert "本地区台账中没有这个身份证号的人员。" in page
    assert 'value="农行"' in page  # the clerk does not type it all again
    assert not Application.objects.exists()
    # A refusal by the rules (the second application of the same person) is shown on the form too.
    known = {**unknown, "id_number": older_man.id_number}
    assert client.post(url, known).status_code == 302
    again = client.post(url, known)
    assert again.status_code == 400 and 'data-testid="apply-form"' in again.content.decode()
    assert Application.objects.count() == 1


def test_a_refused_step_says_why(client, post, older_man, village_staff):
    client.force_login(village_staff)
    data = {"id_number": older_man.id_number, "bank_name": "农行", "bank_account": CARD}
    client.post(reverse("welfare:post-apply", args=[post.pk]), data)
    response = client.post(
        reverse("welfare:application-step", args=[Application.objects.get().pk, "approve"]),
        follow=True,
    )
    assert "这一步应由县（区）办理" in response.content.decode()


def test_another_county_gets_404_and_a_leader_403(client, post, appointment, outsider):
    application = appointment.application
    client.force_login(outsider)
    for url in (
        reverse("welfare:post", args=[post.pk]),
        reverse("welfare:application", args=[application.pk]),
        reverse("welfare:appointment", args=[appointment.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("welfare:appointment-end", args=[appointment.pk])).status_code == 404
    assert "李*" not in client.get(reverse("welfare:holders")).content.decode()
    client.force_login(make_staff(COUNTY, role=Role.LEADER, username="welfare-leader"))
    response = client.post(reverse("welfare:appointment-end", args=[appointment.pk]))
    assert response.status_code == 403
    assert client.post(reverse("welfare:attendance"), {}).status_code == 403
    assert client.get(reverse("welfare:attendance")).status_code == 200
    assert client.get(reverse("welfare:appointment", args=[appointment.pk])).status_code == 200


def test_attendance_grid_and_the_months_payment(client, appointment, village_staff, county_staff):
    month = appointment.starts_on.replace(day=1)
    url = reverse("welfare:attendance") + f"?month={month:%Y-%m}"
    client.force_login(village_staff)
    page = client.get(url).content.decode()
    assert f'name="worked-{appointment.pk}"' in page
    response = client.post(
        url, {"month": f"{month:%Y-%m}", f"worked-{appointment.pk}": "15",
              f"required-{appointment.pk}": "40"},
    )  # fmt: skip
    assert "应出勤天数应在 1 到 31 之间" in response.content.decode()
    assert not Attendance.objects.exists()
    client.post(url, {"month": f"{month:%Y-%m}", f"worked-{appointment.pk}": "15",
                      f"required-{appointment.pk}": "20"})  # fmt: skip
    assert Attendance.objects.get().days_worked == 15
    client.force_login(county_staff)
    response = client.post(reverse("welfare:pay"), {"month": f"{month:%Y-%m}"}, follow=True)
    line = StipendLine.objects.get()
    assert line.amount == 1125  # 1500 × 15 / 20
    assert "#" in response.content.decode()
    stipends = client.get(reverse("welfare:stipends")).content.decode()
    assert "1125.00" in stipends


def test_the_exit_checks_page_links_to_the_person(client, appointment, county_staff):
    client.force_login(county_staff)
    page = client.get(reverse("welfare:checks")).content.decode()
    assert reverse("workers:detail", args=[appointment.holder_id]) in page


def test_the_worker_sees_their_post_on_the_portal(client, appointment):
    from tests.portal.helpers import sign_in_worker

    sign_in_worker(client, appointment.holder)
    page = client.get(reverse("portal:welfare")).content.decode()
    assert "凤凰村保洁员" in page and "my-post" in page
    assert reverse("portal:welfare") in client.get(reverse("portal:me")).content.decode()


def test_a_worker_without_a_post_is_told_where_to_ask(client, worker):
    from tests.portal.helpers import sign_in_worker

    sign_in_worker(client, worker)
    assert "no-post" in client.get(reverse("portal:welfare")).content.decode()
