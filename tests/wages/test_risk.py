"""The risk score: explained by its parts, higher for a project whose books show trouble, and
better than the warnings count alone on the held-out synthetic history; the ranking page."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from homeward.wages import risk, risk_synth, services
from homeward.wages.models import Attendance

from .helpers import make_entry, make_project


def test_auc_counts_ties_half_and_needs_both_classes():
    assert risk.auc([1, 2, 3, 4], [False, False, True, True]) == 1.0
    assert risk.auc([1, 1], [False, True]) == 0.5
    with pytest.raises(ValueError):
        risk.auc([1, 2], [True, True])


def test_the_score_names_its_parts_largest_first():
    calm = risk.score(risk.Signals())
    troubled = risk.score(risk.Signals(delay_growth=12, unpaid_share=0.5, complaints=2))
    assert troubled.value > calm.value
    assert [p.code for p in troubled.top()][:1] == ["unpaid_share"]
    assert {p.code for p in troubled.parts} == set(risk.WEIGHTS)
    assert all(p.points == 0 for p in calm.parts)


def test_delay_growth_compares_the_last_three_periods_with_the_three_before():
    delays = [(m, 0.0) for m in range(3)] + [(m, 10.0) for m in range(3, 6)]
    assert risk.delay_growth(delays) == 10.0
    assert risk.delay_growth([(1, 5.0)]) == 0.0


def test_on_held_out_history_the_score_beats_the_warnings_count():
    for seed in risk_synth.HELD_OUT_SEEDS:
        history = risk_synth.history(1000, seed)
        labels = [d for _s, d in history]
        ours = risk.auc([risk.score(s).value for s, _d in history], labels)
        base = risk.auc([s.warnings for s, _d in history], labels)
        assert ours > base + 0.05, seed


@pytest.mark.django_db
def test_a_project_with_unpaid_attendance_ranks_above_a_paid_one(client, county_staff):
    quiet = make_project(name="安静项目")
    loud = make_project(name="欠薪项目")
    for n in range(4):
        entry = make_entry(loud, 10 + n)
        Attendance.objects.create(project=loud, entry=entry, month=date(2026, 3, 1), days=20)
    scores = services.risk_of([quiet, loud], today=date(2026, 6, 1))
    assert scores[loud.pk].value > scores[quiet.pk].value
    assert scores[loud.pk].top()[0].code == "unpaid_share"
    client.force_login(county_staff)
    page = client.get(reverse("wages:risk")).content.decode()
    assert page.index("欠薪项目") < page.index("安静项目")
    assert 'data-testid="county-grid"' in page and "county-data" in page
    page = client.get(reverse("wages:project", args=[loud.pk])).content.decode()
    assert 'data-testid="risk-score"' in page


@pytest.mark.django_db
def test_the_risk_page_shows_only_the_viewers_area(client, outsider):
    make_project(name="宿城项目", contract_value=Decimal(1))
    client.force_login(outsider)
    assert "宿城项目" not in client.get(reverse("wages:risk")).content.decode()
