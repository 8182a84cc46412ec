"""SECURITY.md S7: every URL pattern × each staff level × {own, sibling, parent area}.

Each page is declared below as public, area-free or regional. A new URL pattern fails
`test_every_url_pattern_is_declared` until it joins the matrix, so new pages are tried by default.
"""

import datetime

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from homeward.accounts.models import Role, User
from homeward.regions.models import Region
from homeward.scoping import covers, limit_to_area, region_of
from tests.factories import (
    AREAS,
    RECORD_MAKERS,
    make_employer,
    make_posting,
    make_staff,
    make_worker,
)

# Pages anyone may open.
PUBLIC = {"landing", "accounts:login", "healthz", "set_language", "favicon"}
# Delivery receipts posted by message providers: no session, the sender proves itself instead.
PUBLIC |= {"receipts:tencent", "receipts:webhook"}
# Pages of the worker and employer portal. Portal people are not staff and have no area: each
# page shows public jobs or the signed-in person's own records, read through explicit ownership
# filters (tests/portal tries changing ids); a staff session is no portal session (below).
PORTAL = {
    "portal:home",
    "portal:signin",
    "portal:bind",
    "portal:signout",
    "portal:jobs",
    "portal:job",
    "portal:apply",
    "portal:applications",
    "portal:withdraw",
    "portal:campaign-jobs",
    "portal:me",
    "portal:wishes",
    "portal:inbox",
    "portal:message-settings",
    "portal:articles",
    "portal:article",
}
# The employer portal (/e/): an employer user sees only their employer's postings and the
# applications to them (tests/portal/test_employer_*); staff sessions are nobody there (below).
PORTAL |= {
    "portal:employer-signin",
    "portal:employer-signout",
    "portal:employer-home",
    "portal:employer-posting-create",
    "portal:employer-posting",
    "portal:employer-posting-edit",
    "portal:employer-posting-close",
    "portal:employer-application",
    "portal:employer-interview",
    "portal:employer-hire",
    "portal:employer-reject",
}
# Pages of a signed-in user that show no regional record.
AREA_FREE = {
    "home",
    "accounts:logout",
    "accounts:password-change",
    "accounts:otp-verify",
    "accounts:otp-setup",
    "accounts:recovery-codes",
    "regions:index",
    "workers:list",
    "workers:create",
    "workers:export",
    "workers:import",
    "workers:import-template",
    "matching:run",
    "employers:list",
    "employers:create",
    "jobs:list",
    "jobs:create",
    "outreach:outbox",
}
# Pages of one regional record: the URL arguments that point at a record inside area `code`
# (and outside `own`, the signed-in user's area, when `code` is the parent's).
REGIONAL = {
    "regions:detail": lambda code, own: {"code": code},
    "workers:detail": lambda code, own: {"pk": _worker_in(code, own).pk},
    "workers:edit": lambda code, own: {"pk": _worker_in(code, own).pk},
    "workers:reveal": lambda code, own: {"pk": _worker_in(code, own).pk},
    "workers:confirm": lambda code, own: {"pk": _self_registered_in(code, own).pk},
    "workers:import-preview": lambda code, own: {"pk": _upload_in(code).pk},
    "workers:import-confirm": lambda code, own: {"pk": _upload_in(code).pk},
    "workers:import-discard": lambda code, own: {"pk": _upload_in(code).pk},
    "workers:import-columns": lambda code, own: {"pk": _upload_in(code).pk},
    "workers:import-result": lambda code, own: {"pk": _upload_in(code).pk},
    "matching:refer": lambda code, own: {
        "worker": _worker_in(code, own).pk,
        "posting": _open_job().pk,
    },
    "matching:refresh": lambda code, own: {"posting": make_posting(make_employer(code)).pk},
    "employers:detail": lambda code, own: {"pk": make_employer(code).pk},
    "employers:edit": lambda code, own: {"pk": make_employer(code).pk},
    "jobs:detail": lambda code, own: {"pk": make_posting(make_employer(code)).pk},
    "jobs:edit": lambda code, own: {"pk": make_posting(make_employer(code)).pk},
    "jobs:publish": lambda code, own: {"pk": make_posting(make_employer(code)).pk},
    "jobs:close": lambda code, own: {"pk": make_posting(make_employer(code)).pk},
    "jobs:fill": lambda code, own: {"pk": make_posting(make_employer(code)).pk},
    "jobs:sheet": lambda code, own: {"code": code},
}
# Pages that only answer POST: the matrix posts to them.
POST_ONLY = {
    "workers:reveal",
    "workers:confirm",
    "workers:import-confirm",
    "workers:import-discard",
    "workers:import-columns",
    "matching:refer",
    "matching:refresh",
    "matching:run",
}
# An employer's portal users (staff side): regional by the employer's area.
REGIONAL |= {
    "employers:user-invite": lambda code, own: {"pk": make_employer(code).pk},
    "employers:user-deactivate": lambda code, own: {"pk": _employer_user_in(code).pk},
}
POST_ONLY |= {"employers:user-invite", "employers:user-deactivate"}


# Push campaigns (tests/campaigns): staff pages of a campaign's area; the personal link /r/<token>
# is public (its token is the key, and it shows nothing personal).
PUBLIC |= {"short-link"}
AREA_FREE |= {"campaigns:list", "campaigns:create"}
REGIONAL |= {
    name: lambda code, own: {"pk": _campaign_in(code).pk}
    for name in ("campaigns:detail", "campaigns:edit", "campaigns:send", "campaigns:cancel")
}
POST_ONLY |= {"campaigns:send", "campaigns:cancel"}
# The template editor's live sample (a person of the viewer's own area) and "push to these
# matched workers" on a posting of the viewer's area.
AREA_FREE |= {"campaigns:template-preview"}
REGIONAL |= {
    "campaigns:create-for-posting": lambda code, own: {"posting": _open_job_in(code).pk},
}


# Background jobs (tests/background): the list of the viewer's own work (an area administrator's
# of their area), the progress page of a job of the viewer's area, and its result file, which
# only the job's owner takes (the matrix's user of that area owns it).
AREA_FREE |= {"background:list"}
REGIONAL |= {
    "background:job": lambda code, own: {"pk": _job_in(code).pk},
    "background:download": lambda code, own: {"pk": _job_in(code, owned=True).pk},
}


# fairs: its pages (homeward/fairs, tests/fairs) and their record makers, below this line
# Staff pages of a fair of the organising area (its booths, check-in, results, sheet and poster);
# the list, the new-fair form and a season's results (over the viewer's own fairs) are area-free;
# the worker's pages under /m/fairs read fairs of the person's own area and their own rows.
PORTAL |= {
    "portal:fairs",
    "portal:fair",
    "portal:fair-register",
    "portal:fair-code",
    "portal:fair-jobs",
    "portal:fair-apply",
    "portal:employer-fairs",
    "portal:employer-fair",
    "portal:employer-booth-intention",
}
AREA_FREE |= {"fairs:list", "fairs:create", "fairs:season-results", "fairs:season-figure"}
REGIONAL |= {
    name: lambda code, own: {"pk": _fair_in(code).pk}
    for name in (
        "fairs:detail",
        "fairs:edit",
        "fairs:stop-add",
        "fairs:booth-add",
        "fairs:checkin",
        "fairs:intention-add",
        "fairs:results",
        "fairs:sheet",
        "fairs:poster",
    )
}
REGIONAL |= {
    "fairs:figure": lambda code, own: {"pk": _fair_in(code).pk, "key": "attendees"},
    "fairs:booth-approve": lambda code, own: {"pk": _booth_in(code).pk},
    "fairs:booth-refuse": lambda code, own: {"pk": _booth_in(code).pk},
}
POST_ONLY |= {"fairs:stop-add", "fairs:intention-add", "fairs:booth-approve", "fairs:booth-refuse"}


def _fair_in(code: str):
    from homeward.fairs.models import Fair

    today = timezone.localdate()
    fair = Fair(
        region_id=code, kind="onsite", title="春风行动招聘会", starts_on=today, ends_on=today
    )
    fair.save()
    return fair


def _booth_in(code: str):
    from homeward.fairs.models import Booth

    booth = Booth(fair=_fair_in(code), employer=make_employer(code))
    booth.save()
    return booth


# surveys: its pages (homeward/surveys, tests/surveys) and their record makers, below this line
# A survey is seen by staff of its area and of the places inside it (its village clerks do the
# visits); a campaign of the parent's area that does not cover the viewer's answers 404.
AREA_FREE |= {"surveys:list", "surveys:create"}
REGIONAL |= {
    name: lambda code, own: {"pk": _survey_in(code, own).pk}
    for name in (
        "surveys:detail",
        "surveys:people",
        "surveys:visit",
        "surveys:record",
        "surveys:add-person",
        "surveys:close",
        "surveys:export",
    )
}
POST_ONLY |= {"surveys:record", "surveys:close"}


def _survey_in(code: str, own: str):
    """A survey of `code`; for the parent, of a village of it outside `own`."""
    from tests.factories import make_survey

    if code != own and covers(code, own):
        villages = Region.tree.filter(code__startswith=code, level="village").order_by("code")
        code = next(v.code for v in villages if not v.code.startswith(own))
    return make_survey(code)


# followups: its pages (homeward/followups, tests/followups) and their record makers, below this line
# Follow-ups are tasks of the worker's village and town staff; the worker answers on the portal
# (their own follow-ups), the employer confirms (its own hires').
AREA_FREE |= {"followups:list", "followups:retention", "followups:retention-people"}
REGIONAL |= {"followups:detail": lambda code, own: {"pk": _followup_in(code, own).pk}}
PORTAL |= {
    "portal:followups",
    "portal:followup-answer",
    "portal:employer-followups",
    "portal:employer-followup",
}


