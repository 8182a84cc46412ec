"""Every number and date a domain model keeps has bounds, in the form and in the database.

The class test of issue 10 §3: each model field of the domain apps with a numeric or date type
carries a validator with both ends (`core.bounds.Between`, or a min and a max) and a check
constraint of its model that names it, or it is on EXEMPT with the reason it needs neither.
Plus the pure pieces: the windows around today and the control-character cleaning.
"""

from datetime import date

import pytest
from django.apps import apps
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from homeward.codes import bounds
from homeward.codes.controls import strip_controls
from homeward.core.bounds import Between

DOMAIN_APPS = (
    "workers",
    "employers",
    "jobs",
    "matching",
    "placements",
    "outreach",
    "campaigns",
    "accounts",
    "signin_codes",
    "content",
    "fairs",
    "surveys",
    "followups",
    "subsidies",
    "training",
    "wages",
    "disputes",
    "stats",
    "ambassadors",
    "trips",
    "teams",
    "agencies",
    "ventures",
    "loans",
    "stations",
    "gigs",
    "reports",
    "targets",
    "welfare",
    "cooperatives",
)
NUMBERS_AND_DATES = (
    models.IntegerField,
    models.DecimalField,
    models.FloatField,
    models.DateField,  # DateTimeField too
    models.DurationField,
)

