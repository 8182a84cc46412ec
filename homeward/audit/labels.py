"""Chinese labels of the dotted audit action codes, for the pages that list audit rows.

The code stays the record (stable, searchable); the label is how a person reads it. A code named
here exactly gets its own label; `app.write.refused` is a read-only role's refused change; any
other `app.object.verb` code is read from its object and its last word (the admin's `accounts.user.created`, a placement's `placements.application.hired`);
a code this module cannot read is shown as it is, never hidden.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "accounts.login": _("signed in"),
    "accounts.login.failed": _("sign-in failed"),
    "accounts.logout": _("signed out"),
    "accounts.locked_out": _("account locked after failed sign-ins"),
    "accounts.password.changed": _("password changed"),
    "accounts.otp.recovery_regenerated": _("new recovery codes issued"),
    "accounts.otp.recovery_used": _("signed in with a recovery code"),
    "accounts.second_factor.enrolled": _("authenticator set up"),
    "accounts.second_factor.failed": _("authenticator code wrong"),
    "accounts.second_factor.locked": _("authenticator step locked after wrong codes"),
    "accounts.second_factor.refused": _("authenticator code refused while locked"),
    "accounts.second_factor.reset": _("authenticator reset"),
    "accounts.second_factor.verified": _("authenticator code accepted"),
    "accounts.session.expired": _("session expired"),
    "accounts.user.disabled_inactive": _("account disabled after long disuse"),
    "accounts.user.unlocked": _("account unlocked"),
    "accounts.personal_data.requested": _("personal-data permission asked for"),
    "accounts.personal_data.approved": _("personal-data permission approved"),
    "accounts.personal_data.refused": _("personal-data permission refused"),
    "accounts.personal_data.withdrawn": _("personal-data permission withdrawn"),
    "accounts.personal_data.request_refused": _("personal-data permission: request not allowed"),
    "accounts.personal_data.approve_refused": _("personal-data permission: approval not allowed"),
    "accounts.personal_data.refuse_refused": _("personal-data permission: refusal not allowed"),
    "accounts.personal_data.withdraw_refused": _(
        "personal-data permission: withdrawal not allowed"
    ),
    "campaigns.campaign.started": _("push campaign started"),
    "campaigns.campaign.cancelled": _("push campaign cancelled"),
    "employers.user.invited": _("employer portal user invited"),
    "employers.user.deactivated": _("employer portal user deactivated"),
    "jobs.sheet.exported": _("job information sheet printed or downloaded"),
    "jobs.posting.filled": _("job posting marked filled"),
    "matching.referral.created": _("worker referred to a job"),
    "placements.application.created": _("applied for a job"),
    "placements.application.interview": _("applicant invited to interview"),
    "placements.application.hired": _("applicant hired"),
    "placements.application.not_hired": _("applicant not hired"),
    "placements.application.withdrawn": _("application withdrawn"),
    "workers.worker.created": _("worker registered"),
    "workers.worker.updated": _("worker's record changed"),
    "portal.bind.ok": _("portal: phone bound to the registry record"),
    "portal.bind.refused": _("portal: binding refused"),
    "portal.bind.locked": _("portal: binding locked after wrong tries"),
    "portal.register.ok": _("portal: registered themselves"),
    "portal.register.refused": _("portal: self-registration refused"),
    "portal.register.confirmed": _("self-registration confirmed by staff"),
    "portal.signin.code_sent": _("portal: sign-in code sent"),
    "portal.signin.code_failed": _("portal: sign-in code could not be sent"),
    "portal.signin.ok": _("portal: signed in"),
    "portal.signin.failed": _("portal: sign-in code wrong"),
    "portal.signin.locked": _("portal: sign-in locked after wrong codes"),
    "portal.employer.signin.refused": _("employer portal: sign-in refused"),
    "portal.employer.signin.unknown_phone": _("employer portal: unknown number"),
    "portal.employer.signout": _("employer portal: signed out"),
    "portal.messages.opted_in": _("portal: messages turned on"),
    "portal.messages.opted_out": _("portal: messages turned off"),
    "portal.worker.updated": _("portal: updated their own record"),
    "workers.ledger.uploaded": _("ledger uploaded for checking"),
    "workers.ledger.columns_chosen": _("ledger columns matched to fields"),
    "workers.ledger.imported": _("ledger imported"),
    "workers.ledger.discarded": _("ledger upload discarded"),
    "workers.ledger.exported": _("registry exported to Excel"),
    "workers.ledger.result_downloaded": _("import result downloaded"),
    "workers.worker.personal_data_viewed": _("full ID and phone viewed"),
    "workers.worker.personal_data_refused": _("full ID and phone refused"),
    "workers.ledger.expired": _("unconfirmed ledger upload deleted after the retention period"),
    "background.result.downloaded": _("background job result downloaded"),
    "background.result.refused": _("background job result refused"),
    # fairs: its action codes, below this line
    "fairs.fair.created": _("job fair created"),
    "fairs.fair.changed": _("job fair changed"),
    "fairs.stop.added": _("caravan stop added"),
    "fairs.write.refused": _("job fair change refused"),
    "fairs.booth.signed_up": _("booth signed up for a job fair"),
    "fairs.booth.changed": _("booth's postings changed"),
    "fairs.booth.approved": _("booth approved"),
    "fairs.booth.refused": _("booth refused"),
    "fairs.registration.created": _("registered for a job fair"),
    "fairs.checkin.created": _("checked in at a job fair"),
    "fairs.checkin.refused": _("job fair check-in refused"),
    "fairs.intention.recorded": _("intention recorded at a job fair"),
    "fairs.results.exported": _("job fair results exported to Excel"),
    # surveys: its action codes, below this line
    "surveys.campaign.created": _("door-to-door survey created"),
    "surveys.campaign.closed": _("door-to-door survey closed"),
    "surveys.visit.recorded": _("survey visit recorded"),
    "surveys.person.added": _("person added during a survey"),
    "surveys.ledger.exported": _("survey ledger exported to Excel"),
    "surveys.write.refused": _("survey change refused (read-only user)"),
    # followups: its action codes, below this line
    "followups.followup.recorded": _("retention follow-up recorded"),
    "followups.write.refused": _("follow-up change refused (read-only user)"),
    # subsidies: its action codes, below this line
    "subsidies.write.refused": _("subsidy write refused (read-only user)"),
    "subsidies.version.created": _("subsidy policy version created"),
    "subsidies.version.published": _("subsidy policy version published"),
    "subsidies.version.refused": _("subsidy policy version refused"),
    "subsidies.entitlement.submitted": _("subsidy application submitted"),
    "subsidies.entitlement.refused": _("subsidy application refused or not accepted"),
    "subsidies.entitlement.approved": _("subsidy application approved at a step"),
    "subsidies.entitlement.returned": _("subsidy application returned for more information"),
    "subsidies.entitlement.over_budget": _("subsidy approval refused: over budget"),
    "subsidies.entitlement.resubmitted": _("subsidy application sent again"),
    "subsidies.entitlement.objected": _("objection to a subsidy on public notice"),
    "subsidies.entitlement.account_corrected": _("subsidy bank account corrected"),
    "subsidies.objection.resolved": _("subsidy objection resolved"),
    "subsidies.notice.closed": _("subsidy public notices closed"),
    "subsidies.sample.drawn": _("subsidy sample drawn"),
    "subsidies.sample.checked": _("subsidy sample checked"),
    "subsidies.batch.built": _("subsidy payment batch built"),
    "subsidies.batch.downloaded": _("subsidy bank file taken"),
    "subsidies.batch.returned": _("bank return file imported"),
    "subsidies.batch.return_refused": _("bank return file refused"),
    "subsidies.scan.started": _("subsidy eligibility scan started"),
    # training: its action codes, below this line
    "training.write.refused": _("training: change refused (read-only)"),
    "training.area.refused": _("training: course outside the area refused"),
    "training.provider.created": _("training provider added"),
    "training.provider.changed": _("training provider changed"),
    "training.course.created": _("course added"),
    "training.course.changed": _("course changed"),
    "training.brand.created": _("labour brand added"),
    "training.brand.changed": _("labour brand changed"),
    "training.enrolment.created": _("person enrolled in a course"),
    "training.enrolment.full": _("enrolment refused: course full"),
    "training.enrolment.completed": _("course completed"),
    "training.enrolment.dropped": _("course dropped"),
    "training.attendance.marked": _("attendance marked"),
    "training.assessment.recorded": _("assessment recorded"),
    "training.certificate.issued": _("certificate issued"),
    "training.certificate.refused": _("certificate refused: course not completed"),
    "training.invitation.sent": _("course invitations sent"),
    # wages: its action codes, below this line
    "wages.write.refused": _("wage protection: write refused (read-only)"),
    "wages.project.created": _("construction project created"),
    "wages.project.changed": _("construction project changed"),
    "wages.project.scanned": _("wage warning rules run"),
    "wages.roster.imported": _("real-name roster imported"),
    "wages.attendance.imported": _("attendance imported"),
    "wages.payroll.imported": _("payroll imported"),
    "wages.case.taken": _("wage case taken"),
    "wages.case.contact": _("wage case: employer contacted"),
    "wages.case.order": _("wage case: ordered to pay"),
    "wages.case.deposit": _("wage case: wage deposit drawn"),
    "wages.case.enforcement": _("wage case: referred to enforcement"),
    "wages.case.police": _("wage case: referred to the police"),
    "wages.case.close": _("wage case closed"),
    "wages.clue.received": _("arrears clue received"),
    "wages.clue.moved": _("arrears clue moved on"),
    "wages.blacklist.notified": _("blacklist: employer notified"),
    "wages.blacklist.objected": _("blacklist: objection recorded"),
    "wages.blacklist.extended": _("blacklist: decision period extended"),
    "wages.blacklist.listed": _("blacklist: employer listed"),
    "wages.blacklist.not_listed": _("blacklist: employer not listed"),
    "wages.blacklist.removed": _("blacklist: employer removed"),
    "wages.blacklist.exported": _("blacklist exported"),
    "wages.employer.blacklisted": _("employer put on the arrears blacklist"),
    "wages.employer.unlisted": _("employer taken off the arrears blacklist"),
    # disputes: its action codes, below this line
    "disputes.defence.refused": _("defence step refused"),
    "disputes.defence.received": _("defence received"),
    "disputes.acceptance.refused": _("dispute acceptance step refused"),
    "disputes.application.completed": _("dispute application completed"),
    "disputes.application.received": _("arbitration application received"),
    "disputes.application.refused": _("arbitration application step refused"),
    "disputes.award.issued": _("arbitration award issued"),
    "disputes.award.refused": _("arbitration award refused"),
    "disputes.clock.restarted": _("award period restarted"),
    "disputes.dispute.accepted": _("dispute accepted"),
    "disputes.dispute.filed": _("dispute filed"),
    "disputes.dispute.read_refused": _("dispute reading refused"),
    "disputes.dispute.refused": _("dispute not accepted"),
    "disputes.dispute.resumed": _("dispute resumed"),
    "disputes.dispute.suspended": _("dispute suspended"),
    "disputes.dispute.read": _("dispute read"),
    "disputes.document.confirmed": _("document receipt confirmed"),
    "disputes.document.created": _("case document made"),
    "disputes.document.opened": _("case document opened"),
    "disputes.document.downloaded": _("case document downloaded"),
    "disputes.document.refused": _("case document access refused"),
    "disputes.document.sent": _("document sent for electronic service"),
    "disputes.document.served": _("document served"),
    "disputes.extension.approved": _("award period extended"),
    "disputes.extension.refused": _("award period extension refused"),
    "disputes.hearing.refused": _("hearing scheduling refused"),
    "disputes.hearing.scheduled": _("hearing scheduled"),
    "disputes.holiday_year.added": _("holiday arrangement added"),
    "disputes.holiday_year.refused": _("holiday arrangement refused"),
    "disputes.legal_aid.assigned": _("legal-aid lawyer assigned"),
    "disputes.legal_aid.decided": _("legal aid decided"),
    "disputes.legal_aid.referred": _("referred to legal aid"),
    "disputes.legal_aid.refused": _("legal-aid step refused"),
    "disputes.mediation.agreed": _("mediation agreement reached"),
    "disputes.mediation.failed": _("mediation failed"),
    "disputes.mediation.refused": _("mediation step refused"),
    "disputes.mediation.started": _("mediation started"),
    "disputes.restart.refused": _("award period restart refused"),
    "disputes.service.refused": _("document service refused"),
    "disputes.suspension.refused": _("suspension step refused"),
    "disputes.tribunal.formed": _("tribunal formed"),
    "disputes.tribunal.refused": _("tribunal refused"),
    "disputes.write.refused": _("dispute change refused (read-only role)"),
    # ambassadors: its action codes, below this line
    # trips: its action codes, below this line
    # teams: its action codes, below this line
    # agencies: its action codes, below this line
    # ventures: its action codes, below this line
    # loans: its action codes, below this line
    # stations: its action codes, below this line
    "stations.station.created": _("service station created"),
    "stations.station.changed": _("service station changed"),
    "stations.staff.added": _("out-of-city station staff account added"),
    "stations.service.recorded": _("station service recorded"),
    "stations.write.refused": _("station change refused"),
}

OBJECTS = {
    "accounts.user": pgettext_lazy("audit", "staff account"),
    "audit.auditevent": pgettext_lazy("audit", "audit row"),
    "campaigns.campaign": pgettext_lazy("audit", "push campaign"),
    "content.article": pgettext_lazy("audit", "policy article or guide"),
    "employers.employer": pgettext_lazy("audit", "employer"),
    "employers.employeruser": pgettext_lazy("audit", "employer portal user"),
    "jobs.posting": pgettext_lazy("audit", "job posting"),
    "placements.application": pgettext_lazy("audit", "application"),
    "portal.article": pgettext_lazy("audit", "policy article or guide"),
    "regions.region": pgettext_lazy("audit", "region"),
    "workers.worker": pgettext_lazy("audit", "worker"),
    "workers.ledgerupload": pgettext_lazy("audit", "ledger upload"),
    "workers.workeraccount": pgettext_lazy("audit", "portal account"),
    "matching.referral": pgettext_lazy("audit", "referral"),
    "accounts.personaldatagrant": pgettext_lazy("audit", "personal-data permission request"),
    "background.backgroundjob": pgettext_lazy("audit", "background job"),
    # fairs: its object types, below this line
    "fairs.fair": pgettext_lazy("audit", "job fair"),
    "fairs.booth": pgettext_lazy("audit", "job fair booth"),
    "fairs.intention": pgettext_lazy("audit", "job fair intention"),
    # surveys: its object types, below this line
    "surveys.surveycampaign": pgettext_lazy("audit", "door-to-door survey"),
    "surveys.visit": pgettext_lazy("audit", "survey visit"),
    # followups: its object types, below this line
    "followups.followup": pgettext_lazy("audit", "retention follow-up"),
    # subsidies: its object types, below this line
    "subsidies.fund": pgettext_lazy("audit", "subsidy fund"),
    "subsidies.policy": pgettext_lazy("audit", "subsidy policy"),
    "subsidies.policyversion": pgettext_lazy("audit", "subsidy policy version"),
    "subsidies.entitlement": pgettext_lazy("audit", "subsidy entitlement"),
    "subsidies.sampledraw": pgettext_lazy("audit", "subsidy sample draw"),
    "subsidies.paymentbatch": pgettext_lazy("audit", "subsidy payment batch"),
    "subsidies.payment": pgettext_lazy("audit", "subsidy payment"),
    # training: its object types, below this line
    "training.provider": pgettext_lazy("audit", "training provider"),
    "training.course": pgettext_lazy("audit", "course"),
    "training.enrolment": pgettext_lazy("audit", "enrolment"),
    "training.assessment": pgettext_lazy("audit", "assessment"),
    "training.certificate": pgettext_lazy("audit", "certificate"),
    "training.invitation": pgettext_lazy("audit", "course invitation"),
    "training.brand": pgettext_lazy("audit", "labour brand"),
    # wages: its object types, below this line
    "wages.project": pgettext_lazy("audit", "construction project"),
    "wages.rosterentry": pgettext_lazy("audit", "roster entry"),
    "wages.attendance": pgettext_lazy("audit", "attendance"),
    "wages.payrollentry": pgettext_lazy("audit", "payroll entry"),
    "wages.wagewarning": pgettext_lazy("audit", "wage warning"),
    "wages.wagecase": pgettext_lazy("audit", "wage case"),
    "wages.caseaction": pgettext_lazy("audit", "case action"),
    "wages.arrearsclue": pgettext_lazy("audit", "arrears clue"),
    "wages.blacklistentry": pgettext_lazy("audit", "arrears blacklist entry"),
    "wages.subcontractor": pgettext_lazy("audit", "subcontractor or team"),
    # disputes: its object types, below this line
    "disputes.dispute": pgettext_lazy("audit", "labour dispute"),
    "disputes.commission": pgettext_lazy("audit", "arbitration commission"),
    "disputes.arbitrator": pgettext_lazy("audit", "arbitrator"),
    "disputes.holidayyear": pgettext_lazy("audit", "holiday year"),
    # ambassadors: its object types, below this line
    # trips: its object types, below this line
    # teams: its object types, below this line
    # agencies: its object types, below this line
    # ventures: its object types, below this line
    # loans: its object types, below this line
    # stations: its object types, below this line
    "stations.station": pgettext_lazy("audit", "service station"),
    "stations.stationservice": pgettext_lazy("audit", "station service"),
}

VERBS = {
    "created": pgettext_lazy("audit", "created"),
    "changed": pgettext_lazy("audit", "changed"),
    "updated": pgettext_lazy("audit", "changed"),
    "deleted": pgettext_lazy("audit", "deleted"),
    "published": pgettext_lazy("audit", "published"),
    "closed": pgettext_lazy("audit", "closed"),
}


def action_label(code: str) -> str:
    """How a person reads an audit action code: its Chinese label, or the code itself."""
    if code in ACTIONS:
        return str(ACTIONS[code])
    head, _dot, verb = code.rpartition(".")
    if verb == "refused" and head.endswith(".write"):  # writers_only: a leader tried to change
        return str(_("change refused: this role may only read"))
    if head in OBJECTS and verb in VERBS:
        return _("%(object)s %(verb)s") % {"object": OBJECTS[head], "verb": VERBS[verb]}  # 新建岗位
    return code


def object_label(object_type: str) -> str:
    """How a person reads an audit row's object type (`jobs.posting` → 岗位), or the type."""
    return str(OBJECTS[object_type]) if object_type in OBJECTS else object_type
