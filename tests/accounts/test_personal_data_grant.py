"""The personal-data permission needs four eyes: an area administrator asks, an administrator of a
level above the one who asked decides, no one grants it to themselves, every step is audited —
and the user page no longer lets anyone tick it on (issue 10, section 5)."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from homeward.accounts import services
from homeward.accounts.models import PersonalDataGrant, Role, User
from homeward.audit.models import AuditEvent, Result
from tests.factories import COUNTY, COUNTY_B, TOWN, VILLAGE, make_staff


@pytest.fixture
def admins(db, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    return {
        "city": make_staff("3213", role=Role.ADMIN, username="city-admin"),
        "county": make_staff(COUNTY, role=Role.ADMIN, username="county-admin"),
        "county_b": make_staff(COUNTY_B, role=Role.ADMIN, username="county-b-admin"),
        "town": make_staff(TOWN, role=Role.ADMIN, username="town-admin"),
        "town_2": make_staff(TOWN, role=Role.ADMIN, username="town-admin-2"),
        "clerk": make_staff(VILLAGE, username="village-clerk"),
    }


def _may_see(user) -> bool:
    return User.objects.get(pk=user.pk).may_see_personal_data


def _refused(grant, by, decide=services.approve_personal_data):
    with pytest.raises(services.GrantRefused):
        decide(grant, by=by)
    grant.refresh_from_db()
    assert grant.status == PersonalDataGrant.Status.PENDING


def test_the_user_page_does_not_let_an_admin_tick_it_on(client, admins):
    town = admins["town"]
    client.force_login(town)
    for user in (town, admins["clerk"]):  # themselves, and a clerk of their area
        url = reverse("admin:accounts_user_change", args=[user.pk])
        assert "may_see_personal_data" not in client.get(url).context["adminform"].form.fields
        data = {
            "username": user.username,
            "last_name": "",
            "first_name": "",
            "email": "",
            "new_phone": "",
            "region": user.region_id,
            "role": user.role,
            "is_active": "on",
            "may_see_personal_data": "on",
        }
        response = client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert not _may_see(user)


def test_no_one_approves_a_request_for_themselves(admins):
    town = admins["town"]
    grant = services.request_personal_data(town, by=town, reason="发放补贴需要核对身份证")
    _refused(grant, town)  # their own request, for themselves
    _refused(grant, admins["town_2"])  # a colleague of the same level is not above
    _refused(grant, admins["clerk"])  # not an administrator
    _refused(grant, admins["county_b"])  # above in level, but another county
    services.approve_personal_data(grant, by=admins["county"])
    assert _may_see(town)
    grant.refresh_from_db()
    assert (
        grant.status == PersonalDataGrant.Status.APPROVED and grant.decided_by == admins["county"]
    )


def test_the_one_who_asked_cannot_approve_it_for_someone_else(admins):
    grant = services.request_personal_data(admins["clerk"], by=admins["town"], reason="核对台账")
    _refused(grant, admins["town"])
    _refused(grant, admins["town_2"])
    assert not _may_see(admins["clerk"])
    services.approve_personal_data(grant, by=admins["city"])
    assert _may_see(admins["clerk"])


def test_a_county_request_needs_the_city(admins):
    grant = services.request_personal_data(admins["clerk"], by=admins["county"], reason="核对台账")
    _refused(grant, admins["town"])  # below the one who asked
    _refused(grant, admins["county"])
    services.refuse_personal_data(grant, by=admins["city"])
    grant.refresh_from_db()
    assert grant.status == PersonalDataGrant.Status.REFUSED and not _may_see(admins["clerk"])
    with pytest.raises(services.GrantRefused):  # decided once
        services.approve_personal_data(grant, by=admins["city"])


def test_an_admin_cannot_ask_for_someone_outside_their_area(admins):
    with pytest.raises(services.GrantRefused):
        services.request_personal_data(admins["clerk"], by=admins["county_b"], reason="x")
    with pytest.raises(services.GrantRefused):  # a plain clerk asks for nobody
        services.request_personal_data(admins["clerk"], by=admins["clerk"], reason="x")
    assert not PersonalDataGrant.objects.exists()
    refusals = AuditEvent.objects.filter(action="accounts.personal_data.request_refused")
    assert refusals.count() == 2 and {e.result for e in refusals} == {Result.REFUSED}


def test_every_step_is_audited(admins):
    grant = services.request_personal_data(admins["clerk"], by=admins["town"], reason="核对台账")
    _refused(grant, admins["town"])
    services.approve_personal_data(grant, by=admins["county"])
    services.withdraw_personal_data(admins["clerk"], by=admins["town"])
    assert not _may_see(admins["clerk"])
    actions = list(
        AuditEvent.objects.filter(action__startswith="accounts.personal_data")
        .order_by("pk")
        .values_list("action", "actor_name")
    )
    assert actions == [
        ("accounts.personal_data.requested", "town-admin"),
        ("accounts.personal_data.approve_refused", "town-admin"),
        ("accounts.personal_data.approved", "county-admin"),
        ("accounts.personal_data.withdrawn", "town-admin"),
    ]


def test_one_request_waits_at_a_time(admins):
    services.request_personal_data(admins["clerk"], by=admins["town"], reason="核对台账")
    with pytest.raises(services.GrantRefused):
        services.request_personal_data(admins["clerk"], by=admins["town_2"], reason="核对台账")


def test_the_database_refuses_a_self_decided_request(admins):
    town = admins["town"]
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonalDataGrant.objects.create(
            user=admins["clerk"], region_id=VILLAGE, reason="x", requested_by=town, decided_by=town
        )


def test_through_the_admin_pages(client, admins):
    client.force_login(admins["town"])
    add = reverse("admin:accounts_personaldatagrant_add")
    response = client.post(add, {"user": admins["clerk"].pk, "reason": "发放补贴需要核对身份证"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    grant = PersonalDataGrant.objects.get()
    assert grant.requested_by == admins["town"] and grant.region_id == VILLAGE
    changelist = reverse("admin:accounts_personaldatagrant_changelist")
    action = {"action": "approve", "_selected_action": [grant.pk]}
    client.post(changelist, action)  # the one who asked: refused, with the reason shown
    assert not _may_see(admins["clerk"])

    client.force_login(admins["county_b"])  # another county sees nothing of it
    assert client.get(
        reverse("admin:accounts_personaldatagrant_change", args=[grant.pk])
    ).status_code in (302, 404)
    client.post(changelist, action)
    assert not _may_see(admins["clerk"])

    client.force_login(admins["county"])
    assert client.get(changelist).context_data["cl"].result_count == 1
    client.post(changelist, action)
    assert _may_see(admins["clerk"])


def test_the_add_form_offers_only_users_of_the_admins_area(client, admins):
    client.force_login(admins["town"])
    form = client.get(reverse("admin:accounts_personaldatagrant_add")).context["adminform"].form
    offered = set(form.fields["user"].queryset.values_list("username", flat=True))
    assert "village-clerk" in offered and "town-admin" in offered
    assert not offered & {"county-admin", "city-admin", "county-b-admin"}


def test_an_admin_cannot_approve_through_accounts_of_their_own_making(admins):
    """The route around four eyes: the city admin makes a county admin, who makes a town admin,
    who asks for themselves; the city admin may not decide it, another city admin may."""
    from homeward.audit.services import log_action

    city = admins["city"]
    puppet = make_staff(COUNTY, role=Role.ADMIN, username="puppet-county")
    log_action("accounts.user.created", actor=city, obj=puppet)
    second = make_staff(TOWN, role=Role.ADMIN, username="puppet-town")
    log_action("accounts.user.created", actor=puppet, obj=second)
    grant = services.request_personal_data(second, by=second, reason="发放补贴需要核对身份证")
    _refused(grant, city)
    assert AuditEvent.objects.filter(
        action="accounts.personal_data.approve_refused", actor=city, detail__reason="made"
    ).exists()
    other_city = make_staff("3213", role=Role.ADMIN, username="city-admin-2")
    services.approve_personal_data(grant, by=other_city)
    assert _may_see(second)


def test_creating_a_user_in_the_admin_records_who_made_it(client, admins):
    """The chain `made_by` reads is written by the user admin's add page."""
    from homeward.accounts.services import made_by

    town = admins["town"]
    client.force_login(town)
    before = set(User.objects.values_list("pk", flat=True))
    data = {
        "username": "new-clerk",
        "password1": "Yy7!long-enough-pass",
        "password2": "Yy7!long-enough-pass",
        "region": VILLAGE,
        "role": Role.STAFF,
    }
    response = client.post(reverse("admin:accounts_user_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    (new,) = User.objects.exclude(pk__in=before)
    assert made_by(town, new) and not made_by(admins["county"], new)