def _followup_in(code: str, own: str):
    from homeward.followups.services import schedule_followups
    from tests.factories import make_hire

    application = make_hire(_worker_in(code, own), hired_on=datetime.date(2026, 1, 5))
    schedule_followups(application.pk)
    return application.followups.order_by("months").first()


# subsidies: its pages (homeward/subsidies, tests/subsidies) and their record makers, below this line
# The worker's subsidy pages read the signed-in person's own entitlements (tests/subsidies/
# test_portal.py tries another person's); policies are public. Staff pages: the index, the notice,
# the scan and building a batch show or use the viewer's own area; a policy, an entitlement and a
# batch are regional records.
PORTAL |= {"portal:subsidies", "portal:subsidy-apply", "portal:subsidy-account"}
PORTAL |= {"portal:subsidy-offer"}  # the policy an invitation links to, for the signed-in person
AREA_FREE |= {"subsidies:index", "subsidies:notice", "subsidies:scan", "subsidies:batch-create"}
REGIONAL |= {
    "subsidies:policy": lambda code, own: {"pk": _subsidy_policy_in(code).pk},
    "subsidies:version-publish": lambda code, own: {"pk": _subsidy_draft_in(code).pk},
    "subsidies:entitlement": lambda code, own: {"pk": _entitlement_in(code, own).pk},
    "subsidies:decide": lambda code, own: {"pk": _entitlement_in(code, own).pk},
    "subsidies:batch": lambda code, own: {"pk": _batch_in(code, own).pk},
    "subsidies:batch-download": lambda code, own: {"pk": _batch_in(code, own).pk},
    "subsidies:batch-return": lambda code, own: {"pk": _batch_in(code, own).pk},
}
POST_ONLY |= {
    "subsidies:version-publish",
    "subsidies:decide",
    "subsidies:batch-download",
    "subsidies:batch-return",
    "subsidies:scan",
    "subsidies:batch-create",
}
# Writing a version: a policy of the area. Applying on a person's behalf and inviting candidates
# take a policy that applies in the viewer's area and a person of it (?policy=&worker=, 404
# outside: tests/subsidies/test_staff_pages.py); the sample page and drawing use the viewer's
# area; a check, a piece of evidence and a payment
# are regional records (their entitlement's area).
AREA_FREE |= {
    "subsidies:samples",
    "subsidies:sample-draw",
    "subsidies:apply-behalf",
    "subsidies:invite",
}
REGIONAL |= {
    "subsidies:version-create": lambda code, own: {"pk": _subsidy_policy_in(code).pk},
    "subsidies:sample-check": lambda code, own: {"pk": _entitlement_in(code, own).pk},
    "subsidies:evidence": lambda code, own: {"pk": _evidence_in(code, own).pk},
    "subsidies:evidence-file": lambda code, own: {"pk": _evidence_in(code, own).pk},
    "subsidies:payment-cancel": lambda code, own: {"pk": _payment_in(code, own).pk},
    # an invitation's people: a regional record (the inviter's area)
    "subsidies:invitation": lambda code, own: {"pk": _invitation_in(code).pk},
}
POST_ONLY |= {
    "subsidies:invite",
    "subsidies:sample-draw",
    "subsidies:sample-check",
    "subsidies:payment-cancel",
}
_subsidy_seq = iter(range(1, 10**6))


def _evidence_in(code: str, own: str):
    from homeward.subsidies.models import Evidence

    entitlement = _entitlement_in(code, own)
    item = Evidence(
        entitlement=entitlement,
        region_id=entitlement.region_id,
        filename="合同.pdf",
        content_type="application/pdf",
        content=b"%PDF-1.4 test",
    )
    item.save()
    return item


def _payment_in(code: str, own: str):
    from homeward.subsidies.models import Entitlement, Payment

    batch = _batch_in(code, own)
    entitlement = Entitlement._base_manager.get(policy__fund=batch.fund)
    payment = Payment(
        entitlement=entitlement,
        batch=batch,
        region_id=entitlement.region_id,
        attempt=1,
        idempotency_key=f"matrix-{batch.pk}",
        content_hash="x",
        reference=f"HWM{batch.pk:08d}",
        amount=500,
        payee="付款人",
        bank_name="农行",
        bank_account="6222021234567890128",
    )
    payment.save()
    return payment


def _invitation_in(code: str):
    from homeward.campaigns.models import Campaign
    from homeward.subsidies.models import Invitation

    policy = _subsidy_policy_in(code)
    campaign = Campaign(region_id=code, name="补贴邀请", channel="sms", template="{link} 回T退订")
    campaign.save()
    invitation = Invitation(campaign=campaign, policy=policy, region_id=code)
    invitation.save()
    return invitation


def _subsidy_policy_in(code: str):
    from decimal import Decimal

    from homeward.subsidies.models import Fund, Policy

    n = next(_subsidy_seq)
    fund = Fund(code=f"F{n}", name="资金", region_id=code, budget_cap=Decimal("100000"))
    fund.save()
    policy = Policy(code=f"P{n}", name="补贴", legal_basis="条", region_id=code, fund=fund)
    policy.save()
    return policy


def _subsidy_draft_in(code: str):
    from homeward.subsidies.models import PolicyVersion

    version = PolicyVersion(
        policy=_subsidy_policy_in(code),
        number=1,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2030, 1, 1),
        amount=500,
        conditions=[],
        approval_levels=1,
        notice_days=0,
    )
    version.save()
    return version


def _entitlement_in(code: str, own: str):
    from homeward.subsidies.models import Entitlement

    version = _subsidy_draft_in(code)
    worker = _worker_in(code, own)
    entitlement = Entitlement(
        policy=version.policy,
        version=version,
        worker=worker,
        beneficiary_key=f"w{worker.pk}",
        region_id=worker.region_id,
        amount=500,
        via="staff",
    )
    entitlement.save()
    return entitlement


def _batch_in(code: str, own: str):
    from homeward.subsidies.models import PaymentBatch

    entitlement = _entitlement_in(code, own)
    batch = PaymentBatch(fund=entitlement.policy.fund, region_id=code, period="2026-12")
    batch.save()
    return batch


# training: its pages (homeward/training, tests/training) and their record makers, below this line
# Training (tests/training): staff pages of a course's, provider's or brand's area; an enrolment
# lives in its course's area. The portal's course and brand pages show public offerings (any
# course or brand), my courses and enrolling are the signed-in person's own.
PORTAL |= {"portal:my-courses", "portal:course", "portal:course-enrol", "portal:brand"}
AREA_FREE |= {
    "training:courses",
    "training:course-create",
    "training:providers",
    "training:provider-create",
    "training:outcomes",
    "training:outcome-people",
    "training:brands",
    "training:brand-create",
}
REGIONAL |= {
    "training:provider": lambda code, own: {"pk": _provider_in(code).pk},
    "training:provider-edit": lambda code, own: {"pk": _provider_in(code).pk},
    "training:brand": lambda code, own: {"pk": _brand_in(code).pk},
    "training:brand-edit": lambda code, own: {"pk": _brand_in(code).pk},
    **{
        name: lambda code, own: {"pk": _course_in(code).pk}
        for name in (
            "training:course",
            "training:course-edit",
            "training:course-enrol",
            "training:course-invite",
            "training:course-attendance",
            "training:course-site-fair",
        )
    },
    **{
        name: lambda code, own: {"pk": _enrolment_in(code, own).pk}
        for name in (
            "training:enrolment",
            "training:enrolment-complete",
            "training:enrolment-drop",
            "training:enrolment-assess",
            "training:enrolment-certify",
        )
    },
}
POST_ONLY |= {
    "training:course-enrol",
    "training:course-invite",
    "training:course-site-fair",
    "training:enrolment-complete",
    "training:enrolment-drop",
    "training:enrolment-assess",
    "training:enrolment-certify",
}


def _provider_in(code: str):
    from homeward.training.models import Provider

    provider = Provider(name="宿迁技工学校", kind="technical_school", region_id=code)
    provider.save()
    return provider


def _course_in(code: str):
    from django.utils import timezone

    from homeward.training.models import Course

    today = timezone.localdate()
    course = Course(
        provider=_provider_in(code),
        title="电焊工培训班",
        occupation="welder",
        level="5",
        hours=40,
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=20),
        place_kind="village",
        region_id=code,
        capacity=30,
    )
    course.save()
    return course


def _enrolment_in(code: str, own: str):
    from homeward.training.models import Enrolment

    course = _course_in(code)
    enrolment = Enrolment(
        course=course,
        worker=_worker_in(code, own),
        region_id=code,
        source="staff",
        enrolled_on=course.starts_on,
    )
    enrolment.save()
    return enrolment


def _brand_in(code: str):
    from homeward.training.models import Brand

    brand = Brand(name="甜嫂", region_id=code, occupations="cook")
    brand.save()
    return brand


