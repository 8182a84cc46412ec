"""Every file the platform hands out, as every role of the cast: roles that may not see personal
data never get a full ID or mobile number, whatever column or written form holds it (S12, S22).

`DOWNLOADS` lists the URL patterns whose view returns a file; `test_every_download_is_listed`
finds them in the URLconf (a view, or a function it calls, that sets Content-Disposition or
returns a FileResponse), so a new download fails until it is listed here and walked.
"""

import ast
import datetime
import inspect
import io
import textwrap

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import Workbook

from homeward.accounts.models import Role
from homeward.codes import idnumber
from homeward.employers.models import Employer
from homeward.scoping import covers
from homeward.workers.importer import upload_ledger
from tests.factories import (
    COUNTY,
    VILLAGE,
    WORKER_PHONE,
    make_employer,
    make_posting,
    make_staff,
)
from tests.leaks import any_full_numbers, body_texts, id_forms, leaked, phone_forms

# name → the URL a user fetches, from the walk's records.
DOWNLOADS = {
    "workers:export": lambda d, user: reverse("workers:export"),
    "workers:import-template": lambda d, user: reverse("workers:import-template"),
    "workers:import-result": lambda d, user: reverse(
        "workers:import-result", args=[d["upload"].pk]
    ),
    "jobs:sheet": lambda d, user: reverse("jobs:sheet", args=[user.region_id]) + "?format=xlsx",
    # The arrears blacklist for the credit system: employers only, no person's number.
    "wages:blacklist-export": lambda d, user: reverse("wages:blacklist-export"),
    # An arrears clue's evidence as the worker handed it in, of the user's own area (404
    # outside: the scoping matrix), each opening audited: walked by tests/wages/test_clue_evidence.py.
    "wages:clue-evidence": lambda d, user: reverse(
        "wages:clue-evidence", args=[_wages_evidence_of(user)]
    ),
    # A background job's result is its owner's: walked by test_every_job_result_as_every_role.
    "background:download": None,
    # disputes: a case document of a commission of the user's own area (404 outside it:
    # tests/test_scoping_matrix.py); the portal's copy is the party's own
    # (tests/disputes/test_portal_views.py walks it).
    "disputes:document": lambda d, user: reverse(
        "disputes:document", args=[_dispute_document_in(user.region_id)]
    ),
    "portal:dispute-document": None,
    # the respondent employer's copy (tests/disputes/test_employer_portal.py walks it)
    "portal:employer-dispute-document": None,
    # an agent's signed authorisation (a PDF here), of a case of the user's own area
    "disputes:authorisation": lambda d, user: reverse(
        "disputes:authorisation", args=[_dispute_authorisation_in(user.region_id)]
    ),
    # a case's evidence, as the party handed it in (a PDF here), of the user's own area
    "disputes:evidence": lambda d, user: reverse(
        "disputes:evidence", args=[_dispute_evidence_in(user.region_id)]
    ),
    # surveys: a survey's people as the registry's ledger (county A's survey: B gets 404).
    "surveys:export": lambda d, user: reverse("surveys:export", args=[_county_survey().pk]),
}
# fairs: a fair's results and a season's (counts only) and a fair's job sheet, each of a fair
# of the user's own area (homeward/fairs/views.py).
DOWNLOADS |= {
    "fairs:results": lambda d, user: (
        reverse("fairs:results", args=[_fair_of(user).pk]) + "?format=xlsx"
    ),
    "fairs:season-results": lambda d, user: (
        reverse("fairs:season-results") + f"?season={_fair_of(user).season}&format=xlsx"
    ),
    "fairs:sheet": lambda d, user: (
        reverse("fairs:sheet", args=[_fair_of(user).pk]) + "?format=xlsx"
    ),
}


def _fair_of(user):
    from homeward.fairs.models import Fair

    today = timezone.localdate()
    fair = Fair(
        region_id=user.region_id,
        kind="onsite",
        title="春风行动招聘会",
        season="2027春风行动",
        starts_on=today,
        ends_on=today,
    )
    fair.save()
    return fair


