"""The staff pages: the list with figures linking to their rows, a cooperative's page, members
added from a registry search, a job recorded, members dispatched and the dispatch closed with pay,
the members list as Excel (masked); another county gets 404, a leader's write 403. The worker's
"my cooperative" page shows their membership, dispatches and pay."""

import datetime
import io
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from homeward.audit.models import AuditEvent
from homeward.cooperatives import services
from homeward.cooperatives.models import Dispatch, Membership, Order
from tests.portal.helpers import portal_welder, sign_in_worker


def test_the_list_shows_figures_linked_to_their_rows(client, coop, members, town_staff):
    client.force_login(town_staff)
    page = client.get(reverse("cooperatives:list"))
    assert page.status_code == 200 and coop.name in page.content.decode()
    figure = {f["key"]: f for f in page.context["figures"]}["members"]
    assert figure["value"] == 2
    rows = client.get(figure["url"])
    assert rows.status_code == 200 and rows.content.decode().count('data-testid="row"') == 2
    own = client.get(reverse("cooperatives:figure", args=[coop.pk, "members"]))
    assert own.content.decode().count('data-testid="row"') == 2


def test_members_are_found_in_the_registry_and_added(client, coop, people, village_staff):
    client.force_login(village_staff)
    url = reverse("cooperatives:member-add", args=[coop.pk])
    found = client.get(url, {"q": people[0].id_number}, follow=True)
    content = found.content.decode()
    assert found.redirect_chain  # the number is swapped for its keyed hash in the address
    assert "王*" in content and people[0].id_number not in content
    by_name = client.get(url, {"q": "赵"})
    assert "赵*" in by_name.content.decode()
    today = timezone.localdate().isoformat()
    response = client.post(url, {"worker": people[0].pk, "joined_on": today})
    assert response.status_code == 302
    assert Membership.objects.filter(cooperative=coop, worker=people[0]).exists()


def test_a_job_is_recorded_members_sent_and_paid(client, coop, members, village_staff):
    client.force_login(village_staff)
    today = timezone.localdate().isoformat()
    bad = client.post(
        reverse("cooperatives:order-create", args=[coop.pk]),
        {"kind": "local", "client": "茶场", "starts_on": today, "ends_on": today},
    )
    assert bad.status_code == 200 and "本地用工订单须填写此项" in bad.content.decode()
    assert not Order.objects.exists()
    client.post(
        reverse("cooperatives:order-create", args=[coop.pk]),
        {"kind": "local", "client": "茶场", "work": "采茶", "headcount": 2, "starts_on": today,
         "ends_on": today, "day_pay": "150"},
    )  # fmt: skip
    order = Order.objects.get()
    response = client.post(
        reverse("cooperatives:dispatch-create", args=[coop.pk]),
        {"order": order.pk, "members": [m.pk for m in members], "starts_on": today,
         "ends_on": today},
    )  # fmt: skip
    assert response.status_code == 302
    dispatch = Dispatch.objects.get()
    again = client.post(
        reverse("cooperatives:dispatch-create", args=[coop.pk]),
        {"order": order.pk, "members": [members[0].pk], "starts_on": today, "ends_on": today},
    )
    assert again.status_code == 200 and "日期重叠" in again.content.decode()
    people = list(dispatch.people.order_by("pk"))
    data = {f"days_{p.pk}": 1 for p in people} | {f"pay_{p.pk}": "150.00" for p in people}
    closed = client.post(reverse("cooperatives:dispatch-close", args=[dispatch.pk]), data)
    assert closed.status_code == 302
    dispatch.refresh_from_db()
    assert dispatch.status == "closed"
    page = client.get(reverse("cooperatives:dispatch", args=[dispatch.pk])).content.decode()
    assert "150.00" in page