# wages: its pages (homeward/wages, tests/wages) and their record makers, below this line
# The wage-protection map: the projects of the viewer's area only (tests/wages/test_map.py).
AREA_FREE |= {"wages:map"}
# The general contractor's payroll upload on the employer portal: its own projects only
# (another employer's project 404, tests/wages/test_employer_payroll.py).
PORTAL |= {
    "portal:employer-wages",
    "portal:employer-wages-project",
    "portal:employer-wages-payroll",
}
# Staff pages of wage protection (tests/wages): lists of the viewer's area, and a project, a case,
# a clue of an area; the worker's wage pages are portal pages (their own roster lines and clues).
AREA_FREE |= {
    "wages:projects",
    "wages:project-create",
    "wages:cases",
    "wages:clues",
    "wages:blacklist",
    "wages:blacklist-export",
}
REGIONAL |= {
    **{
        name: lambda code, own: {"pk": _wage_project_in(code).pk}
        for name in ("wages:project", "wages:project-edit", "wages:project-upload")
    },
    "wages:project-scan": lambda code, own: {"pk": _wage_project_in(code).pk},
    **{
        name: lambda code, own: {"pk": _wage_case_in(code).pk}
        for name in ("wages:case", "wages:case-act", "wages:case-take")
    },
    **{
        name: lambda code, own: {"pk": _wage_clue_in(code, own).pk}
        for name in ("wages:clue", "wages:clue-move", "wages:clue-propose")
    },
    **{
        name: lambda code, own: {"pk": _wage_listing_in(code).pk}
        for name in (
            "wages:listing-object",
            "wages:listing-decide",
            "wages:listing-remove",
            "wages:listing-extend",
        )
    },
}
POST_ONLY |= {
    "wages:project-upload",
    "wages:project-scan",
    "wages:case-act",
    "wages:case-take",
    "wages:clue-move",
    "wages:clue-propose",
    "wages:listing-object",
    "wages:listing-decide",
    "wages:listing-remove",
    "wages:listing-extend",
}
PORTAL |= {"portal:wages", "portal:wages-not-paid", "portal:wages-clue"}
# Issue 14's oversight: a clue's evidence and bank card (portal: the worker's own clue), the
# inspections with their orders, the supervision notices (督办), the risk ranking and county grid.
PORTAL |= {"portal:wages-evidence", "portal:wages-card", "portal:wages-report"}
AREA_FREE |= {
    "wages:clue-create",
    "wages:supervisions",
    "wages:inspections",
    "wages:inspection-create",
    "wages:risk",
}
REGIONAL |= {
    **{
        name: lambda code, own: {"pk": _wage_clue_in(code, own).pk}
        for name in (
            "wages:clue-evidence-add",
            "wages:clue-card",
            "wages:clue-card-reveal",
            "wages:supervise",
            "wages:supervision-reply",
        )
    },
    "wages:clue-evidence": lambda code, own: {"pk": _wages_evidence_in(code, own).pk},
    **{
        name: lambda code, own: {"pk": _wages_inspection_in(code).pk}
        for name in (
            "wages:inspection",
            "wages:inspection-order",
            "wages:inspection-rectified",
            "wages:inspection-close",
        )
    },
}
POST_ONLY |= {
    "wages:clue-evidence-add",
    "wages:clue-card",
    "wages:clue-card-reveal",
    "wages:supervise",
    "wages:supervision-reply",
    "wages:inspection-order",
    "wages:inspection-rectified",
    "wages:inspection-close",
}


def _wages_evidence_in(code: str, own: str):
    from homeward.wages.models import ClueEvidence

    return ClueEvidence.objects.create(
        clue=_wage_clue_in(code, own),
        filename="工资条.png",
        content_type="image/png",
        size=12,
        content=b"\x89PNG\r\n\x1a\n1234",
    )


def _wages_inspection_in(code: str):
    import datetime

    from homeward.wages.models import Inspection

    return Inspection.objects.create(
        region_id=code,
        kind="planned",
        employer=make_employer(code),
        inspected_on=datetime.date(2026, 5, 1),
        findings="未设置维权信息告示牌",
    )


def _wage_project_in(code: str):
    from tests.wages.helpers import make_project

    return make_project(code)


def _wage_case_in(code: str):
    import datetime

    from homeward.wages.models import WageCase, WageWarning

    project = _wage_project_in(code)
    warning = WageWarning.objects.create(
        project=project,
        rule="no_pay",
        month=datetime.date(2026, 3, 1),
        key=f"{project.pk}:no_pay",
        level="red",
        message="2026年3月未发放",
        raised_on=datetime.date(2026, 5, 1),
    )
    return WageCase.objects.create(
        warning=warning,
        region_id=code,
        due_on=datetime.date(2026, 5, 4),
        opened_on=datetime.date(2026, 5, 1),
    )


_clue_numbers = iter(range(1, 10**6))


def _wage_clue_in(code: str, own: str):
    import datetime
    from decimal import Decimal

    from homeward.wages.models import ArrearsClue

    return ArrearsClue.objects.create(
        number=f"QX{next(_clue_numbers):06d}",  # 24 characters at most, as the service's are
        worker=_worker_in(code, own),
        region_id=code,
        amount_claimed=Decimal(6000),
        received_on=datetime.date(2026, 5, 1),
    )


def _wage_listing_in(code: str):
    import datetime
    from decimal import Decimal

    from homeward.wages.models import BlacklistEntry

    return BlacklistEntry.objects.create(
        employer=make_employer(code),
        region_id=code,
        grounds="责令限期支付逾期未付",
        amount_unpaid=Decimal(60000),
        people=12,
        order_expired_on=datetime.date(2026, 5, 1),
        notified_on=datetime.date(2026, 5, 2),
        objection_by=datetime.date(2026, 5, 11),
        decide_by=datetime.date(2026, 5, 29),
    )


# disputes: its pages (homeward/disputes, tests/disputes) and their record makers, below this line
# Staff pages of a case of a commission's area (tests/disputes); the worker's pages are portal
# pages reading the cases the worker is a party to (tests/disputes/test_portal_views.py).
AREA_FREE |= {
    "disputes:list",
    "disputes:create",
    "disputes:board",
    "disputes:figures",
    "disputes:holidays",
    # the provinces' average wages: reference data, the viewer's own province's figures
    # (AverageWage.objects.of_area; tests/disputes/test_average_wages.py)
    "disputes:average-wages",
}
REGIONAL |= {
    "disputes:detail": lambda code, own: {"pk": _dispute_in(code, own).pk},
    "disputes:step": lambda code, own: {"pk": _dispute_in(code, own).pk, "step": "accept"},
    "disputes:document": lambda code, own: {"pk": _dispute_in(code, own).documents.get().pk},
    "disputes:serve": lambda code, own: {"pk": _dispute_in(code, own).documents.get().pk},
    "disputes:evidence-add": lambda code, own: {"pk": _dispute_in(code, own).pk},
    "disputes:evidence": lambda code, own: {"pk": _dispute_evidence_in(code, own).pk},
    "disputes:authorisation": lambda code, own: {"pk": _dispute_agent_in(code, own).pk},
    # a wage-arrears clue of the area transferred to arbitration (tests/disputes/test_transfer.py)
    "disputes:from-clue": lambda code, own: {"pk": _wage_clue_in(code, own).pk},
}
POST_ONLY |= {"disputes:step", "disputes:serve", "disputes:evidence-add"}
PORTAL |= {
    "portal:disputes",
    "portal:dispute-file",
    "portal:dispute",
    "portal:dispute-document",
    "portal:dispute-confirm",
    "portal:dispute-evidence",
    # the respondent employer's pages: cases where its employer is the respondent party
    # (tests/disputes/test_employer_portal.py: another employer's case 404 and audited)
    "portal:employer-disputes",
    "portal:employer-dispute",
    "portal:employer-dispute-defence",
    "portal:employer-dispute-evidence",
    # its own agents (tests/disputes/test_employer_agents.py: another employer's case 404)
    "portal:employer-dispute-agent-add",
    "portal:employer-dispute-agent-remove",
    "portal:employer-dispute-agent-replace",
    "portal:employer-dispute-document",
    "portal:employer-dispute-confirm",
}


def _dispute_in(code: str, own: str):
    """A case filed with a commission of area `code` by a worker of a village inside it."""
    from decimal import Decimal

    from homeward.disputes.models import Commission
    from homeward.disputes.services import ClaimLine, file_dispute

    commission = Commission.objects.create(title="仲裁委", region_id=code, prefix="测劳人仲案字")
    return file_dispute(
        commission=commission,
        worker=_worker_in(code, own),
        employer_name="某公司",
        facts="欠薪",
        claims=[ClaimLine("wages", Decimal(100))],
        source="window",
    ).dispute


# Inside the area, an arbitrator or mediator sees only the cases assigned to them
# (homeward/disputes/assignments.py through the scoped managers): each case page of the matrix,
# with the key of the case its URL points at, is opened by an arbitrator of the area sitting on
# that case's tribunal (200) and by one sitting on another case's (404).
DISPUTE_CASE_OF = {
    "disputes:detail": lambda kwargs: kwargs["pk"],
    "disputes:step": lambda kwargs: kwargs["pk"],
    "disputes:document": lambda kwargs: _document_case(kwargs["pk"]),
    "disputes:serve": lambda kwargs: _document_case(kwargs["pk"]),
    "disputes:evidence-add": lambda kwargs: kwargs["pk"],
    "disputes:evidence": lambda kwargs: _evidence_case(kwargs["pk"]),
    "disputes:authorisation": lambda kwargs: _agent_case(kwargs["pk"]),
}


