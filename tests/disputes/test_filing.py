"""Filing a dispute: numbering per commission and year, parties, the limitation warning."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from homeward.audit.models import AuditEvent
from homeward.disputes import services
from homeward.disputes.models import DocumentKind, PartyRole
from homeward.disputes.services import DisputeError
from tests.factories import VILLAGE, make_worker

from .conftest import file_case, make_commission


def test_cases_are_numbered_per_commission_and_year(commission, worker, county_staff):
    first = file_case(commission, worker, by=county_staff)
    second = file_case(commission, worker, by=county_staff)
    next_year = file_case(commission, worker, by=county_staff, filed_on=date(2027, 1, 5))
    other = file_case(make_commission(prefix="宿劳人仲案字"), worker, by=county_staff)
    assert (first.number, second.number, next_year.number, other.number) == (1, 2, 1, 1)
    assert second.case_number == "宿城劳人仲案字〔2026〕第 2 号"
    assert next_year.case_number == "宿城劳人仲案字〔2027〕第 1 号"


def test_filing_writes_parties_claims_the_application_and_an_audit_row(
    commission, worker, employer, county_staff
):
    dispute = file_case(commission, worker, by=county_staff, employer=employer)
    roles = sorted(dispute.parties.values_list("role", flat=True))
    assert roles == [PartyRole.APPLICANT, PartyRole.RESPONDENT]
    assert dispute.employer_name == "幸福电子厂"
    assert dispute.total_claimed == Decimal("8000.00")
    assert dispute.documents.get().kind == DocumentKind.APPLICATION
    assert AuditEvent.objects.filter(
        action="disputes.dispute.filed", object_id=str(dispute.pk)
    ).exists()


def test_a_claim_older_than_a_year_is_warned_of_never_refused(commission, worker, county_staff):
    filing = services.file_dispute(
        commission=commission,
        worker=worker,
        employer_name="某公司",
        facts="欠薪",
        claims=[services.ClaimLine("wages", Decimal(100))],
        source="window",
        known_on=date(2025, 1, 10),
        filed_on=date(2026, 3, 2),
        by=county_staff,
    )
    assert filing.dispute.pk and filing.dispute.limitation_warning
    assert "2026 年 1 月 10 日" in filing.limitation_warning


def _file_late(commission, worker, by, **extra):
    return services.file_dispute(
        commission=commission,
        worker=worker,
        employer_name="某公司",
        facts="欠薪",
        claims=[services.ClaimLine("wages", Decimal(100))],
        source="window",
        known_on=date(2025, 1, 10),
        filed_on=date(2026, 3, 2),
        by=by,
        **extra,
    )


def test_a_recorded_interruption_restarts_the_year(commission, worker, county_staff):
    filing = _file_late(
        commission,
        worker,
        county_staff,
        interrupted_on=date(2025, 6, 1),
        interruption=" 向用人单位书面讨薪 ",
    )
    assert filing.limitation_warning == "" and not filing.dispute.limitation_warning
    filing.dispute.refresh_from_db()
    assert filing.dispute.interrupted_on == date(2025, 6, 1)
    assert filing.dispute.interruption == "向用人单位书面讨薪"


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"interrupted_on": date(2024, 12, 1), "interruption": "投诉"}, "interrupted_on"),
        ({"interrupted_on": date(2026, 3, 3), "interruption": "投诉"}, "interrupted_on"),
        ({"interrupted_on": date(2025, 6, 1), "interruption": " "}, "interruption"),
    ],
)
def test_a_bad_interruption_is_refused_and_nothing_written(
    commission, worker, county_staff, extra, field
):
    from homeward.disputes.models import Dispute

    with pytest.raises(DisputeError) as refused:
        _file_late(commission, worker, county_staff, **extra)
    assert refused.value.field == field
    assert not Dispute.objects.exists()
    assert AuditEvent.objects.filter(action="disputes.dispute.filed", result="refused").exists()


def test_within_the_year_there_is_no_warning(commission, worker, county_staff):
    assert services.limitation_warning(date(2025, 6, 1), date(2026, 3, 2)) == ""


def test_a_collective_case_needs_three_to_five_representatives(commission, worker, county_staff):
    others = [make_worker(VILLAGE, sequence=10 + i) for i in range(9)]
    with pytest.raises(DisputeError, match="3 至 5 名代表"):
        file_case(
            commission, worker, by=county_staff, co_workers=others, representatives=others[:2]
        )
    dispute = file_case(
        commission, worker, by=county_staff, co_workers=others, representatives=others[:3]
    )
    assert dispute.is_collective and not dispute.is_sole_arbitrator
    assert dispute.parties.filter(is_representative=True).count() == 3


def test_a_bad_credit_code_is_refused_naming_the_field(commission, worker, county_staff):
    with pytest.raises(DisputeError, match="统一社会信用代码") as refused:
        file_case(commission, worker, by=county_staff, employer_uscc="91320000ABC")
    assert refused.value.field == "employer_uscc"


def test_no_claims_is_refused(commission, worker, county_staff):
    with pytest.raises(DisputeError, match="至少填写一项"):
        file_case(commission, worker, by=county_staff, claims=[])


def test_a_leader_may_not_file(commission, worker, leader):
    with pytest.raises(PermissionDenied):
        file_case(commission, worker, by=leader)