CLOCK = (
    "written by the code from the clock (default timezone.now, auto_now or a service), "
    "never typed or imported"
)
COUNTER = "a counter the code increments, never typed or imported"
COMPUTED = "computed by the matching engine, never typed or imported"
EXEMPT = {
    "accounts.User.last_login": CLOCK,
    "accounts.User.date_joined": CLOCK,
    "accounts.User.password_changed_at": CLOCK,
    "workers.Worker.created_at": CLOCK,
    "accounts.PersonalDataGrant.requested_at": CLOCK,
    "accounts.PersonalDataGrant.decided_at": CLOCK,
    "workers.Worker.updated_at": CLOCK,
    "workers.StatusEvent.recorded_at": CLOCK,
    "workers.LedgerUpload.uploaded_at": CLOCK,
    "workers.WorkerAccount.confirmed_at": CLOCK,
    "workers.WorkerAccount.created_at": CLOCK,
    "workers.WorkerAccount.last_sign_in_at": CLOCK,
    "workers.LedgerColumnChoice.chosen_at": CLOCK,
    "employers.Employer.created_at": CLOCK,
    "employers.Employer.updated_at": CLOCK,
    "employers.EmployerUser.invited_at": CLOCK,
    "employers.EmployerUser.last_sign_in_at": CLOCK,
    "jobs.Posting.published_at": CLOCK,
    "jobs.Posting.created_at": CLOCK,
    "jobs.Posting.updated_at": CLOCK,
    "matching.PostingMatches.pool": COUNTER,
    "matching.PostingMatches.computed_at": CLOCK,
    "matching.Referral.referred_at": CLOCK,
    "matching.Referral.score": COMPUTED,
    "placements.Application.applied_at": CLOCK,
    "placements.Application.updated_at": CLOCK,
    "placements.Application.decided_at": CLOCK,
    "placements.ApplicationEvent.at": CLOCK,
    "outreach.OutboxMessage.created_at": CLOCK,
    "campaigns.Campaign.created_at": CLOCK,
    "campaigns.Campaign.updated_at": CLOCK,
    "campaigns.Campaign.started_at": CLOCK,
    "campaigns.Campaign.finished_at": CLOCK,
    "campaigns.Delivery.attempts": COUNTER,
    "campaigns.Delivery.next_attempt_at": CLOCK,
    "campaigns.Delivery.claimed_at": CLOCK,
    "campaigns.Delivery.sent_at": CLOCK,
    "campaigns.Delivery.delivered_at": CLOCK,
    "campaigns.Delivery.clicked_at": CLOCK,
    "campaigns.SendingPace.next_slot": CLOCK,
    "signin_codes.SignInCode.created_at": CLOCK,
    "signin_codes.SignInCode.expires_at": CLOCK,
    "signin_codes.SignInCode.used_at": CLOCK,
    "signin_codes.SignInCode.failed_attempts": COUNTER,
    "content.Article.published_at": CLOCK,
    # fairs: its exempt fields with the reason, below this line
    "fairs.Fair.created_at": CLOCK,
    "fairs.Fair.updated_at": CLOCK,
    "fairs.Booth.signed_up_at": CLOCK,
    "fairs.Booth.decided_at": CLOCK,
    "fairs.Registration.at": CLOCK,
    "fairs.CheckIn.at": CLOCK,
    "fairs.Intention.at": CLOCK,
    # surveys: its exempt fields with the reason, below this line
    "surveys.SurveyCampaign.closed_at": CLOCK,
    "surveys.SurveyCampaign.created_at": CLOCK,
    "surveys.Visit.recorded_at": CLOCK,
    # followups: its exempt fields with the reason, below this line
    "followups.FollowUp.recorded_at": CLOCK,
    # subsidies: its exempt fields with the reason, below this line
    "subsidies.Policy.created_at": CLOCK,
    "subsidies.PolicyVersion.created_at": CLOCK,
    "subsidies.PolicyVersion.published_at": CLOCK,
    "subsidies.Candidate.found_at": CLOCK,
    "subsidies.Invitation.created_at": CLOCK,
    "subsidies.Entitlement.created_at": CLOCK,
    "subsidies.Entitlement.updated_at": CLOCK,
    "subsidies.Decision.at": CLOCK,
    "subsidies.Evidence.uploaded_at": CLOCK,
    "subsidies.SampleDraw.drawn_at": CLOCK,
    "subsidies.PaymentBatch.downloaded_at": CLOCK,
    "subsidies.PaymentBatch.created_at": CLOCK,
    "subsidies.Payment.created_at": CLOCK,
    "subsidies.Payment.settled_at": CLOCK,
    # training: its exempt fields with the reason, below this line
    "training.Provider.created_at": CLOCK,
    "training.Course.created_at": CLOCK,
    "training.Brand.created_at": CLOCK,
    "training.Attendance.recorded_at": CLOCK,
    "training.Assessment.recorded_at": CLOCK,
    "training.Invitation.sent_at": CLOCK,
    # wages: its exempt fields with the reason, below this line
    "wages.ClueEvidence.submitted_at": CLOCK,
    "wages.Project.created_at": CLOCK,
    "wages.Attendance.recorded_at": CLOCK,
    "wages.PayrollEntry.recorded_at": CLOCK,
    # disputes: its exempt fields with the reason, below this line
    "disputes.Evidence.submitted_at": CLOCK,
    "disputes.HolidayYear.added_at": CLOCK,
    "disputes.AverageWage.updated_at": CLOCK,
    "disputes.Party.withdrawn_at": CLOCK,
    "disputes.Dispute.created_at": CLOCK,
    "disputes.Document.created_at": CLOCK,
    "disputes.Service.opened_at": CLOCK,
    "disputes.Service.confirmed_at": CLOCK,
    # stats: every month and figure is counted by the code from the records, never typed
    "stats.Watermark.seen_until": CLOCK,
    "stats.Watermark.current_month": CLOCK,
    # ambassadors: its exempt fields with the reason, below this line
    "ambassadors.Ambassador.created_at": CLOCK,
    "ambassadors.Referral.referred_at": CLOCK,
    "ambassadors.Bounty.approved_at": CLOCK,
    "ambassadors.RecruitingOfficer.marked_at": CLOCK,
    # trips: its exempt fields with the reason, below this line
    "trips.Trip.created_at": CLOCK,
    "trips.SignUp.at": CLOCK,
    "trips.SignUp.boarded_at": CLOCK,
    "trips.SignUp.arrived_at": CLOCK,
    "trips.BoardAnswer.at": CLOCK,
    # teams: its exempt fields with the reason, below this line
    "teams.Team.created_at": CLOCK,
    "teams.Member.added_at": CLOCK,
    "teams.Assignment.assigned_at": CLOCK,
    "teams.Contact.recorded_at": CLOCK,
    # agencies: its exempt fields with the reason, below this line
    "agencies.Agency.created_at": CLOCK,
    "agencies.Mandate.created_at": CLOCK,
    "agencies.AgencyPosting.at": CLOCK,
    "agencies.FairEntry.at": CLOCK,
    "agencies.Placement.at": CLOCK,
    "agencies.Digest.created_at": CLOCK,
    "agencies.DigestOpen.at": CLOCK,
    # ventures: its exempt fields with the reason, below this line
    "ventures.Vote.day": "the local date of cast_at (the clock), set by cast_vote",
    "ventures.Alliance.created_at": CLOCK,
    "ventures.Venture.created_at": CLOCK,
    "ventures.Employee.recorded_at": CLOCK,
    "ventures.Park.created_at": CLOCK,
    "ventures.Liaison.created_at": CLOCK,
    "ventures.Showcase.created_at": CLOCK,
    "ventures.Vote.cast_at": CLOCK,
    "ventures.Competition.created_at": CLOCK,
    "ventures.Round.closed_at": CLOCK,
    "ventures.Contestant.entered_at": CLOCK,
    "ventures.Score.recorded_at": CLOCK,
    "ventures.Advancement.decided_at": CLOCK,
    "ventures.ExpertTeam.created_at": CLOCK,
    "ventures.Problem.updated_at": CLOCK,
    # loans: its exempt fields with the reason, below this line
    "loans.OverdueNotice.created_at": CLOCK,
    "loans.Loan.created_at": CLOCK,
    "loans.LoanStep.at": CLOCK,
    "loans.RepaymentUpload.at": CLOCK,
    # stations: its exempt fields with the reason, below this line
    "stations.Station.created_at": CLOCK,
    "stations.StationService.recorded_at": CLOCK,
    # stats: its exempt fields with the reason, below this line
    "workers.SocialInsurance.recorded_at": CLOCK,
    "employers.ContractReport.reported_at": CLOCK,
    # reports: its exempt fields with the reason, below this line
    "reports.Submission.first_submitted_on": CLOCK,
    "reports.Submission.submitted_at": CLOCK,
    "reports.Step.at": CLOCK,
    # api: its exempt fields with the reason, below this line
    # welfare: its exempt fields with the reason, below this line
    "welfare.Post.created_at": CLOCK,
    "welfare.Application.entered_at": CLOCK,
    "welfare.Objection.recorded_at": CLOCK,
    "welfare.Appointment.created_at": CLOCK,
    "welfare.Attendance.recorded_at": CLOCK,
    "welfare.StipendLine.created_at": CLOCK,
    # cooperatives: its exempt fields with the reason, below this line
    "cooperatives.Cooperative.created_at": CLOCK,
    "cooperatives.Order.recorded_at": CLOCK,
    "cooperatives.Dispatch.sent_at": CLOCK,
    "cooperatives.Dispatch.closed_at": CLOCK,
    "cooperatives.Placement.placed_at": CLOCK,
    # targets: its exempt fields with the reason, below this line
    "targets.Target.created_at": CLOCK,
    "targets.ChecklistItem.created_at": CLOCK,
    "targets.ProgressUpdate.at": CLOCK,
    "targets.Supervision.issued_at": CLOCK,
    "targets.Supervision.replied_at": CLOCK,
    "targets.StaffMessage.created_at": CLOCK,
    # gigs: moments written by the services from the clock; the sign-in's day is today's
    "gigs.Market.created_at": CLOCK,
    "gigs.Gig.created_at": CLOCK,
    "gigs.SignIn.at": CLOCK,
    "gigs.Draw.at": CLOCK,
    "gigs.Dispatch.sent_at": CLOCK,
    "gigs.Dispatch.ended_at": CLOCK,
    "gigs.Sanction.at": CLOCK,
}