DOWNLOADS["subsidies:batch-download"] = None
# ambassadors: the approved bounties of the viewer's area for payment (names and phones masked).
DOWNLOADS["ambassadors:bounty-export"] = lambda d, user: reverse("ambassadors:bounty-export")


# agencies: a town's weekly digest poster, a PNG of jobs and a QR (no person's data); of the
# user's own town (404 outside: tests/test_scoping_matrix.py), walked by tests/agencies.
def _digest_poster_of(records, user):
    from tests.agencies.factories import make_digest
    from tests.test_scoping_matrix import _digest_place

    place = _digest_place(user.region_id, user.region_id)
    return reverse("agencies:digest-poster", args=[place, make_digest(place).pk])


DOWNLOADS["agencies:digest-poster"] = _digest_poster_of


# reports: an area's monthly report tables and a town's report as submitted (counts only, no
# person's data), of the user's own area (404 outside: tests/test_scoping_matrix.py).
def _reports_download(name, user):
    from tests.test_scoping_matrix import _reports_last_month, _reports_submission_in

    if name == "reports:area-xlsx":
        return reverse(name, args=[user.region_id, _reports_last_month()])
    return reverse(name, args=[_reports_submission_in(user.region_id).pk])


DOWNLOADS |= {
    name: (lambda d, user, name=name: _reports_download(name, user))
    for name in ("reports:area-xlsx", "reports:submission-xlsx")
}


def _wages_evidence_of(user):
    from tests.test_scoping_matrix import _wages_evidence_in

    return _wages_evidence_in(user.region_id, user.region_id).pk


# The bank file of a payment batch is taken once (POST) by a county or city user who may see
# personal data, then deleted: walked by tests/subsidies/test_payment.py and test_pages.py.
OWNED_DOWNLOADS = {"background:download", "portal:dispute-document", "subsidies:batch-download"}
# A subsidy application's PDF evidence, opened by staff of its area (404 outside: the scoping
# matrix), each view audited: walked by tests/subsidies/test_staff_pages.py.
DOWNLOADS["subsidies:evidence-file"] = None
OWNED_DOWNLOADS |= {"subsidies:evidence-file"}


# targets: a checklist duty's evidence (a PDF here) of the user's own area, each opening audited
# (404 outside the area: tests/test_scoping_matrix.py; tests/targets/test_checklist.py).
def _targets_attachment_of(records, user):
    from tests.test_scoping_matrix import _targets_attachment_in

    return reverse("targets:attachment", args=[_targets_attachment_in(user.region_id).pk])


DOWNLOADS["targets:attachment"] = _targets_attachment_of
# disputes: the respondent employer's copy of a served document is its own
OWNED_DOWNLOADS |= {"portal:employer-dispute-document"}


# cooperatives: a cooperative's members list (names and ID numbers masked) of the user's own area
# (404 outside it: tests/test_scoping_matrix.py).
def _cooperatives_members_of(records, user):
    from homeward.cooperatives.models import Membership
    from homeward.workers.models import Worker
    from tests.test_scoping_matrix import cooperatives_coop_in

    coop = cooperatives_coop_in(user.region_id)
    for worker in Worker._base_manager.filter(region_id=VILLAGE)[:3]:  # the cast's worker first
        Membership.objects.create(
            cooperative=coop, worker=worker, joined_on=datetime.date(2025, 1, 1)
        )
    return reverse("cooperatives:members-export", args=[coop.pk])


DOWNLOADS["cooperatives:members-export"] = _cooperatives_members_of
# Downloads of one record of county A: staff of county B get 404 (tests/test_scoping_matrix.py).
REGIONAL_DOWNLOADS = {"workers:import-result", "surveys:export"}
# Downloads that carry people's numbers, and who gets them in full besides roles that may see
# personal data: the ledger's uploader gets their own file back.
FULL_FOR = {
    "workers:export": set(),
    "workers:import-result": {"village_staff"},
    "surveys:export": set(),
}


