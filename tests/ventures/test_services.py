"""The writes of returnee ventures: registering (the business by its credit code, the founder's
status 返乡创业), jobs counted from hires and recorded employees, support from the other apps,
parks never over capacity, liaison officers and their contacts, and the showcase vote (its
rule in test_vote.py) — each refusal audited."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.employers.models import Employer
from homeward.ventures import services
from homeward.ventures.models import Employee, Liaison, Park, Showcase
from homeward.ventures.services import VentureError
from homeward.workers.models import StatusEvent
from tests.factories import COUNTY_B, TOWN, make_hire, make_posting, make_worker
from tests.ventures.helpers import credit_code, make_founder, make_venture


def refused(action: str) -> int:
    return AuditEvent.objects.filter(action=action, result="refused").count()


@pytest.fixture
def founder(db):
    return make_founder()


class TestRegistering:
    def test_a_venture_registers_its_business_and_the_founders_status(self, founder, town_staff):
        venture = make_venture(founder, town_staff)
        assert venture.employer.uscc and venture.employer.region_id == TOWN
        founder.refresh_from_db()
        assert founder.status == "returned_entrepreneur"
        event = StatusEvent.objects.get(worker=founder, status="returned_entrepreneur")
        assert event.occurred_on == date(2025, 3, 1) and "凤凰小电商" in event.note
        assert AuditEvent.objects.filter(action="ventures.venture.registered").count() == 1

    def test_an_existing_business_is_found_by_its_code(self, founder, town_staff, employer):
        venture = make_venture(founder, town_staff, credit_code=employer.uscc)
        assert venture.employer == employer and Employer.objects.count() == 1

    def test_a_bad_credit_code_is_refused(self, founder, town_staff):
        with pytest.raises(VentureError) as error:
            make_venture(founder, town_staff, credit_code="91321302MA1XXXXXX0")
        assert error.value.field == "credit_code"
        assert refused("ventures.venture.refused") == 1

    def test_a_venture_outside_the_area_is_refused(self, founder, outsider):
        with pytest.raises(VentureError):
            make_venture(founder, outsider, region=COUNTY_B + "001")
        assert refused("ventures.venture.refused") == 1

    def test_a_place_outside_the_area_is_refused(self, founder, town_staff):
        with pytest.raises(VentureError):
            make_venture(founder, town_staff, region="321311001")
        assert refused("ventures.write.refused") == 1

    def test_a_leader_may_not_register(self, founder, leader):
        with pytest.raises(PermissionDenied):
            make_venture(founder, leader)
        assert refused("ventures.write.refused") == 1

    def test_a_business_of_another_venture_is_refused(self, founder, town_staff):
        venture = make_venture(founder, town_staff)
        other = make_worker(TOWN + "001", sequence=9)
        with pytest.raises(VentureError, match="已登记"):
            make_venture(other, town_staff, credit_code=venture.employer.uscc)


class TestJobs:
    def test_jobs_are_hires_and_employees_each_person_once(self, founder, town_staff):
        venture = make_venture(founder, town_staff)
        posting = make_posting(venture.employer)
        hired = make_worker(TOWN + "001", sequence=11, low_income="low_income")
        make_hire(hired, posting, hired_on=date(2025, 5, 1))
        before = make_worker(TOWN + "001", sequence=12)
        make_hire(before, posting, hired_on=date(2025, 1, 1))  # before the venture started
        employee = make_worker(TOWN + "002", sequence=13)
        services.record_employee(venture, employee, started_on=date(2025, 4, 1), by=town_staff)
        services.record_employee(venture, hired, started_on=date(2025, 6, 1), by=town_staff)
        jobs = services.jobs_of(venture)
        assert [(j.worker.pk, j.source) for j in jobs] == [
            (employee.pk, "employee"),
            (hired.pk, "hire"),
        ]
        assert sum(j.low_income for j in jobs) == 1
        assert services.jobs_by_venture([venture])[venture.pk] == jobs

    def test_the_founder_is_no_job_created(self, founder, town_staff):
        venture = make_venture(founder, town_staff)
        with pytest.raises(VentureError):
            services.record_employee(venture, founder, started_on=date(2025, 4, 1), by=town_staff)
        assert not Employee.objects.exists() and refused("ventures.employee.refused") == 1

    def test_an_employee_twice_is_refused(self, founder, town_staff):
        venture = make_venture(founder, town_staff)
        person = make_worker(TOWN + "001", sequence=14)
        services.record_employee(venture, person, started_on=date(2025, 4, 1), by=town_staff)
        with pytest.raises(VentureError, match="已记录"):
            services.record_employee(venture, person, started_on=date(2025, 4, 2), by=town_staff)


class TestSupport:
    def test_support_lists_loans_and_recorded_events(self, founder, town_staff, village_staff):
        from tests.loans.helpers import disbursed

        venture = make_venture(founder, town_staff)
        loan = disbursed(founder, village_staff, town_staff, amount=Decimal("100000"))
        services.record_support(
            venture, kind="mentoring", on=date(2025, 6, 1), note="导师走访：网店运营", by=town_staff
        )
        received = services.support_of(venture)
        kinds = {r.kind for r in received}
        assert {"loan", "mentoring"} <= kinds
        assert any(f"/loans/{loan.pk}/" == r.url for r in received)

    def test_support_in_the_future_is_refused(self, founder, town_staff):
        venture = make_venture(founder, town_staff)
        with pytest.raises(VentureError):
            services.record_support(
                venture, kind="guidance", on=timezone.localdate() + timedelta(days=1),
                by=town_staff,
            )  # fmt: skip


class TestParks:
    def test_a_full_park_refuses_a_tenant(self, founder, town_staff, county_staff):
        park = services.save_park(
            Park(name="宿城返乡创业园", kind="park", region_id="321302", capacity=1),
            by=county_staff,
        )
        first = make_venture(founder, town_staff)
        services.move_into_park(first, park, on=date(2025, 4, 1), by=town_staff)
        second = make_venture(make_worker(TOWN + "001", sequence=15), town_staff, name="二号")
        with pytest.raises(VentureError, match="已满"):
            services.move_into_park(second, park, on=date(2025, 4, 1), by=town_staff)
        assert services.tenants_of(park).count() == 1
        assert refused("ventures.tenancy.refused") == 1

    def test_moving_closes_the_previous_tenancy(self, founder, town_staff, county_staff):
        one = services.save_park(
            Park(name="一号园", kind="incubator", region_id="321302", capacity=5), by=county_staff
        )
        two = services.save_park(
            Park(name="二号园", kind="zone", region_id="321302", capacity=5), by=county_staff
        )
        venture = make_venture(founder, town_staff)
        services.move_into_park(venture, one, on=date(2025, 4, 1), by=town_staff)
        services.move_into_park(venture, two, on=date(2025, 5, 1), by=town_staff)
        assert services.tenants_of(one).count() == 0 and services.tenants_of(two).count() == 1

    def test_capacity_below_the_tenants_is_refused(self, founder, town_staff, county_staff):
        park = services.save_park(
            Park(name="园", kind="park", region_id="321302", capacity=2), by=county_staff
        )
        services.move_into_park(make_venture(founder, town_staff), park, on=date(2025, 4, 1),
                                by=town_staff)  # fmt: skip
        services.move_into_park(
            make_venture(make_worker(TOWN + "001", sequence=16), town_staff, name="二"), park,
            on=date(2025, 4, 1), by=town_staff,
        )  # fmt: skip
        park.capacity = 1
        with pytest.raises(VentureError):
            services.save_park(park, by=county_staff)


class TestLiaisons:
    def test_a_contact_with_a_problem_solved(self, founder, town_staff, county_staff):
        venture = make_venture(founder, town_staff)
        liaison = services.save_liaison(
            Liaison(name="王金融", kind="finance", organisation="农商银行", region_id="321302",
                    phone="13812345678"),
            by=county_staff,
        )  # fmt: skip
        assignment = services.assign_liaison(venture, liaison, on=date(2025, 4, 1), by=town_staff)
        contact = services.record_contact(
            assignment, on=date(2025, 4, 2), way="visit", problem="缺少流动资金", by=town_staff
        )
        services.mark_solved(contact, on=date(2025, 4, 20), by=town_staff)
        contact.refresh_from_db()
        assert contact.solved_on == date(2025, 4, 20)
        with pytest.raises(VentureError):
            services.assign_liaison(venture, liaison, on=date(2025, 4, 1), by=town_staff)

    def test_a_liaison_of_another_area_is_refused(self, founder, town_staff, outsider):
        venture = make_venture(founder, town_staff)
        other = services.save_liaison(
            Liaison(name="赵法律", kind="legal", region_id=COUNTY_B), by=outsider
        )
        with pytest.raises(VentureError, match="不负责"):
            services.assign_liaison(venture, other, on=date(2025, 4, 1), by=town_staff)
        assert refused("ventures.assignment.refused") == 1


class TestVote:
    @pytest.fixture
    def showcase(self, founder, town_staff, county_staff):
        today = timezone.localdate()
        shown = services.create_showcase(
            Showcase(title="返乡创业明星评选", region_id="321302", opens_on=today,
                     closes_on=today + timedelta(days=7)),
            by=county_staff,
        )  # fmt: skip
        services.add_entry(shown, make_venture(founder, town_staff), by=county_staff)
        return shown

    def test_a_closed_showcase_refuses_votes(self, showcase, worker):
        Showcase.objects.filter(pk=showcase.pk).update(
            opens_on=date(2025, 1, 1), closes_on=date(2025, 1, 31)
        )
        showcase.refresh_from_db()
        with pytest.raises(VentureError, match="投票时间"):
            services.cast_vote(showcase.entries.get(), worker)

    def test_a_person_of_another_area_may_not_vote(self, showcase):
        stranger = make_worker("321311001001", sequence=21)
        with pytest.raises(VentureError, match="本地区"):
            services.cast_vote(showcase.entries.get(), stranger)

    def test_an_entry_of_another_area_is_refused(self, showcase, county_staff, outsider):
        far = make_venture(make_worker("321311001001", sequence=22), outsider,
                           region="321311001", credit_code=credit_code("321311"))  # fmt: skip
        with pytest.raises(VentureError, match="不在评选地区"):
            services.add_entry(showcase, far, by=county_staff)