def test_the_members_list_is_excel_and_masked(client, coop, members, village_staff):
    client.force_login(village_staff)
    response = client.get(reverse("cooperatives:members-export", args=[coop.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any(c.startswith("王*") for c in cells) and all(
        members[0].worker.id_number not in c for c in cells
    )
    assert AuditEvent.objects.filter(action="cooperatives.members.exported").exists()


def test_another_county_gets_404_and_a_leader_403(client, coop, members, outsider, leader):
    client.force_login(outsider)
    assert client.get(reverse("cooperatives:detail", args=[coop.pk])).status_code == 404
    assert client.get(reverse("cooperatives:list")).context["cooperatives"] == []
    client.force_login(leader)
    assert client.get(reverse("cooperatives:detail", args=[coop.pk])).status_code == 200
    response = client.post(
        reverse("cooperatives:member-leave", args=[members[0].pk]),
        {"left_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 403
    assert Membership.objects.filter(left_on__isnull=True).count() == 2


def test_the_worker_sees_their_cooperative_dispatches_and_pay(client, coop, order, village_staff):
    worker = portal_welder()
    day = timezone.localdate() - datetime.timedelta(days=3)
    membership = services.add_member(coop, worker, joined_on=day, by=village_staff)
    dispatch = services.dispatch_members(
        order, [membership], starts_on=order.starts_on, ends_on=order.starts_on, by=village_staff
    )
    place = dispatch.people.get()
    services.close_dispatch(dispatch, {place.pk: (1, Decimal("150"))}, by=village_staff)
    assert client.get(reverse("portal:cooperative")).status_code == 302  # sign in first
    sign_in_worker(client, worker)
    me = client.get(reverse("portal:me")).content.decode()
    assert reverse("portal:cooperative") in me
    page = client.get(reverse("portal:cooperative"))
    content = page.content.decode()
    assert coop.name in content and "采茶" in content
    assert page.context["paid_this_year"] == (
        Decimal("150.00") if order.starts_on.year == timezone.localdate().year else 0
    )
    assert "13912340000" not in content  # the cooperative's phone, masked


def test_a_worker_of_no_cooperative_is_told_so(client, db):
    sign_in_worker(client, portal_welder())
    page = client.get(reverse("portal:cooperative")).content.decode()
    assert 'data-testid="no-membership"' in page


def test_editing_keeps_the_phone_unless_a_new_one_is_given(client, coop, village_staff):
    client.force_login(village_staff)
    url = reverse("cooperatives:edit", args=[coop.pk])
    page = client.get(url).content.decode()
    assert "13912340000" not in page
    data = {"name": "凤凰村劳务专业合作社", "region": coop.region_id, "leader_name": "李社长",
            "contact_phone": "", "founded_on": "2024-03-01", "status": "active"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    coop.refresh_from_db()
    assert coop.name == "凤凰村劳务专业合作社" and coop.contact_phone == "13912340000"


def test_the_staff_home_lists_dispatches_waiting_for_pay(client, coop, members, order, town_staff):
    ended = timezone.localdate() - datetime.timedelta(days=3)
    services.dispatch_members(order, members, starts_on=ended, ends_on=ended, by=town_staff)
    client.force_login(town_staff)
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="queue-cooperatives"' in home and "派工已结束，尚未登记报酬" in home
    rows = client.get(reverse("cooperatives:area-figure") + "?key=to_close")
    assert rows.content.decode().count('data-testid="row"') == 1


def test_a_refused_edit_stays_on_the_cooperative_with_the_error_beside_the_field(
    client, coop, village_staff
):
    client.force_login(village_staff)
    url = reverse("cooperatives:edit", args=[coop.pk])
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    data = {"name": "凤凰村劳务专业合作社", "region": coop.region_id, "leader_name": "李社长",
            "contact_phone": "", "founded_on": future, "status": "active"}  # fmt: skip
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and 'class="errorlist"' in page
    assert coop.name in page.split("</h1>")[0] and "新建" not in page.split("</h1>")[0]
    coop.refresh_from_db()
    assert coop.name != "凤凰村劳务专业合作社"
