"""The figures, counted from events against a hand-counted set of cases, each opening its cases."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from homeward.disputes import figures, services
from homeward.disputes.models import Dispute, MediationMode, MediatorKind
from tests.factories import COUNTY_B

from .conftest import file_case, make_commission


def _mediate(dispute, by, on):
    services.start_mediation(
        dispute,
        mediator_kind=MediatorKind.COMMISSION,
        mode=MediationMode.IN_PERSON,
        mediator_name="陈调解",
        started_on=on,
        by=by,
    )


@pytest.fixture
def cases(commission, worker, county_staff, arbitrators):
    by = county_staff
    # A: settled by mediation on 10 Mar, 7,500 yuan (8 days from filing)
    a = file_case(commission, worker, by=by)
    _mediate(a, by, date(2026, 3, 2))
    services.record_mediation_agreement(
        a, on=date(2026, 3, 10), amount=Decimal(7500), terms="付清", by=by
    )
    # B: mediation failed on 17 Mar, accepted 18 Mar, awarded in time on 10 Apr (39 days)
    b = file_case(commission, worker, by=by)
    _mediate(b, by, date(2026, 3, 2))
    services.record_mediation_failure(b, on=date(2026, 3, 17), by=by)
    services.apply_for_arbitration(b, received_on=date(2026, 3, 18), by=by)
    services.accept_dispute(b, on=date(2026, 3, 18), by=by)
    services.form_tribunal(b, arbitrators=[arbitrators[0]], on=date(2026, 3, 19), by=by)
    services.issue_award(
        b, on=date(2026, 4, 10), awarded={c.pk: c.amount for c in b.claims.all()}, by=by
    )
    # C: accepted on 2 Mar, still open
    c = file_case(commission, worker, by=by)
    services.apply_for_arbitration(c, received_on=date(2026, 3, 2), by=by)
    services.accept_dispute(c, on=date(2026, 3, 2), by=by)
    # D: county B's commission, filed only
    d = file_case(make_commission(COUNTY_B, prefix="宿豫劳人仲案字"), worker, by=None)
    return a, b, c, d


def test_the_rates_per_commission(cases, commission):
    a, b, c, d = cases
    rows = {r.key: r for r in figures.table(Dispute.objects.all(), 2026, "commission")}
    mine = rows[str(commission.pk)]
    assert mine.counts["filed"] == 3 and mine.workers == 3
    assert (mine.counts["mediation_closed"], mine.counts["mediation_agreed"]) == (2, 1)
    assert mine.mediation_success_pct == "50.0 %"
    assert (mine.counts["closed"], mine.counts["mediated"]) == (2, 1)
    assert mine.mediation_share == 0.5
    assert (mine.counts["accepted"], mine.counts["arb_closed"], mine.counts["arb_in_time"]) == (
        2,
        1,
        1,
    )
    assert mine.arbitration_closure_pct == "50.0 %"
    assert mine.average_days == (8 + 39) / 2
    assert mine.claimed == Decimal("24000.00") and mine.recovered == Decimal("15500.00")
    assert rows[str(d.commission_id)].counts["filed"] == 1


def test_by_county_and_month(cases, commission):
    by_county = {
        r.key: r.counts["filed"] for r in figures.table(Dispute.objects.all(), 2026, "county")
    }
    assert by_county == {"321302": 3, "321311": 1}
    by_month = {r.key: r.counts for r in figures.table(Dispute.objects.all(), 2026, "month")}
    assert by_month["03"]["mediation_agreed"] == 1 and by_month["04"]["arb_closed"] == 1
    assert figures.table(Dispute.objects.all(), 2025, "month") == []


def test_each_figure_opens_the_cases_behind_it(client, cases, commission, county_staff):
    a, b, c, d = cases
    behind = figures.matching(
        Dispute.objects.all(), "mediation_agreed", 2026, commission=commission.pk
    )
    assert [x.pk for x in behind] == [a.pk]
    client.force_login(county_staff)
    page = client.get(reverse("disputes:figures"), {"year": 2026})
    link = (
        f"{reverse('disputes:list')}?metric=arb_closed&amp;year=2026&amp;commission={commission.pk}"
    )
    assert link in page.content.decode()
    listing = client.get(
        reverse("disputes:list"), {"metric": "accepted", "year": 2026, "commission": commission.pk}
    )
    assert {x.pk for x in listing.context["page"]} == {b.pk, c.pk}


def test_each_rate_opens_the_cases_it_is_counted_over(client, cases, commission, county_staff):
    """A rate or an average is a figure too: it opens the cases of its denominator."""
    import re

    client.force_login(county_staff)
    page = client.get(reverse("disputes:figures"), {"year": 2026}).content.decode()
    base = reverse("disputes:list")
    for figure, metric in (
        ("mediation_success", "mediation_closed"),
        ("mediation_share", "closed"),
        ("arbitration_closure", "accepted"),
        ("arbitration_in_time", "accepted"),
        ("average_days", "closed"),
    ):
        cell = re.search(
            rf'data-figure="{figure}"><a href="([^"]+)">', page
        )  # the first row: this commission's
        assert cell, figure
        assert cell.group(1) == (
            f"{base}?metric={metric}&amp;year=2026&amp;commission={commission.pk}"
        ), figure


def test_county_b_staff_see_only_their_commission(client, cases, outsider):
    a, b, c, d = cases
    client.force_login(outsider)
    rows = client.get(reverse("disputes:figures"), {"year": 2026}).context["rows"]
    assert [r.key for r, _name in rows] == [str(d.commission_id)]