def _county_survey():
    from homeward.surveys.models import SurveyCampaign
    from tests.factories import make_survey

    return SurveyCampaign._base_manager.filter(region_id=COUNTY).first() or make_survey(COUNTY)


_MARKERS = ("Content-Disposition", "content_disposition_header", "FileResponse", "attachment")


def _patterns(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.callback


def _hands_out_a_file(func, depth: int = 2) -> bool:
    """The view's source, or that of a project function it calls, makes a file response."""
    func = inspect.unwrap(getattr(func, "view_class", func))
    try:
        source = textwrap.dedent(inspect.getsource(func))
    except (OSError, TypeError):
        return False
    if any(marker in source for marker in _MARKERS):
        return True
    if depth == 0 or not hasattr(func, "__globals__"):
        return False
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            called = func.__globals__.get(node.func.id)
            if (
                inspect.isfunction(called)
                and called.__module__.startswith("homeward")
                and _hands_out_a_file(called, depth - 1)
            ):
                return True
    return False


def test_every_download_is_listed():
    found = {
        name
        for name, view in _patterns()
        if not name.startswith("admin:") and _hands_out_a_file(view)
    }
    assert found == set(DOWNLOADS), "list every download in DOWNLOADS and walk it"


def _dispute_document_in(area: str) -> int:
    from decimal import Decimal

    from homeward.disputes.models import Commission
    from homeward.disputes.services import ClaimLine, file_dispute
    from homeward.workers.models import Worker

    commission = Commission.objects.create(title="仲裁委", region_id=area, prefix="测劳人仲案字")
    filing = file_dispute(
        commission=commission,
        worker=Worker.objects.order_by("pk").first(),
        employer_name="某公司",
        facts="欠薪",
        claims=[ClaimLine("wages", Decimal(100))],
        source="window",
    )
    return filing.dispute.documents.get().pk


def _dispute_evidence_in(area: str) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from homeward.disputes.models import Document
    from homeward.disputes.services import add_evidence

    dispute = Document._base_manager.get(pk=_dispute_document_in(area)).dispute
    pdf = SimpleUploadedFile("工资条.pdf", b"%PDF-1.4 wage slip", content_type="application/pdf")
    return add_evidence(dispute, pdf).pk


def _dispute_authorisation_in(area: str) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from homeward.disputes.models import Document, PartyRole
    from homeward.disputes.services import add_agent

    dispute = Document._base_manager.get(pk=_dispute_document_in(area)).dispute
    letter = SimpleUploadedFile(
        "委托书.pdf", b"%PDF-1.4 authorisation", content_type="application/pdf"
    )
    principal = dispute.parties.get(role=PartyRole.APPLICANT)
    return add_agent(dispute, principal, letter, kind="lawyer", name="陈律师").pk


PLANTED_PHONES = ["13812345678", "15098765432", "18611112222"]


@pytest.fixture
def records(db, worker, village_staff):
    """The cast's worker, a ledger of numbers in every written form uploaded by the village
    clerk, and a published posting of the county (its job sheet)."""
    ids = [
        idnumber.make(VILLAGE[:6], datetime.date(1990, 1, 1 + n), 40 + n, True) for n in range(3)
    ]
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "手机号码", "所在村", "备注"])
    forms = [(i, p) for i in id_forms(ids[0]) for p in phone_forms(PLANTED_PHONES[0])]
    for n, (id_form, phone_form) in enumerate(forms):
        sheet.append(
            [
                f"李{n}",
                id_form,
                phone_form,
                "凤凰居委会",
                f"家属 {ids[1]} 电话 +86 {PLANTED_PHONES[1]}",
            ]
        )
    sheet.append(["王五", ids[2], int(PLANTED_PHONES[2]), "凤凰居委会", ""])  # a phone as a number
    content = io.BytesIO()
    book.save(content)
    upload = upload_ledger(content.getvalue(), "台账.xlsx", region=VILLAGE, by=village_staff)
    posting = make_posting(make_employer("321302001"))
    posting.status = "published"
    posting.save()
    return {
        "upload": upload,
        "numbers": {*ids, *PLANTED_PHONES, worker.id_number, WORKER_PHONE},
    }