def _dispute_agent_in(code: str, own: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from homeward.disputes.models import PartyRole
    from homeward.disputes.services import add_agent

    dispute = _dispute_in(code, own)
    letter = SimpleUploadedFile("委托书.pdf", b"%PDF-1.4 letter", content_type="application/pdf")
    principal = dispute.parties.get(role=PartyRole.APPLICANT)
    return add_agent(dispute, principal, letter, kind="relative", name="张某")


def _agent_case(pk: int) -> int:
    from homeward.disputes.models import Party

    return Party._base_manager.get(pk=pk).dispute_id


def _dispute_evidence_in(code: str, own: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from homeward.disputes.services import add_evidence

    photo = SimpleUploadedFile("欠条.jpg", b"\xff\xd8\xff\xe0photo", content_type="image/jpeg")
    return add_evidence(_dispute_in(code, own), photo)


def _evidence_case(pk: int) -> int:
    from homeward.disputes.models import Evidence

    return Evidence._base_manager.get(pk=pk).dispute_id


def _document_case(pk: int) -> int:
    from homeward.disputes.models import Document

    return Document._base_manager.get(pk=pk).dispute_id


def _seat_arbitrator(dispute_id: int, username: str):
    from homeward.disputes.models import Arbitrator, Dispute, TribunalSeat

    dispute = Dispute._base_manager.get(pk=dispute_id)
    user = make_staff(dispute.commission.region_id, username=username)
    arbitrator = Arbitrator.objects.create(commission=dispute.commission, name="仲裁员", user=user)
    TribunalSeat.objects.create(dispute=dispute, arbitrator=arbitrator, is_presiding=True)
    return user


# disputes' regional pages that are no case's: a wage-arrears clue of the area (its transfer)
NOT_CASE_PAGES = {"disputes:from-clue"}


def test_every_case_page_is_tried_with_arbitrators():
    cases = {name for name in REGIONAL if name.startswith("disputes:")} - NOT_CASE_PAGES
    assert cases == set(DISPUTE_CASE_OF), "add the page's case to DISPUTE_CASE_OF"


@pytest.mark.parametrize("name", sorted(DISPUTE_CASE_OF))
def test_an_arbitrator_opens_only_the_cases_of_their_tribunal(client, db, name):
    own = "321302"
    send = client.post if name in POST_ONLY else client.get
    mine = REGIONAL[name](own, own)
    user = _seat_arbitrator(DISPUTE_CASE_OF[name](mine), "arbitrator-mine")
    theirs = REGIONAL[name](own, own)
    _seat_arbitrator(DISPUTE_CASE_OF[name](theirs), "arbitrator-theirs")
    client.force_login(user)
    assert send(reverse(name, kwargs=mine), follow=name in POST_ONLY).status_code == 200
    response = send(reverse(name, kwargs=theirs))
    assert response.status_code == 404, f"an arbitrator reached {name} of another tribunal"


# Statistics (tests/stats): the reader's area by default, a sub-area by ?area= (404 outside);
# the dictionary shows no regional record.
AREA_FREE |= {"stats:dashboard", "stats:people", "stats:indicators"}


def _job_in(code: str, owned: bool = False):
    from homeward.background.models import BackgroundJob
    from homeward.background.services import finish

    owner = User.objects.filter(region_id=code).order_by("pk").first() if owned else None
    job = BackgroundJob(kind="workers.export", region_code=code, owner=owner, total=1)
    job.save()
    finish(job, content=b"PK", name="ledger.xlsx")
    return job


def _campaign_in(code: str):
    from homeward.campaigns.models import Campaign

    campaign = Campaign(region_id=code, name="春风行动", channel="inapp", template="{name} {link}")
    campaign.save()
    return campaign


def _open_job_in(code: str):
    posting = make_posting(make_employer(code))
    posting.status = "published"
    posting.save()
    return posting


def _open_job():
    """A published posting: postings are public, so any area may refer its workers to it."""
    posting = make_posting(make_employer("321302001"))
    posting.status = "published"
    posting.save()
    return posting


def _upload_in(code: str):
    """A previewed ledger upload for area `code`, holding one valid row."""
    from homeward.codes import idnumber
    from homeward.workers.importer import import_ledger
    from homeward.workers.models import LedgerUpload

    village = Region.tree.filter(code__startswith=code, level="village").order_by("code").first()
    number = idnumber.make(village.code[:6], datetime.date(1990, 1, 1), 7, True)
    content = f"姓名,身份证号,所在村\n李四,{number},{village.name}\n".encode()
    report = import_ledger(content, "t.csv", region=code, dry_run=True)
    return LedgerUpload.objects.create(
        region_id=code, filename="t.csv", content=content, report=report.as_dict()
    )


_phones = iter(range(10**7))


def _employer_user_in(code: str):
    """An employer user of a new employer at `code`, with a number of their own."""
    from homeward.employers.models import EmployerUser

    user = EmployerUser(
        employer=make_employer(code), name="王经理", phone=f"1350{next(_phones):07d}"
    )
    user.save()
    return user


def _self_registered_in(code: str, own: str):
    """A worker of `code` who registered themselves on the portal (staff confirm them)."""
    from homeward.workers.models import WorkerAccount

    worker = _worker_in(code, own)
    WorkerAccount.objects.get_or_create(
        worker=worker, defaults={"phone": f"136{worker.pk:08d}", "self_registered": True}
    )
    return worker


def _worker_in(code: str, own: str):
    """A worker of the first village inside `code` that is not inside `own`."""
    villages = Region.tree.filter(code__startswith=code, level="village").order_by("code")
    village = next(v.code for v in villages if code == own or not v.code.startswith(own))
    return make_worker(village, sequence=int(village[-4:]) % 499)


# ambassadors: its pages (homeward/ambassadors, tests/ambassadors) and their record makers, below this line
# Staff pages of an ambassador of the viewer's area (detail, end), a referral's bounty approval,
# an employer user marked as recruiting officer; the lists (ambassadors, bounties, officers),
# the appointment form and the Excel export read the viewer's own area. The ambassador's portal
# pages read the signed-in ambassador's own rows; /m/ref/<token> shows public jobs.
PORTAL |= {
    "portal:ambassador",
    "portal:ambassador-signin",
    "portal:ambassador-signout",
    "portal:ambassador-record",
    "portal:ambassador-link",
    "portal:ambassador-apply",
}
AREA_FREE |= {
    "ambassadors:list",
    "ambassadors:appoint",
    "ambassadors:bounties",
    "ambassadors:bounty-export",
    "ambassadors:officers",
}
REGIONAL |= {
    "ambassadors:detail": lambda code, own: {"pk": _ambassador_in(code).pk},
    "ambassadors:end": lambda code, own: {"pk": _ambassador_in(code).pk},
    "ambassadors:bounty-approve": lambda code, own: {"pk": _referral_in(code).pk},
    "ambassadors:officer-mark": lambda code, own: {"pk": _employer_user_in(code).pk},
    "ambassadors:officer-rows": lambda code, own: {"pk": _officer_in(code).pk},
}
POST_ONLY |= {"ambassadors:end", "ambassadors:bounty-approve", "ambassadors:officer-mark"}


def _ambassador_in(code: str):
    from homeward.ambassadors.models import Ambassador

    ambassador = Ambassador(
        region_id=code,
        name="李大使",
        phone=f"1360{next(_phones):07d}",
        token=f"t{next(_phones)}",
        starts_on=timezone.localdate(),
    )
    ambassador.save()
    return ambassador


def _referral_in(code: str):
    from homeward.ambassadors.models import Referral

    referral = Referral(
        ambassador=_ambassador_in(code),
        worker=make_worker("321302001001", sequence=next(_phones) % 900 + 50),
        via="recorded",
        consent=True,
        consent_on=timezone.localdate(),
    )
    referral.save()
    return referral


def _officer_in(code: str):
    from homeward.ambassadors.models import RecruitingOfficer

    user = _employer_user_in(code)
    RecruitingOfficer(employer_user=user).save()
    return user


# trips: its pages (homeward/trips, tests/trips) and their record makers, below this line
# Trips belong to their organising area: a trip's page, its passengers (sign-ups) and their rows;
# the list, the new-trip form and the area's figures are over the viewer's own trips. The worker's
# /m/trips reads trips home of the person's area and their own sign-ups; the employer's /e/trips
# its own trips out (tests/trips/test_portal.py tries another's).
AREA_FREE |= {"trips:list", "trips:create", "trips:area-figure"}
PORTAL |= {
    "portal:trips",
    "portal:trip-sign-up",
    "portal:employer-trips",
    "portal:employer-trip",
    "portal:employer-trip-arrived",
}
REGIONAL |= {
    name: lambda code, own: {"pk": _trip_in(code).pk}
    for name in ("trips:detail", "trips:edit", "trips:signup-add", "trips:passengers")
}
REGIONAL |= {
    "trips:figure": lambda code, own: {"pk": _trip_in(code).pk, "key": "boarded"},
    **{
        name: lambda code, own: {"pk": _trip_signup_in(code, own).pk}
        for name in ("trips:board", "trips:answer", "trips:arrived")
    },
}
POST_ONLY |= {"trips:signup-add", "trips:board", "trips:answer", "trips:arrived"}


def _trip_in(code: str):
    from tests.factories import make_trip

    return make_trip(code)


def _trip_signup_in(code: str, own: str):
    from homeward.trips.models import SignUp

    signup = SignUp(trip=_trip_in(code), worker=_worker_in(code, own), channel="staff")
    signup.save()
    return signup


# teams: its pages (homeward/teams, tests/teams) and their record makers, below this line
# A team belongs to its area; a member's caseload and an assignment to the person's household
# village. The list, the new-team form, the viewer's own caseloads and the area's coverage read
# the viewer's own area.
AREA_FREE |= {"teams:list", "teams:create", "teams:mine", "teams:area-figure"}
REGIONAL |= {
    name: lambda code, own: {"pk": teams_team_in(code).pk}
    for name in ("teams:detail", "teams:member-add", "teams:assign")
}
REGIONAL |= {
    "teams:figure": lambda code, own: {"pk": teams_team_in(code).pk, "key": "assigned"},
    "teams:member": lambda code, own: {"pk": teams_member_in(code).pk},
    "teams:member-remove": lambda code, own: {"pk": teams_member_in(code).pk},
    "teams:member-figure": lambda code, own: {"pk": teams_member_in(code).pk, "key": "contacted"},
    "teams:contact": lambda code, own: {"pk": teams_assignment_in(code, own).pk},
}
POST_ONLY |= {"teams:member-add", "teams:assign", "teams:member-remove"}


def teams_team_in(code: str):
    from homeward.teams.models import Team

    team = Team(name=f"三送小分队{code}", region_id=code)
    team.save()
    return team


def teams_member_in(code: str):
    from homeward.teams.models import Member

    user = make_staff(code, username=f"teams-member-{code}-{Member._base_manager.count()}")
    member = Member(team=teams_team_in(code), user=user)
    member.save()
    return member


def teams_assignment_in(code: str, own: str):
    from homeward.teams.models import Assignment

    worker = _worker_in(code, own)  # the same person when two levels share a village
    assignment = Assignment._base_manager.filter(worker=worker).first()
    if assignment is None:
        assignment = Assignment(
            worker=worker, member=teams_member_in(code), region_id=worker.region_id
        )
        assignment.save()
    return assignment


# agencies: its pages (homeward/agencies, tests/agencies) and their record makers, below this line
# An agency and everything it did belong to the area that registered it; the list, the new-agency
# form, the area's figures, the booklet and the digests' town list are area-free (they read the
# viewer's own area); a town's digest, its poster and openings are of the town (or village).
# The digest's short link /m/w/<token> is public: its token is the key, it shows nothing personal.
PORTAL |= {"portal:digest-link"}
AREA_FREE |= {
    "agencies:list",
    "agencies:create",
    "agencies:area-figure",
    "agencies:booklet",
    "agencies:digests",
}
REGIONAL |= {
    name: lambda code, own: {"pk": _agency_in(code).pk}
    for name in (
        "agencies:detail",
        "agencies:edit",
        "agencies:mandate-add",
        "agencies:posting-add",
        "agencies:fair-add",
        "agencies:placement-add",
    )
}
REGIONAL |= {
    "agencies:figure": lambda code, own: {"pk": _agency_in(code).pk, "key": "placements"},
    "agencies:digest": lambda code, own: {"code": _digest_place(code, own)},
    "agencies:digest-poster": lambda code, own: _digest_in(code, own),
    "agencies:digest-opens": lambda code, own: _digest_in(code, own),
}
# fairs (this session's change, owned here): the attendees of a fair in full, audited (POST).
REGIONAL["fairs:attendees-reveal"] = lambda code, own: {"pk": _fair_in(code).pk}
POST_ONLY |= {"fairs:attendees-reveal"}
POST_ONLY |= {
    "agencies:mandate-add",
    "agencies:posting-add",
    "agencies:fair-add",
    "agencies:placement-add",
}


def _agency_in(code: str):
    from tests.agencies.factories import make_agency

    return make_agency(code)


def _digest_place(code: str, own: str) -> str:
    """A town of `code` (or `code` itself, a town or village) that is not inside `own`."""
    if len(code) in (9, 12):
        return code
    towns = Region.tree.filter(code__startswith=code, level="town").order_by("code")
    return next(t.code for t in towns if code == own or not t.code.startswith(own))


def _digest_in(code: str, own: str) -> dict:
    from tests.agencies.factories import make_digest

    place = _digest_place(code, own)
    return {"code": place, "pk": make_digest(place).pk}


# ventures: its pages (homeward/ventures, tests/ventures) and their record makers, below this line
# Founders' alliances (tests/ventures/test_alliances.py): an alliance, its memberships and events
# belong to the area that set it up; the list and the new-alliance form read the viewer's area.
AREA_FREE |= {"ventures:alliances", "ventures:alliance-create"}
REGIONAL |= {
    name: lambda code, own: {"pk": _ventures2_alliance_in(code).pk}
    for name in ("ventures:alliance", "ventures:alliance-member", "ventures:alliance-event")
}
REGIONAL |= {"ventures:member-left": lambda code, own: {"pk": _ventures2_member_in(code, own).pk}}
POST_ONLY |= {
    "ventures:alliance-create",
    "ventures:alliance-member",
    "ventures:alliance-event",
    "ventures:member-left",
}


def _ventures2_alliance_in(code: str):
    from homeward.ventures.models import Alliance

    alliance = Alliance(
        name="返乡创业联盟", kind="alliance", region_id=code, founded_on=datetime.date(2024, 1, 1)
    )
    alliance.save()
    return alliance


def _ventures2_member_in(code: str, own: str):
    from homeward.ventures.models import Membership

    member = Membership(
        alliance=_ventures2_alliance_in(code), founder=_worker_in(code, own),
        joined_on=datetime.date(2024, 2, 1),
    )  # fmt: skip
    member.save()
    return member


# Returnee ventures (tests/ventures): a venture and its rows belong to its place; a park, a liaison
# officer and a showcase to the area that set them up. The lists, forms and the jobs list read the
# viewer's own area. The worker's /m/ventures pages read showcases of the person's home area and
# their own venture (tests/ventures/test_portal.py).
PORTAL |= {"portal:ventures", "portal:venture-showcase", "portal:venture-vote"}
AREA_FREE |= {
    "ventures:list",
    "ventures:create",
    "ventures:jobs",
    "ventures:parks",
    "ventures:park-create",
    "ventures:liaisons",
    "ventures:liaison-create",
    "ventures:showcases",
    "ventures:showcase-create",
}
REGIONAL |= {
    name: lambda code, own: {"pk": _ventures_venture_in(code, own).pk}
    for name in (
        "ventures:detail",
        "ventures:employee",
        "ventures:support",
        "ventures:park-move",
        "ventures:assign",
    )
}
REGIONAL |= {
    "ventures:park": lambda code, own: {"pk": _ventures_park_in(code).pk},
    "ventures:liaison": lambda code, own: {"pk": _ventures_liaison_in(code).pk},
    "ventures:contact": lambda code, own: {"pk": _ventures_assignment_in(code, own).pk},
    "ventures:solved": lambda code, own: {"pk": _ventures_contact_in(code, own).pk},
    "ventures:showcase": lambda code, own: {"pk": _ventures_showcase_in(code).pk},
    "ventures:entry": lambda code, own: {"pk": _ventures_showcase_in(code).pk},
    "ventures:votes": lambda code, own: {"pk": _ventures_showcase_in(code).pk},
}
POST_ONLY |= {
    "ventures:employee",
    "ventures:support",
    "ventures:park-move",
    "ventures:assign",
    "ventures:contact",
    "ventures:solved",
    "ventures:entry",
}


def _ventures_venture_in(code: str, own: str):
    from homeward.codes import uscc
    from homeward.ventures.models import Venture

    worker = _worker_in(code, own)
    employer = make_employer(worker.region_id)
    venture = Venture(
        name="返乡小电商", kind="ecommerce", founder=worker, employer=employer,
        industry="F", region_id=worker.region_id, started_on=datetime.date(2025, 3, 1),
    )  # fmt: skip
    assert uscc.parse(employer.uscc)
    venture.save()
    return venture


def _ventures_park_in(code: str):
    from homeward.ventures.models import Park

    park = Park(name="返乡创业园", kind="park", region_id=code, capacity=10)
    park.save()
    return park


def _ventures_liaison_in(code: str):
    from homeward.ventures.models import Liaison

    liaison = Liaison(name="王联络", kind="finance", region_id=code)
    liaison.save()
    return liaison


def _ventures_assignment_in(code: str, own: str):
    from homeward.ventures.models import Assignment

    venture = _ventures_venture_in(code, own)
    liaison = _ventures_liaison_in(venture.region_id)
    assignment = Assignment(liaison=liaison, venture=venture, assigned_on=datetime.date(2025, 4, 1))
    assignment.save()
    return assignment


def _ventures_contact_in(code: str, own: str):
    from homeward.ventures.models import Contact

    contact = Contact(
        assigned=_ventures_assignment_in(code, own), on=datetime.date(2025, 4, 2), way="visit",
        problem="缺少流动资金",
    )  # fmt: skip
    contact.save()
    return contact


def _ventures_showcase_in(code: str):
    from homeward.ventures.models import Showcase

    today = timezone.localdate()
    showcase = Showcase(
        title="返乡创业明星评选", region_id=code, opens_on=today,
        closes_on=today + datetime.timedelta(days=7),
    )  # fmt: skip
    showcase.save()
    return showcase


# loans: its pages (homeward/loans, tests/loans) and their record makers, below this line
# Startup loans (tests/loans): the list, register, application and import are area-free pages
# (they list the area's loans); a loan's pages are regional by the borrower's place.
AREA_FREE |= {"loans:list", "loans:register", "loans:create", "loans:import"}
REGIONAL |= {
    name: lambda code, own: {"pk": _loan_in(code, own).pk}
    for name in ("loans:detail", "loans:step", "loans:claim")
}
POST_ONLY |= {"loans:step", "loans:claim"}


def _loan_in(code: str, own: str):
    from decimal import Decimal

    from homeward.loans.models import GuaranteeFund, Lender, Loan

    worker = _worker_in(code, own)
    fund = GuaranteeFund(name="担保基金", institution="担保公司", region_id=worker.region_id)
    fund.save()
    lender = Lender(name="农商银行", region_id=worker.region_id)
    lender.save()
    loan = Loan(
        kind="individual", worker=worker, region_id=worker.region_id, groups=["returnee"],
        amount=Decimal(100000), months=12, fund=fund, lender=lender,
        applied_on=timezone.localdate(),
    )  # fmt: skip
    loan.save()
    return loan


# stations: its pages (homeward/stations, tests/stations) and their record makers, below this line
AREA_FREE |= {"stations:list", "stations:create", "stations:activity", "stations:activity-rows"}
REGIONAL |= {
    name: lambda code, own: {"pk": _station_in(code).pk}
    for name in ("stations:detail", "stations:edit", "stations:service-add")
}
POST_ONLY |= {"stations:service-add"}
PORTAL |= {"portal:stations"}  # the stations near the signed-in person: public places
# The self-service terminal (tests/stations/test_kiosk.py): portal pages of a station with a
# terminal, its own kiosk session (no staff area); the staff accounts of an out-of-city station
# are regional by the station's area (a town clerk, an outsider: 404; a non-admin: read-only).
PORTAL |= {
    "portal:kiosk-start",
    "portal:kiosk-code",
    "portal:kiosk-signout",
    "portal:kiosk-jobs",
    "portal:kiosk-job",
    "portal:kiosk-apply",
    "portal:kiosk-stations",
}
REGIONAL |= {"stations:accounts": lambda code, own: {"pk": _kiosk_out_of_city_station_in(code).pk}}


def _kiosk_out_of_city_station_in(code: str):
    from homeward.scoping import unscoped
    from homeward.stations.models import Station

    with unscoped():
        return Station.objects.create(
            name=f"驻外站点{code}", kind="out_of_city", region_id=code, place_id="3201", address="x"
        )  # in 南京: the matrix's out-of-city staff (5110 × 苏州) see none of these


def _station_in(code: str):
    from homeward.scoping import unscoped
    from homeward.stations.models import Station

    with unscoped():
        return Station.objects.create(name=f"站点{code}", kind="town", region_id=code, address="x")


# stats: its pages (homeward/stats, tests/stats) and their record makers, below this line
# Social insurance on the profile (POST from the person's page), an employer's labour-contract
# reports (staff page, by the employer's area) and the employer's own report on the portal
# (tests/workers/test_insurance.py, tests/employers/test_contracts.py).
REGIONAL |= {
    "workers:insurance": lambda code, own: {"pk": _worker_in(code, own).pk},
    "employers:contracts": lambda code, own: {"pk": make_employer(code).pk},
}
POST_ONLY |= {"workers:insurance"}
PORTAL |= {"portal:employer-contracts"}
# reports: its pages (homeward/reports, tests/reports) and their record makers, below this line
# The monthly report tables: an area's month (its tables page, its Excel, the town's submit),
# a report and its Excel and steps are regional; the index (the viewer's own area), the
# completeness page and the queue are area-free.
AREA_FREE |= {"reports:index", "reports:completeness", "reports:queue"}
REGIONAL |= {
    name: lambda code, own: {"code": code, "month": _reports_last_month()}
    for name in ("reports:area-month", "reports:area-xlsx", "reports:submit")
}
REGIONAL |= {
    name: lambda code, own: {"pk": _reports_submission_in(code).pk}
    for name in ("reports:submission", "reports:submission-xlsx")
}
REGIONAL |= {
    "reports:step": lambda code, own: {"pk": _reports_submission_in(code).pk, "step": "approve"}
}
POST_ONLY |= {"reports:submit", "reports:step"}


def _reports_last_month() -> str:
    first = timezone.localdate().replace(day=1)
    return f"{first - datetime.timedelta(days=1):%Y-%m}"


def _reports_submission_in(code: str):
    from homeward.reports.models import Submission
    from homeward.scoping import unscoped

    month = datetime.date.fromisoformat(_reports_last_month() + "-01")
    with unscoped():
        found = Submission.objects.filter(region_id=code, month=month).first()
        return found or Submission.objects.create(
            region_id=code, month=month, state="submitted", first_submitted_on=month
        )


# api: its pages (homeward/api, tests/api) and their record makers, below this line
# The open API (/api/v1/, homeward/api, tests/api): partner systems with a bearer token and no
# session. The token's client gives the request its area, read through the same scoped
# managers; a staff session is nobody there. The root (always 404) and the schema hold no data.
# Every route is tried below: no token → 401 (a staff session too); a client of county A gets
# its own record and 404 for one of county B or of the city above.
API_ROUTES = {
    "api:workers": ("get", {}),
    "api:workers-search": ("post", {}),
    "api:worker": ("get", {"pk": 1}),
    "api:worker-status": ("post", {"pk": 1}),
    "api:postings": ("get", {}),
    "api:posting": ("get", {"pk": 1}),
    "api:applications": ("get", {}),
    "api:application": ("get", {"pk": 1}),
    "api:placements": ("get", {}),
    "api:placement-create": ("post", {}),
    "api:stats": ("get", {}),
}
PUBLIC |= {"api:api-root", "api:openapi-json", *API_ROUTES}


def _api_headers(area: str = "321302", key: str = "matrix") -> dict:
    from homeward.api.models import Scope
    from homeward.api.services import create_client

    _client, token = create_client(
        title=f"矩阵{area}{key}", region_id=area, scopes=list(Scope.values), rate_limit=1000
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_IDEMPOTENCY_KEY": key}


def _api_application_in(code: str):
    from homeward.placements.services import apply
    from tests.factories import make_published

    village = _api_village_in(code)
    return apply(make_worker(village, sequence=7), make_published(make_employer(village)))[0]


def _api_village_in(code: str) -> str:
    """`code` when a village; else a village of `code` outside county A (the client's own)."""
    if len(code) == 12:
        return code
    villages = Region.tree.filter(code__startswith=code, level="village").order_by("code")
    return villages.exclude(code__startswith="321302")[0].code


# For each route of one record: (method, URL kwargs, JSON body) pointing at a record in `code`.
API_RECORD_ROUTES = {
    "api:worker": lambda code: ("get", {"pk": make_worker(_api_village_in(code)).pk}, None),
    "api:worker-status": lambda code: (
        "post",
        {"pk": make_worker(_api_village_in(code), sequence=3).pk},
        {"status": "unemployed", "occurred_on": "2026-01-05"},
    ),
    "api:posting": lambda code: ("get", {"pk": _api_published_in(code).pk}, None),
    "api:application": lambda code: ("get", {"pk": _api_application_in(code).pk}, None),
    "api:placement-create": lambda code: (
        "post",
        {},
        {
            "application": _api_application_in(code).pk,
            "hired_on": timezone.localdate().isoformat(),
            "contract_months": 12,
        },
    ),
}


def _api_published_in(code: str):
    from tests.factories import make_published

    return make_published(make_employer(code), region_code=code)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(API_ROUTES))
def test_api_routes_refuse_requests_without_a_token(client, name):
    method, kwargs = API_ROUTES[name]
    client.force_login(make_staff("32", role=Role.ADMIN, username="province-admin"))
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code == 401, f"{name} answered a staff session"
    client.logout()
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(API_RECORD_ROUTES))
def test_api_routes_reach_own_records_and_refuse_others(client, name):
    import json

    from homeward.api.models import IdempotencyRecord

    for n, (code, expected) in enumerate(
        (("321302001001", {200, 201}), ("321311001001", {404}), ("3213", {404}))
    ):
        method, kwargs, body = API_RECORD_ROUTES[name](code)
        headers = _api_headers(key=f"k{n}")
        payload = {} if body is None else {"data": json.dumps(body)}
        if body is not None:
            payload["content_type"] = "application/json"
        response = getattr(client, method)(reverse(name, kwargs=kwargs), **payload, **headers)
        assert response.status_code in expected, f"{name} of {code}: {response.status_code}"
    assert IdempotencyRecord.objects.count() == (1 if method == "post" else 0)


@pytest.mark.django_db
def test_api_stats_read_own_area_only(client):
    headers = _api_headers()
    assert client.get(reverse("api:stats") + "?area=321302001", **headers).status_code == 200
    for other in ("321311", "3213"):
        response = client.get(reverse("api:stats") + f"?area={other}", **headers)
        assert response.status_code == 404, other


# welfare: its pages (homeward/welfare, tests/welfare) and their record makers, below this line
# Public-welfare posts: a post, an application, its objections and an appointment belong to the
# post's village or town. The index, the new-post form, the lists behind the figures, the month's
# attendance grid and payment, and the exit checks read the viewer's own area. A village's public
# notice page is public (names masked, nothing else about a person); "my post" reads the
# signed-in person's own appointments.
PUBLIC |= {"welfare:notice"}
PORTAL |= {"portal:welfare"}
AREA_FREE |= {
    "welfare:index",
    "welfare:post-create",
    "welfare:applications",
    "welfare:attendance",
    "welfare:pay",
    "welfare:checks",
    "welfare:holders",
    "welfare:stipends",
}
REGIONAL |= {
    name: lambda code, own: {"pk": welfare_post_in(code).pk}
    for name in ("welfare:post", "welfare:post-edit", "welfare:post-apply")
}
REGIONAL |= {
    "welfare:application": lambda code, own: {"pk": welfare_application_in(code, own).pk},
    "welfare:application-step": lambda code, own: {
        "pk": welfare_application_in(code, own).pk,
        "step": "start",
    },
    "welfare:objection-resolve": lambda code, own: {"pk": welfare_objection_in(code, own).pk},
    "welfare:appointment": lambda code, own: {"pk": welfare_appointment_in(code, own).pk},
    "welfare:appointment-end": lambda code, own: {"pk": welfare_appointment_in(code, own).pk},
}
POST_ONLY |= {
    "welfare:pay",
    "welfare:post-apply",
    "welfare:application-step",
    "welfare:objection-resolve",
    "welfare:appointment-end",
}


def welfare_post_in(code: str):
    from homeward.welfare.models import Post

    post = Post(title="村庄保洁员", kind="cleaning", region_id=code, headcount=2,
                monthly_stipend="1200.00")  # fmt: skip
    post.save()
    return post


def welfare_application_in(code: str, own: str):
    from homeward.welfare.models import Application

    worker = _worker_in(code, own)
    application = Application(post=welfare_post_in(code), worker=worker, region_id=code,
                              bank_name="农业银行", bank_account="6222021234567890128")  # fmt: skip
    application.save()
    return application


def welfare_objection_in(code: str, own: str):
    from homeward.welfare.models import Objection

    objection = Objection(application=welfare_application_in(code, own), region_id=code, text="x")
    objection.save()
    return objection


def welfare_appointment_in(code: str, own: str):
    from homeward.welfare.models import Appointment

    application = welfare_application_in(code, own)
    application.status = "appointed"
    application.save()
    appointment = Appointment(post=application.post, holder=application.worker,
                              application=application, region_id=code,
                              starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31))  # fmt: skip
    appointment.save()
    return appointment


