"""Arbitrators and mediators see only the cases assigned to them (assignments.py through the
scoped managers): the case page, its documents, its steps, the list, the board, the figures."""

from datetime import date

import pytest
from django.urls import reverse

from homeward.disputes import services
from homeward.disputes.models import Arbitrator, Dispute, Document
from homeward.scoping import viewer_scope
from tests.factories import make_staff, make_worker

from .conftest import accepted_case, file_case

ON = date(2026, 3, 2)


@pytest.fixture
def arbitrator_user(db):
    return make_staff("321302", username="arbitrator-li")


@pytest.fixture
def cases(commission, arbitrators, worker, county_staff, arbitrator_user):
    """Case A on 李仲裁's tribunal (李 is the user), case B on 王仲裁's."""
    li, wang, _zhao = arbitrators
    li.user = arbitrator_user
    li.save()
    mine = accepted_case(commission, worker, county_staff, on=ON)
    theirs = accepted_case(commission, make_worker("321302001001", sequence=9), county_staff, on=ON)
    services.form_tribunal(mine, arbitrators=[li], on=ON, by=county_staff)
    services.form_tribunal(theirs, arbitrators=[wang], on=ON, by=county_staff)
    return mine, theirs


def test_an_arbitrator_opens_their_tribunal_s_case_and_gets_404_for_another(
    client, cases, arbitrator_user
):
    mine, theirs = cases
    client.force_login(arbitrator_user)
    assert client.get(reverse("disputes:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("disputes:detail", args=[theirs.pk])).status_code == 404
    theirs_doc = Document._base_manager.filter(dispute=theirs).first()
    assert client.get(reverse("disputes:document", args=[theirs_doc.pk])).status_code == 404
    response = client.post(
        reverse("disputes:step", args=[theirs.pk, "defence"]), {"defence-on": "2026-03-05"}
    )
    assert response.status_code == 404
    assert Dispute._base_manager.get(pk=theirs.pk).defence_on is None
    served = client.post(
        reverse("disputes:serve", args=[theirs_doc.pk]), {"party": 1, "method": "post"}
    )
    assert served.status_code == 404


def test_the_list_board_and_figures_hold_only_the_arbitrator_s_cases(
    client, cases, arbitrator_user, arbitrators
):
    mine, theirs = cases
    client.force_login(arbitrator_user)
    listed = [d.pk for d in client.get(reverse("disputes:list")).context["page"]]
    assert listed == [mine.pk]
    board = client.get(reverse("disputes:board")).context["rows"]
    assert {row[0].pk for row in board} <= {mine.pk} and board
    wang = arbitrators[1]
    by_wang = client.get(reverse("disputes:board"), {"arbitrator": wang.pk}).context["rows"]
    assert by_wang == []
    figures = client.get(reverse("disputes:figures"), {"year": 2026}).context["total"]
    assert figures.counts["accepted"] == 1


def test_the_chair_and_staff_who_are_no_arbitrator_see_every_case_of_the_area(
    client, cases, county_staff
):
    client.force_login(county_staff)  # the commission's chair (conftest)
    assert len(client.get(reverse("disputes:list")).context["page"]) == 2
    clerk = make_staff("321302", username="window-clerk")
    client.force_login(clerk)
    assert len(client.get(reverse("disputes:list")).context["page"]) == 2


def test_a_mediator_sees_the_case_they_mediate(
    client, commission, worker, county_staff, arbitrators
):
    mediator_user = make_staff("321302", username="mediator-zhao")
    zhao = arbitrators[2]
    zhao.user = mediator_user
    zhao.save()
    mediated = file_case(commission, worker, by=county_staff)
    other = file_case(commission, worker, by=county_staff)
    client.force_login(county_staff)
    response = client.post(
        reverse("disputes:step", args=[mediated.pk, "mediate"]),
        {
            "mediate-mediator_kind": "commission",
            "mediate-mode": "video",
            "mediate-mediator": zhao.pk,
            "mediate-started_on": "2026-03-03",
        },
    )
    assert response.status_code == 302
    mediation = mediated.mediations.get()
    assert mediation.mediator == zhao and mediation.mediator_name == "赵仲裁"
    client.force_login(mediator_user)
    assert client.get(reverse("disputes:detail", args=[mediated.pk])).status_code == 200
    assert client.get(reverse("disputes:detail", args=[other.pk])).status_code == 404


def test_an_arbitrator_with_no_case_sees_none(client, commission, county_staff, worker):
    user = make_staff("321302", username="new-arbitrator")
    Arbitrator.objects.create(commission=commission, name="新仲裁", user=user)
    file_case(commission, worker, by=county_staff)
    client.force_login(user)
    assert len(client.get(reverse("disputes:list")).context["page"]) == 0


def test_a_mediator_linked_to_a_party_is_refused(commission, worker, county_staff, arbitrators):
    zhao = arbitrators[2]
    zhao.linked_workers.add(worker)
    dispute = file_case(commission, worker, by=county_staff)
    with pytest.raises(services.DisputeError, match="回避"):
        services.start_mediation(
            dispute,
            mediator_kind="commission",
            mode="phone",
            mediator_name="",
            mediator=zhao,
            started_on=ON,
            by=county_staff,
        )


def test_the_limit_is_the_managers_own_outside_pages_too(cases, arbitrator_user):
    """The same managers limit a query made in code with the arbitrator as viewer."""
    mine, _theirs = cases
    with viewer_scope(arbitrator_user):
        assert list(Dispute.objects.values_list("pk", flat=True)) == [mine.pk]
        assert {d.dispute_id for d in Document.objects.all()} == {mine.pk}
    assert Dispute.objects.count() == 2