@pytest.fixture
def cast(db, request, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    people = {
        name: request.getfixturevalue(name)
        for name in (
            "city_staff",
            "county_staff",
            "town_staff",
            "village_staff",
            "leader",
            "outsider",
        )
    }
    people["county_admin"] = make_staff(COUNTY, role=Role.ADMIN, username="county-admin")
    people["personal_data_clerk"] = make_staff(
        COUNTY, username="county-pd", may_see_personal_data=True
    )
    people["personal_data_leader"] = make_staff(
        COUNTY, role=Role.LEADER, username="county-pd-leader", may_see_personal_data=True
    )
    return people


@pytest.mark.parametrize("name", sorted(set(DOWNLOADS) - OWNED_DOWNLOADS))
def test_every_download_as_every_role(client, cast, records, name):
    # An employer's business contact is for handing out (homeward/personal_data.py); the blank
    # ledger's example row shows the made-up 13800000000.
    business = {*Employer.objects.values_list("contact_phone", flat=True), "13800000000"}
    for role, user in cast.items():
        client.force_login(user)
        response = client.get(DOWNLOADS[name](records, user))
        if role == "outsider" and name in REGIONAL_DOWNLOADS:
            assert response.status_code == 404, (name, role)
            continue
        assert response.status_code == 200, (name, role)
        assert response["Content-Disposition"].startswith("attachment"), (name, role)
        text = "\n".join(body_texts(response))
        in_full = user.may_see_personal_data or role in FULL_FOR.get(name, ())
        if in_full and name in FULL_FOR and role != "outsider":
            # The same file holds the numbers in full for those who may see them: the test can
            # fail, and the masking below is the permission's doing.
            assert leaked(text, records["numbers"]), (name, role)
        elif not in_full:
            assert not leaked(text, records["numbers"]), (name, role)
            assert not any_full_numbers(text, allowed=business), (name, role)
            if name in FULL_FOR and role != "outsider":
                assert "****" in text, (name, role)  # the numbers are there, masked


def test_every_job_result_as_every_role(client, cast, records):
    """A large export's file, run by the real task: the owner takes it, an area administrator
    takes a masked one, nobody else of the area does (403), another county sees no such job
    (404); a file with full numbers goes only to someone who may see them, and a masked one
    holds none in full."""
    from homeward.background.models import BackgroundJob
    from homeward.workers.tasks import export_later, export_ledger_job

    clerk, pd_clerk = cast["county_staff"], cast["personal_data_clerk"]
    masked = export_later(clerk, COUNTY, search={}, filters={}, unmasked=False, rows=1)
    full = export_later(pd_clerk, COUNTY, search={}, filters={}, unmasked=True, rows=1)
    for job in (masked, full):
        export_ledger_job.call(job.pk)
    assert set(BackgroundJob._base_manager.values_list("status", flat=True)) == {"done"}
    expected = {
        masked.pk: {"county_staff": 200, "county_admin": 200},
        full.pk: {"personal_data_clerk": 200},
    }
    for pk, allowed in expected.items():
        for role, user in cast.items():
            client.force_login(user)
            response = client.get(reverse("background:download", args=[pk]))
            sees_the_job = covers(user.region_id, COUNTY)  # scoped: below or beside, no such job
            expected_status = allowed.get(role, 403 if sees_the_job else 404)
            assert response.status_code == expected_status, (pk, role)
            if response.status_code == 200:
                text = "\n".join(body_texts(response))
                if pk == full.pk:  # the test can fail: the numbers are there in full
                    assert leaked(text, records["numbers"]), role
                else:
                    assert not leaked(text, records["numbers"]), role
                    assert not any_full_numbers(text), role