# cooperatives: its pages (homeward/cooperatives, tests/cooperatives) and their record makers, below this line
# A cooperative and everything it did belong to its village or town; the list, the new-cooperative
# form and the area's figures read the viewer's own area. The worker's page reads their own rows.
AREA_FREE |= {"cooperatives:list", "cooperatives:create", "cooperatives:area-figure"}
REGIONAL |= {
    name: lambda code, own: {"pk": cooperatives_coop_in(code).pk}
    for name in (
        "cooperatives:detail",
        "cooperatives:edit",
        "cooperatives:member-add",
        "cooperatives:members-export",
        "cooperatives:order-create",
        "cooperatives:dispatch-create",
        "cooperatives:place",
    )
}
REGIONAL |= {
    "cooperatives:figure": lambda code, own: {
        "pk": cooperatives_coop_in(code).pk,
        "key": "members",
    },
    "cooperatives:member-leave": lambda code, own: {"pk": cooperatives_member_in(code, own).pk},
    **{
        name: lambda code, own: {"pk": cooperatives_dispatch_in(code).pk}
        for name in (
            "cooperatives:dispatch",
            "cooperatives:dispatch-close",
            "cooperatives:dispatch-cancel",
        )
    },
}
POST_ONLY |= {
    "cooperatives:member-leave",
    "cooperatives:dispatch-close",
    "cooperatives:dispatch-cancel",
}
PORTAL |= {"portal:cooperative"}


