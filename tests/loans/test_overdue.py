"""`homeward loans overdue` (daily): overdue periods marked from the schedule and the bank's
repayments, each told once in the app to the one who follows the loan (the venture's liaison
officer with a staff account, else the clerk who entered it); a second run changes nothing."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from homeward.loans import services
from homeward.loans.models import Instalment, OverdueNotice
from homeward.ventures.models import Assignment, Liaison
from tests.factories import make_staff, make_worker
from tests.loans.helpers import disbursed
from tests.ventures.helpers import make_venture

HEADER = "贷款合同编号,期次,还款日期,还款本金,还款利息,逾期罚息,银行流水号\n"


@pytest.fixture
def founder(db):
    return make_worker("321302001001", sequence=7, name="李创业")


@pytest.fixture
def loan(founder, village_staff, town_staff):
    return disbursed(founder, village_staff, town_staff)  # 2025-01-10, quarterly, 12 months


def test_overdue_periods_are_marked_and_told_once(loan, village_staff):
    run = services.notify_overdue(as_of=date(2025, 5, 1))
    assert run.overdue == 1 and run.told == 1
    period = Instalment.objects.get(loan=loan, number=1)
    assert period.status == Instalment.Status.OVERDUE and period.overdue_days > 0
    notice = OverdueNotice.objects.get()
    assert notice.instalment == period and notice.user == village_staff
    again = services.notify_overdue(as_of=date(2025, 5, 1))
    assert again.told == 0 and OverdueNotice.objects.count() == 1


def test_the_ventures_liaison_officer_is_told(loan, founder, town_staff, county_staff):
    venture = make_venture(founder, town_staff)
    officer = make_staff("321302", username="finance-liaison")
    liaison = Liaison(name="王金融", kind="finance", region_id="321302", user=officer)
    liaison.save()
    Assignment(liaison=liaison, venture=venture, assigned_on=date(2025, 4, 1)).save()
    services.notify_overdue(as_of=date(2025, 5, 1))
    assert OverdueNotice.objects.get().user == officer


def test_the_command_runs_daily_and_the_staff_home_shows_it(client, loan, village_staff):
    out = StringIO()
    call_command("loans", "overdue", "--as-of", "2025-05-01", stdout=out)
    call_command("loans", "overdue", "--as-of", "2025-05-01", stdout=out)
    assert "1 overdue periods; 1 newly told" in out.getvalue()
    assert "1 overdue periods; 0 newly told" in out.getvalue()
    client.force_login(village_staff)
    page = client.get(reverse("home")).content.decode()
    assert reverse("loans:detail", args=[loan.pk]) in page and "第 1 期" in page


def test_a_repaid_period_leaves_the_queue(loan, village_staff, town_staff):
    services.notify_overdue(as_of=date(2025, 5, 1))
    assert services.overdue_notices(village_staff).count() == 1
    content = (HEADER + "SQ-2025-001,1,2025-04-10,0,1550.00,,B001\n").encode()
    report = services.import_repayments(loan.lender, content, "还款.csv", by=town_staff)
    assert report.ok, report.errors
    services.notify_overdue(as_of=date(2025, 5, 1))
    assert services.overdue_notices(village_staff).count() == 0


def test_a_bad_date_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("loans", "overdue", "--as-of", "2025-13-01")
