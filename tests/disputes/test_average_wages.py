"""The provinces' average wages as data (规则 art. 56: the simple procedure's limit): the seeded
figures, `save_average_wage` for city and provincial administrators only (every refusal audited,
nothing written), the staff page /disputes/average-wages/, and the case page naming the figure
its decision used."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from homeward.accounts.models import Role
from homeward.audit.models import AuditEvent, Result
from homeward.disputes import services
from homeward.disputes.models import AverageWage, Procedure
from homeward.disputes.services import DisputeError
from tests.factories import CITY, COUNTY, make_staff

from .conftest import file_case, jiangsu_average


@pytest.fixture
def city_admin(db, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    return make_staff(CITY, role=Role.ADMIN, username="city-admin")


def _save(by, **changes):
    data = {
        "region_code": "32",
        "year": 2026,
        "amount": Decimal("135000.00"),
        "source": "江苏省统计局 2026 年公报",
        "verified": True,
        **changes,
    }
    return services.save_average_wage(**data, by=by)


def test_the_migration_carried_over_the_old_table_unverified(db):
    rows = AverageWage._base_manager.filter(updated_by__isnull=True)
    seeded = {(r.region_code, r.year): r for r in rows}
    if not seeded:  # a transactional test of this session flushed the seed
        pytest.skip("seeded rows flushed by an earlier transactional test")
    assert {("32", 2024), ("32", 2025), ("51", 2025), ("43", 2025)} <= set(seeded)
    assert seeded["32", 2025].amount == Decimal("131000.00")
    assert not any(r.verified for r in seeded.values())
    # no bulletin was found for them (migration 0007): their source says so, naming no document
    assert all(r.source.startswith("未核实的估计值") for r in seeded.values())
    assert "未找到江苏省统计局公布的 2025 年平均工资" in seeded["32", 2025].source


def test_a_city_admin_enters_and_corrects_the_province_figure(city_admin):
    row = _save(city_admin)
    assert (row.amount, row.verified, row.updated_by) == (Decimal("135000.00"), True, city_admin)
    corrected = _save(city_admin, amount="135500.50")
    assert corrected.pk == row.pk
    assert AverageWage._base_manager.get(pk=row.pk).amount == Decimal("135500.50")
    saved = AuditEvent.objects.filter(action="disputes.average_wage.saved").order_by("pk")
    assert [e.detail["before"] for e in saved] == [
        None,
        {"amount": "135000.00", "verified": True},
    ]


def test_a_province_admin_and_a_superuser_may_too(db):
    _save(make_staff("32", role=Role.ADMIN, username="province-admin"))
    _save(make_staff(None, username="root", is_superuser=True), region_code="51")
    assert AverageWage._base_manager.filter(year=2026).count() == 2


@pytest.mark.parametrize(
    "who",
    [
        ("county admin", COUNTY, Role.ADMIN),
        ("city staff, not an admin", CITY, Role.STAFF),
        ("city leader", CITY, Role.LEADER),
        ("another province's city admin", "5110", Role.ADMIN),
    ],
    ids=lambda w: w[0],
)
def test_it_refuses_anyone_but_the_province_and_its_cities_admins(db, who):
    _label, region, role = who
    user = make_staff(region, role=role, username=f"{role}-{region}")
    with pytest.raises(DisputeError, match="管理员"):
        _save(user)
    assert not AverageWage._base_manager.filter(year=2026).exists()
    refused = AuditEvent.objects.get(action="disputes.average_wage.refused")
    assert refused.result == Result.REFUSED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"region_code": "3213"}, "region_code"),
        ({"region_code": "x"}, "region_code"),
        ({"year": 1999}, "year"),
        ({"amount": "135000.005"}, "amount"),
        ({"amount": "999.99"}, "amount"),
        ({"amount": "NaN"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"source": "  "}, "source"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(city_admin, changes, field):
    before = jiangsu_average(2026, "120000.00")
    with pytest.raises(DisputeError) as refused:
        _save(city_admin, **changes)
    assert refused.value.field == field
    assert AverageWage._base_manager.get(pk=before.pk).amount == Decimal("120000.00")
    assert not AverageWage._base_manager.exclude(region_code__in=["32", "51", "43"]).exists()


def test_the_page_lists_the_own_province_and_offers_the_form_to_its_admin(client, city_admin):
    jiangsu_average(2025)
    AverageWage._base_manager.update_or_create(
        region_code="51", year=2025, defaults={"amount": Decimal(113000), "source": "四川"}
    )
    client.force_login(city_admin)
    page = client.get(reverse("disputes:average-wages")).content.decode()
    assert 'data-testid="average-wage-32-2025"' in page
    assert 'data-testid="average-wage-51-2025"' not in page  # another province's figure
    assert 'name="amount"' in page
    response = client.post(
        reverse("disputes:average-wages"),
        {"region_code": "32", "year": "2026", "amount": "135000.00", "source": "公报"},
    )
    assert response["Location"] == reverse("disputes:average-wages")
    row = AverageWage._base_manager.get(region_code="32", year=2026)
    assert not row.verified and row.updated_by == city_admin


def test_county_staff_read_the_figures_without_the_form(client, county_staff, outsider):
    jiangsu_average(2025)
    for user in (county_staff, outsider):  # both counties measure by 江苏's figure
        client.force_login(user)
        page = client.get(reverse("disputes:average-wages")).content.decode()
        assert 'data-testid="average-wage-32-2025"' in page and 'name="amount"' not in page
    response = client.post(
        reverse("disputes:average-wages"),
        {"region_code": "32", "year": "2026", "amount": "135000.00", "source": "公报"},
    )
    assert response.status_code == 200 and "只有本省或本省各市的管理员" in response.content.decode()
    assert not AverageWage._base_manager.filter(year=2026).exists()


def test_staff_of_another_province_see_none_of_these_figures(client, db):
    jiangsu_average(2025)
    client.force_login(make_staff("511002", username="neijiang-staff"))
    page = client.get(reverse("disputes:average-wages")).content.decode()
    assert 'data-testid="average-wage-32-' not in page


def test_a_bad_amount_on_the_page_is_a_chinese_error_on_the_field(client, city_admin):
    client.force_login(city_admin)
    response = client.post(
        reverse("disputes:average-wages"),
        {"region_code": "32", "year": "2026", "amount": "12.345", "source": "公报"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["amount"]
    assert not AverageWage._base_manager.filter(year=2026).exists()


def test_the_case_uses_the_figure_of_the_year_before_it_was_received(
    commission, worker, county_staff
):
    jiangsu_average(2025, "131000.00")
    jiangsu_average(2026, "1000.00")  # the current year's figure is not the one to use
    dispute = file_case(commission, worker, by=county_staff, filed_on=date(2026, 3, 2))
    services.apply_for_arbitration(dispute, received_on=date(2026, 3, 2), by=county_staff)
    qualification, row = services.simple_qualification(dispute)
    assert qualification.qualifies and row.year == 2025


def test_no_figure_for_the_year_before_means_no_simple_procedure_by_amount(
    commission, worker, county_staff
):
    AverageWage._base_manager.filter(region_code="32", year=2025).delete()
    dispute = file_case(commission, worker, by=county_staff, filed_on=date(2026, 3, 2))
    services.apply_for_arbitration(dispute, received_on=date(2026, 3, 2), by=county_staff)
    with pytest.raises(DisputeError, match="未录入本省 2025 年"):
        services.accept_dispute(
            dispute, on=date(2026, 3, 3), simple_procedure=True, by=county_staff
        )


def test_the_case_page_shows_the_figure_used_and_keeps_it_when_corrected(
    client, commission, worker, county_staff, city_admin
):
    today = timezone.localdate()
    row = jiangsu_average(today.year - 1, "131000.00", verified=False)
    dispute = file_case(commission, worker, by=county_staff, filed_on=today)
    services.apply_for_arbitration(dispute, received_on=today, by=county_staff)
    client.force_login(county_staff)
    url = reverse("disputes:detail", args=[dispute.pk])
    pending = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"{row.year}" in pending and "江苏省统计局公报" in pending
    services.accept_dispute(dispute, on=today, simple_procedure=True, by=county_staff)
    dispute.refresh_from_db()
    assert dispute.procedure == Procedure.SIMPLE
    assert (dispute.average_wage, dispute.average_wage_amount) == (row, Decimal("131000.00"))
    accepted = AuditEvent.objects.get(action="disputes.dispute.accepted")
    assert accepted.detail["average_wage"]["amount"] == "131000.00"
    _save(city_admin, year=row.year, amount="132000.00")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-testid="average-wage-used"' in page
    assert "131000.00" in page and "132000.00" in page  # no grouping in zh-hans
    dispute.refresh_from_db()
    assert dispute.average_wage_amount == Decimal("131000.00")