def cooperatives_coop_in(code: str):
    from homeward.cooperatives.models import Cooperative
    from homeward.scoping import unscoped

    with unscoped():
        return Cooperative.objects.create(
            name=f"劳务合作社{code}",
            region_id=code,
            leader_name="李四",
            contact_phone="13800000000",
            founded_on=datetime.date(2024, 3, 1),
        )


def cooperatives_member_in(code: str, own: str):
    from homeward.cooperatives.models import Membership
    from homeward.scoping import unscoped

    worker = _worker_in(code, own)
    with unscoped():
        return Membership.objects.create(
            cooperative=cooperatives_coop_in(code),
            worker=worker,
            joined_on=datetime.date(2025, 1, 1),
        )


def cooperatives_dispatch_in(code: str):
    from homeward.cooperatives.models import Dispatch, Order
    from homeward.scoping import unscoped

    today = timezone.localdate()
    with unscoped():
        coop = cooperatives_coop_in(code)
        order = Order.objects.create(
            cooperative=coop, kind="local", client="湘乡农场", work="采茶", headcount=5,
            starts_on=today, ends_on=today, day_pay=150,
        )  # fmt: skip
        return Dispatch.objects.create(
            cooperative=coop, order=order, starts_on=today, ends_on=today, day_pay=150
        )