def _fields():
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                concrete = getattr(field, "concrete", False) and not field.is_relation
                if concrete and isinstance(field, NUMBERS_AND_DATES) and not field.primary_key:
                    yield f"{model._meta.label}.{field.name}", model, field


def _bounded_by_validator(field) -> bool:
    kinds = {type(v) for v in field.validators}
    return Between in kinds or {MinValueValidator, MaxValueValidator} <= kinds


def _names(condition) -> set[str]:
    found = set()
    for child in condition.children:
        if isinstance(child, models.Q):
            found |= _names(child)
        else:
            found.add(child[0].split("__")[0])
    return found


def _bounded_by_constraint(model, field) -> bool:
    return any(
        isinstance(c, models.CheckConstraint) and field.name in _names(c.condition)
        for c in model._meta.constraints
    )


@pytest.mark.parametrize("name", [name for name, _m, _f in _fields()])
def test_every_number_and_date_has_bounds_or_a_reason(name):
    _name, model, field = next(row for row in _fields() if row[0] == name)
    if name in EXEMPT:
        assert not _bounded_by_constraint(model, field), f"{name} is bounded: strike it from EXEMPT"
        return
    assert _bounded_by_validator(field), f"{name}: no validator with both ends (core.bounds)"
    assert _bounded_by_constraint(model, field), f"{name}: no check constraint in its Meta"


def test_the_exempt_list_names_only_fields_that_exist():
    names = {name for name, _m, _f in _fields()}
    assert set(EXEMPT) <= names, set(EXEMPT) - names


def test_windows_around_today():
    today = date(2026, 2, 28)
    assert bounds.event_window(today) == (date(2021, 2, 28), date(2028, 2, 28))
    assert bounds.event_window(date(2028, 2, 29)) == (date(2023, 2, 28), date(2030, 2, 28))
    assert bounds.history_window(today) == (date(1950, 1, 1), today)
    assert bounds.within(date(2100, 12, 31), bounds.STORED_DAYS)
    assert not bounds.within(date(1, 1, 1), bounds.STORED_DAYS)
    assert bounds.WORKING_AGE == (16, 75)


def test_control_characters_are_stripped():
    assert strip_controls("张\x00三\u202e\x07") == "张三"
    assert strip_controls("一行\r\n二行\t尾") == "一行 二行 尾"
    assert strip_controls("一行\r\n二行\t尾\x1b[31m", multiline=True) == "一行\n二行\t尾[31m"
    assert strip_controls("\x85\u2028") == "  "
    assert strip_controls("") == ""