# targets: its pages (homeward/targets, tests/targets) and their record makers, below this line
# Targets and checklists: a target belongs to its area, a checklist item to the office's area,
# a unit's duty (its updates, files and notices of supervision) to the unit's area. The lists
# (targets, the checklist), the new-target form and one's own messages read the viewer's area.
AREA_FREE |= {"targets:list", "targets:create", "targets:checklist", "targets:messages"}
REGIONAL |= {
    name: lambda code, own: {"pk": _targets_target_in(code).pk}
    for name in ("targets:detail", "targets:edit", "targets:records")
}
REGIONAL |= {
    "targets:item": lambda code, own: {"pk": _targets_duty_in(code).item_id},
    "targets:reply": lambda code, own: {"pk": _targets_notice_in(code).pk},
    "targets:attachment": lambda code, own: {"pk": _targets_attachment_in(code).pk},
    **{
        name: lambda code, own: {"pk": _targets_duty_in(code).pk}
        for name in ("targets:duty", "targets:duty-update", "targets:duty-supervise")
    },
}
POST_ONLY |= {"targets:duty-update", "targets:duty-supervise", "targets:reply"}


def _targets_target_in(code: str):
    from homeward.targets.models import Target

    year = timezone.localdate().year
    target = Target(
        title="举办招聘会", region_id=code, source="measure", metric="fairs_held", goal=20,
        unit="场", starts_on=datetime.date(year, 1, 1), ends_on=datetime.date(year, 12, 31),
    )  # fmt: skip
    target.save()
    return target


def _targets_duty_in(code: str):
    from homeward.targets.models import ChecklistItem, Duty

    item, _ = ChecklistItem.objects.get_or_create(
        region_id=code, checklist="工作清单", year=2026, number=1,
        defaults={"text": "成立领导小组", "owner_units": "市人社局", "deadline_text": "1月30日前",
                  "deadline_kind": "date", "due_on": datetime.date(2026, 1, 30)},
    )  # fmt: skip
    duty, _ = Duty.objects.get_or_create(item=item, region_id=code, unit="市人社局")
    return duty


def _targets_notice_in(code: str):
    from homeward.targets.models import Supervision

    notice = Supervision(
        duty=_targets_duty_in(code), text="请说明进度", reply_by=timezone.localdate()
    )
    notice.save()
    return notice


def _targets_attachment_in(code: str):
    from homeward.targets.models import Attachment, ProgressUpdate

    update = ProgressUpdate(duty=_targets_duty_in(code), text="已完成")
    update.save()
    attachment = Attachment(
        update=update,
        filename="a.pdf",
        content_type="application/pdf",
        size=9,
        content=b"%PDF-1.4 ",
    )
    attachment.save()
    return attachment


# gigs: gig markets (homeward/gigs, tests/gigs). Staff pages of a market of the viewer's area (its
# day, sign-in by ID, poster, gigs, draws); the list and the figures read the viewer's own area;
# the worker's and employer's pages under /m/gigs and /e/gigs read their own rows.
PORTAL |= {
    "portal:gigs",
    "portal:gig-signin",
    "portal:gig-rate",
    "portal:gig-absent",
    "portal:employer-gigs",
    "portal:employer-gig-create",
    "portal:employer-gig",
    "portal:employer-gig-checkout",
    "portal:employer-gig-noshow",
}
AREA_FREE |= {"gigs:markets", "gigs:market-create", "gigs:figures", "gigs:figure-rows"}
REGIONAL |= {
    name: lambda code, own: {"pk": _market_in(code).pk}
    for name in (
        "gigs:market",
        "gigs:market-signin",
        "gigs:market-poster",
        "gigs:gig-create",
        "gigs:market-sanction",
    )
}
REGIONAL |= {
    name: lambda code, own: {"pk": _gig_in(code).pk}
    for name in ("gigs:gig", "gigs:gig-review", "gigs:gig-lottery", "gigs:gig-match")
}
REGIONAL |= {"gigs:draw": lambda code, own: {"pk": _draw_in(code).pk}}
POST_ONLY |= {
    "gigs:market-signin",
    "gigs:market-sanction",
    "gigs:gig-review",
    "gigs:gig-lottery",
    "gigs:gig-match",
}


def _market_in(code: str):
    from homeward.gigs.models import Market

    market = Market(name="零工市场", region_id=code)
    market.save()
    return market


def _gig_in(code: str):
    from homeward.gigs.models import Gig

    gig = Gig(
        market=_market_in(code),
        employer=make_employer(code),
        title="搬运工",
        trade="porter",
        on=timezone.localdate(),
        place="物流园",
        headcount=2,
        pay="200.00",
        posted_by="staff:0",
    )
    gig.save()
    return gig


def _draw_in(code: str):
    from homeward.gigs.models import Draw

    draw = Draw(gig=_gig_in(code), kind="lottery", seed="ab", pool=[], drawn=[])
    draw.save()
    return draw


# The tests come last: they read the sets above when the module is loaded, so every block of
# declarations (the workstreams' below their marked lines) must stand before them.


def _patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


# ventures: startup competitions and field visits (tests/ventures/test_competitions.py,
# test_field_visits.py, test_event_views.py): a competition and all of it (criteria, rounds,
# entries, judges, scores, advancements, awards) belong to the area that runs it; an expert team
# to the area that set it up, a visit and what it records to the town or village visited. The
# lists and the new-competition / new-team forms read the viewer's own area.
AREA_FREE |= {
    "ventures:competitions",
    "ventures:competition-create",
    "ventures:field-visits",
    "ventures:team-create",
}
REGIONAL |= {
    name: lambda code, own: {"pk": _ventures3_competition_in(code).pk}
    for name in (
        "ventures:competition",
        "ventures:competition-criterion",
        "ventures:competition-round",
        "ventures:competition-entry",
        "ventures:competition-award",
    )
}
REGIONAL |= {
    name: lambda code, own: {"pk": _ventures3_round_in(code).pk}
    for name in (
        "ventures:round",
        "ventures:round-judge",
        "ventures:round-conflict",
        "ventures:round-score",
        "ventures:round-close",
        "ventures:round-advance",
    )
}
REGIONAL |= {
    name: lambda code, own: {"pk": _ventures3_team_in(code).pk}
    for name in ("ventures:team", "ventures:team-expert", "ventures:team-visit")
}
REGIONAL |= {
    name: lambda code, own: {"pk": _ventures3_visit_in(code, own).pk}
    for name in ("ventures:visit", "ventures:visit-served", "ventures:visit-problem")
}
REGIONAL |= {"ventures:problem-move": lambda code, own: {"pk": _ventures3_problem_in(code, own).pk}}
# A judge's own pages (tests/ventures/test_judging.py): the judge rows of the viewer's account,
# read in the viewer's area; the maker names the own area's staff account the judge, so another
# area's round is 404 even for that account, and any other account's judge row is 404 too.
AREA_FREE |= {"ventures:judging"}
REGIONAL |= {
    "ventures:judging-round": lambda code, own: {"pk": _ventures13_judge_in(code, own)[0].pk},
    "ventures:judging-sheet": lambda code, own: _ventures13_sheet_in(code, own),
}
POST_ONLY |= {
    "ventures:competition-create",
    "ventures:competition-criterion",
    "ventures:competition-round",
    "ventures:competition-entry",
    "ventures:competition-award",
    "ventures:round-judge",
    "ventures:round-conflict",
    "ventures:round-score",
    "ventures:round-close",
    "ventures:round-advance",
    "ventures:team-create",
    "ventures:team-expert",
    "ventures:team-visit",
    "ventures:visit-served",
    "ventures:visit-problem",
    "ventures:problem-move",
}


def _ventures3_competition_in(code: str):
    from homeward.ventures.models import Competition

    competition = Competition(name="返乡创业大赛", region_id=code, year=2025)
    competition.save()
    return competition


def _ventures3_round_in(code: str):
    from homeward.ventures.models import Round

    round_ = Round(
        competition=_ventures3_competition_in(code), stage="preliminary", number=1,
        held_on=datetime.date(2025, 5, 1),
    )  # fmt: skip
    round_.save()
    return round_


def _ventures13_judge_in(code: str, own: str):
    """A judge of a round of `code`, signed in as the first staff account of `own`, and an
    entry of that round it may score."""
    from homeward.ventures.models import Contestant, Criterion, Judge

    round_ = _ventures3_round_in(code)
    Criterion(competition=round_.competition, name="商业模式", weight=100).save()
    entry = Contestant(competition=round_.competition, founder=_worker_in(code, own), project="x")
    entry.save()
    user = User.objects.filter(region_id=own).order_by("pk").first()
    judge = Judge(round=round_, name="评委", user=user)
    judge.save()
    return judge, entry


def _ventures13_sheet_in(code: str, own: str):
    judge, entry = _ventures13_judge_in(code, own)
    return {"pk": judge.pk, "entry": entry.pk}


def _ventures3_team_in(code: str):
    from homeward.ventures.models import ExpertTeam

    team = ExpertTeam(name="创业专家服务团", region_id=code)
    team.save()
    return team


def _ventures3_visit_in(code: str, own: str):
    from homeward.ventures.models import FieldVisit

    place = _worker_in(code, own).region_id  # a village inside `code` (outside `own`)
    visit = FieldVisit(team=_ventures3_team_in(code), region_id=place, on=datetime.date(2025, 5, 1))
    visit.save()
    return visit


def _ventures3_problem_in(code: str, own: str):
    from homeward.ventures.models import Problem, Served

    visit = _ventures3_visit_in(code, own)
    served = Served(visit=visit, founder=_worker_in(code, own))
    served.save()
    problem = Problem(served=served, field="finance", text="缺少流动资金")
    problem.save()
    return problem


def test_every_url_pattern_is_declared():
    undeclared = sorted(
        name
        for name in set(_patterns())
        if not name.startswith("admin:")
        and name not in PUBLIC | PORTAL | AREA_FREE | REGIONAL.keys()
    )
    assert undeclared == [], f"declare these pages in the scoping matrix: {undeclared}"


@pytest.mark.django_db
def test_a_staff_session_opens_no_portal_page_of_a_person(client):
    """Staff signed in to the staff pages are nobody on the portal: its pages of a person send
    them to the portal's sign-in, whatever their area."""
    client.force_login(make_staff("32", role=Role.ADMIN, username="province-admin"))
    for name in (
        "portal:home",
        "portal:applications",
        "portal:me",
        "portal:wishes",
        "portal:inbox",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("portal:signin")), name


@pytest.mark.django_db
def test_a_staff_session_opens_no_employer_portal_page(client):
    """Staff are nobody on the employer portal either, even for their own area's employers."""
    from homeward.placements.services import apply

    client.force_login(make_staff("32", role=Role.ADMIN, username="province-admin"))
    posting = _open_job()
    application = apply(make_worker("321302001001", sequence=3), posting)[0]
    pages = {
        "portal:employer-home": {},
        "portal:employer-posting-create": {},
        "portal:employer-posting": {"pk": posting.pk},
        "portal:employer-posting-edit": {"pk": posting.pk},
        "portal:employer-application": {"pk": application.pk},
    }
    for name, kwargs in pages.items():
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("portal:employer-signin")), name
    posts = {
        "portal:employer-posting-close": posting.pk,
        "portal:employer-interview": application.pk,
        "portal:employer-hire": application.pk,
        "portal:employer-reject": application.pk,
    }
    for name, pk in posts.items():
        response = client.post(reverse(name, args=[pk]), {"reason": "x"})
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("portal:employer-signin")), name
    posting.refresh_from_db()
    application.refresh_from_db()
    assert posting.status == "published" and application.status == "applied"


# POST forms that answer an empty post with the form again and its errors (400), not a redirect.
REFUSED_AS_400 = {"welfare:post-apply"}


@pytest.fixture
def staff_by_level(db):
    return {
        level: make_staff(own, username=f"staff-{level}") for level, (own, _, _) in AREAS.items()
    }


@pytest.mark.parametrize("name", sorted(REGIONAL))
@pytest.mark.parametrize("level", sorted(AREAS))
def test_regional_pages_show_own_area_and_refuse_others(client, staff_by_level, name, level):
    own, sibling, parent = AREAS[level]
    user = staff_by_level[level]
    user.may_see_personal_data = True
    user.save()
    client.force_login(user)
    send = client.post if name in POST_ONLY else client.get
    response = send(reverse(name, kwargs=REGIONAL[name](own, own)), follow=name in POST_ONLY)
    # A form posted empty in one's own area is answered with the page and its errors (400).
    assert response.status_code in ((200, 400) if name in REFUSED_AS_400 else (200,))
    for other in (sibling, parent):
        response = send(reverse(name, kwargs=REGIONAL[name](other, own)))
        assert response.status_code == 404, f"{level} user reached {name} of {other}"


@pytest.mark.parametrize("name", sorted(REGIONAL | dict.fromkeys(AREA_FREE - {"accounts:logout"})))
def test_anonymous_visitors_are_sent_to_sign_in(client, db, name):
    kwargs = REGIONAL[name]("3213", "3213") if name in REGIONAL else {}
    send = client.post if name in POST_ONLY else client.get
    response = send(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_leader_reads_own_area_only(client, db):
    leader = make_staff("321302", role=Role.LEADER)
    client.force_login(leader)
    assert client.get(reverse("regions:detail", args=["321302"])).status_code == 200
    assert client.get(reverse("regions:detail", args=["321311"])).status_code == 404


def test_region_browser_counts_only_own_subtree(client, staff_by_level):
    client.force_login(staff_by_level["county"])
    make_staff("321311001001", username="someone-in-the-sibling-county")
    response = client.get(reverse("regions:detail", args=["321302"]))
    children = response.context["children"]
    assert {c["region"].code[:6] for c in children} == {"321302"}
    villages = sum(c["villages"] for c in children)
    assert villages == Region.tree.filter(code__startswith="321302", level="village").count()
    staff = sum(c["staff"] for c in children)
    assert (
        staff
        == User.objects.in_area("321302").filter(region__level__in=["town", "village"]).count()
    )


# The admin site: every registered model that carries a region.

SCOPED_ADMIN_MODELS = [
    model for model in admin.site._registry if getattr(model, "region_field", None)
]


@pytest.fixture
def county_admin(db, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    return make_staff("321302", role=Role.ADMIN, username="county-admin")


def _record_in(model, area: str, *, exactly: bool = False):
    """A record of `model` inside `area`, or exactly at it (made if the test map has none)."""
    field = model.region_field
    records = model._base_manager.all()
    records = records.filter(**{field: area}) if exactly else limit_to_area(records, area)
    existing = records.first()
    if existing is not None:
        return existing
    if model is User:
        return make_staff(area, username=f"user-{area}")
    if model._meta.label in RECORD_MAKERS:
        return RECORD_MAKERS[model._meta.label](area)
    from homeward.audit.services import log_action

    return log_action("test.record", region_code=area)


@pytest.mark.parametrize("model", SCOPED_ADMIN_MODELS, ids=lambda m: m._meta.label)
def test_admin_lists_and_opens_only_own_area(client, county_admin, model):
    own = _record_in(model, "321302001")
    sibling = _record_in(model, "321311")
    parent = _record_in(model, "3213", exactly=True)
    client.force_login(county_admin)
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    changelist = client.get(reverse(f"{prefix}_changelist"))
    assert changelist.status_code == 200
    listed = changelist.context_data["cl"]  # evaluated inside the request, in its area
    field = model.region_field
    assert listed.result_list and all(covers("321302", region_of(r)) for r in listed.result_list)
    expected = limit_to_area(model._base_manager.all(), "321302").count()
    assert listed.result_count == expected
    assert client.get(reverse(f"{prefix}_change", args=[own.pk])).status_code == 200
    for other in (sibling, parent):
        response = client.get(reverse(f"{prefix}_change", args=[other.pk]))
        refused = response.status_code == 404 or (
            response.status_code == 302 and response["Location"] == reverse("admin:index")
        )
        assert refused, f"county admin opened {model._meta.label} of {field}={other}"


def test_staff_and_leaders_do_not_reach_the_admin(client, db):
    for role in (Role.STAFF, Role.LEADER):
        client.force_login(make_staff("321302", role=role, username=f"x-{role}"))
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("name", sorted(REGIONAL))
def test_out_of_city_staff_reach_no_record_of_a_plain_area(client, db, name):
    """Staff of an out-of-city station (a placed area, home × destination) reach no record of
    their home city's plain area, nor another city's: only people of home working there."""
    from homeward.scoping import unscoped
    from homeward.stations.models import Station

    with unscoped():
        station = Station.objects.create(
            name="驻苏州站", kind="out_of_city", region_id="5110", place_id="3205", address="x"
        )
    user = make_staff(None, username="out-of-city")
    station.staff.add(user)
    client.force_login(user)
    send = client.post if name in POST_ONLY else client.get
    for code in ("5110", "3213"):
        response = send(reverse(name, kwargs=REGIONAL[name](code, "5110")))
        assert response.status_code in (403, 404), f"out-of-city staff reached {name} of {code}"
