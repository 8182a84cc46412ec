"""The inventory of personal data Homeward keeps (PIPL art. 6; SECURITY.md S23).

Every model field that holds information about an identifiable person is listed here with why it
is collected. `tests/test_personal_data_inventory.py` fails when a model gains a field that looks
personal (an encrypted field, or a name such as phone, id_number, address, income) without an
entry here, and when an entry names a field that no longer exists. Add the field here, with its
purpose, in the same change that adds it to a model.
"""

INVENTORY: dict[str, dict[str, str]] = {
    "accounts.User": {
        "first_name": "staff member's given name, shown to colleagues",
        "last_name": "staff member's family name, shown to colleagues",
        "email": "staff contact address for account matters",
        "phone": "staff mobile, for sign-in codes and contact (encrypted)",
        "phone_hash": "keyed hash of the phone, for lookup without decrypting",
        "last_login": "security: disabling unused accounts (S1)",
    },
    "audit.AuditEvent": {
        "actor_name": "who did it, kept for the audit trail (S15)",
        "ip": "client address of the action, required by 等保 audit",
        "object_repr": "which record, as it was named then",
    },
    "workers.Worker": {
        "id_number": "identifies the person once (建档立卡); encrypted",
        "id_number_hash": "keyed hash of the ID number: deduplication and exact search",
        "name": "the person's name",
        "gender": "derived from the ID number; statistics by sex",
        "birth_date": "derived from the ID number; age limits of jobs, statistics by age",
        "phone": "contacting the person about jobs and services (encrypted)",
        "phone_hash": "keyed hash of the phone: exact search",
        "address": "household address as the ledger writes it",
        "work_place": "where the person works now",
        "employer_name": "who employs the person now",
        "monthly_income": "income monitoring required by the source documents",
        "expected_wage": "matching jobs to the person",
        "low_income": "priority help for poverty-alleviated and monitored households",
        "service_needs": "which services to offer the person",
        "consents_to_contact": "whether messages may be sent",
        "returned_on": "returnee statistics and services",
        "note": "staff notes about the person",
    },
    "workers.StatusEvent": {
        "work_place": "where the person worked at the time of the event",
        "note": "staff note on the change",
    },
    "workers.LedgerUpload": {
        "content": "the uploaded ledger until it is imported or discarded (then emptied)",
        "report": "per-row outcome with masked ID numbers and names",
    },
    "outreach.OutboxMessage": {
        "recipient_phone": "where a message or sign-in code was sent (encrypted)",
        "recipient_phone_hash": "keyed hash of the recipient phone: finding a person's messages",
        "text": "the message as sent; may hold a sign-in code or a person's name",
    },
    "employers.EmployerUser": {
        "name": "the employer's HR person, shown to staff and in the application history",
        "phone": "their sign-in number for the employer portal (encrypted)",
        "phone_hash": "keyed hash of the phone: finding the account at sign-in",
    },
    "signin_codes.SignInCode": {
        "phone_hash": "keyed hash of the phone a code was sent to: rate limits and lockout",
        "ip": "address that asked for the code: rate limits per network",
    },
    "workers.WorkerAccount": {
        "phone": "the number the person signs in to the portal with (encrypted)",
        "phone_hash": "keyed hash of the phone: finding the account at sign-in",
    },
    "placements.Application": {
        "note": "what the person wrote to the employer when applying",
    },
    "placements.ApplicationEvent": {
        "note": "the reason given at a step of the application (e.g. why not hired)",
    },
    "campaigns.Campaign": {
        "name": "the campaign's title as staff wrote it (about no person; listed for its name)",
    },
    "campaigns.Delivery": {
        "text": (
            "the push message as sent: the person's salutation, their jobs and link (blank when"
            " the outbox keeps it: one copy, the outbox message's)"
        ),
        "clicked_at": "when the person opened their link: the campaign's funnel",
    },
    # The employer's business contact (the HR contact's name and work phone) is not a worker's
    # personal data: the employer gives it for workers to call about its jobs. It is shown in full
    # where jobs are handed out — the printed job sheet, its Excel file, the worker's job page
    # (/m/jobs/<id>) — and masked on the staff pages about the employer, where nobody needs it.
    "employers.Employer": {
        "contact_person": "employer's contact person for job matters; in full on job sheets and pages",
        "contact_phone": "employer's work phone for job matters (encrypted); in full where jobs are handed out",
        "contact_phone_hash": "keyed hash of the contact phone: exact search",
    },
    # fairs: its models' personal fields, below this line
    "fairs.Registration": {
        "worker": "who said they will come to a fair: the fair's expected attendance"
    },
    "fairs.CheckIn": {
        "worker": "who came to a fair: its attendees (low-income among them), shown masked",
        "nonce": "the one-time number of the QR shown at check-in: a replayed code is refused",
    },
    "fairs.Intention": {"worker": "who reached an intention with an employer at a fair"},
    # surveys: its models' personal fields, below this line
    "surveys.SurveyCampaign": {
        "name": "the survey's title as staff wrote it (about no person; listed for its name)",
    },
    "surveys.Visit": {
        "phone": "the mobile number the person gave at the door (encrypted), as answered; the registry gets it too",
        "phone_hash": "keyed hash of that phone: the visit's content check (same key, same content)",
        "answers": "what the person said at the door (status, work, intention, training, needs, return date): the survey's record",
    },
    # followups: its models' personal fields, below this line
    "followups.FollowUp": {
        "left_on": "the day the person left the job, as told at the follow-up: retention",
        "reason": "why they left (a code): retention by reason",
        "note": "the follow-up's free note",
    },
    # subsidies: its models' personal fields, below this line
    "subsidies.Entitlement": {
        "bank_name": "the bank the subsidy is paid to",
        "bank_account": "the beneficiary's bank account (encrypted, masked, Luhn-checked): paying the subsidy",
        "bank_account_hash": "keyed hash of the bank account: exact lookup",
        "facts": "the facts that decided eligibility, frozen with the application (no ID or phone number)",
    },
    "subsidies.Payment": {
        "payee": "the beneficiary's name on the bank instruction",
        "bank_name": "the bank of the instruction",
        "bank_account": "the account of the instruction (encrypted): what the bank was told",
        "bank_account_hash": "keyed hash of the account",
    },
    "subsidies.Evidence": {
        "content": "the evidence file (image or PDF) the application needs",
    },
    "subsidies.PaymentBatch": {
        "bank_file": "the bank file (encrypted), deleted when it is taken",
    },
    # training: its models' personal fields, below this line
    "training.Provider": {
        "name": "the training institution's name (about no person; listed for its name)",
        "address": "the institution's address (about no person; listed for its name)",
    },
    "training.Brand": {
        "name": "the labour brand's name (about no person; listed for its name)",
    },
    "training.Assessment": {
        "passed": "the person's assessment result: certificates and training subsidies",
        "score": "the person's assessment score, as the assessor gave it",
    },
    "training.Certificate": {
        "number": "the number of the person's certificate: training subsidies, verification",
    },
    # wages: its models' personal fields, below this line
    "wages.ClueEvidence": {
        "content": "the evidence a worker hands in with a clue (photos, payslips, chats, PDF): "
        "read by the handling office's staff; every opening audited",
        "filename": "the file's name as sent, to tell the evidence apart",
        "description": "what the worker says the evidence shows",
        "content_type": "not personal: the file type (JPEG, PNG, PDF) read from its first bytes",
    },
    "wages.Inspection": {
        "findings": "what the inspector found at the employer, may name people on site",
    },
    "wages.RectificationOrder": {
        "requirements": "what the employer must put right, may name people owed wages",
        "result": "the follow-up of the order",
    },
    "wages.Supervision": {
        "instructions": "the higher office's instructions on the case",
        "reply": "the handling office's reply on the case",
    },
    "wages.Project": {
        "name": "the project's name (a thing, not a person)",
        "account_bank": "the bank of the wage special account (a company's, not a person's)",
        "labour_officer": "the contractor's labour officer (劳资专管员), 条例 art. 28",
        "account_number": "the project's wage special account (encrypted), 条例 art. 26",
        "account_number_hash": "keyed hash of the account number",
    },
    "wages.Subcontractor": {
        "name": "the subcontractor's or team's name (a company or a team)",
        "leader": "the team leader who answers for the team's payroll",
    },
    "wages.CaseAction": {"note": "what the inspector did, may name people of the case"},
    "wages.RosterEntry": {
        "name": "real-name registration on site (条例 art. 28)",
        "id_number": "real-name registration (encrypted)",
        "id_number_hash": "keyed hash: the person once per project, the link to the registry",
        "phone": "contacting the person about their wages (encrypted)",
        "phone_hash": "keyed hash of the phone",
        "agreed_wage": "what is due: the underpaid and outlier warnings",
        "wage_basis": "whether the agreed wage is per month or per day",
    },
    "wages.PayrollEntry": {
        "name": "the payroll ledger's field (条例 art. 15), kept 3 years",
        "id_number": "the payroll ledger's field (encrypted)",
        "id_number_hash": "keyed hash of the ID number",
        "phone": "the payroll ledger's field (encrypted)",
        "phone_hash": "keyed hash of the phone",
        "employer_name": "the paying employer (a company, art. 15)",
        "bank_voucher": "the bank's voucher of the payment (art. 15), no account number",
    },
    "wages.WageWarning": {
        "cleared_note": "how the warning ended: the payment or the action that cleared it",
    },
    "wages.ArrearsClue": {
        "description": "the worker's account of the unpaid work",
        "bank_card": "the card the recovered wages go to (encrypted, masked on pages; the full "
        "number only to staff who may see personal data, audited)",
    },
    # disputes: its models' personal fields, below this line
    "disputes.Evidence": {
        "content": "the evidence a party hands in (photos, PDF): read by the case's staff; "
        "every opening audited",
        "filename": "the file's name as the party sent it, to tell the evidence apart",
        "description": "what the party says the evidence proves",
        "content_type": "not personal: the file type (JPEG, PNG, PDF) read from its first bytes",
    },
    "disputes.Dispute": {
        "facts": "the facts of the labour dispute the worker states; read by the case's staff and parties",
        "known_on": "when the worker knew of the infringement: the limitation check (法 art. 27)",
        "employer_name": "the respondent as the worker names it",
        "defence": "the respondent's defence (答辩书) as filed on the employer portal or at the "
        "window; read by the case's staff",
    },
    "disputes.Party": {
        "name": "a party's or agent's name, written on the case documents",
        "phone": "contacting a party or agent about the case (encrypted)",
        "phone_hash": "keyed hash of the phone: exact search",
        "authorisation": "an agent's signed authorisation (授权委托书) with the party's and the "
        "agent's names: read by the case's staff; every opening audited",
        "authorisation_name": "the authorisation file's name as handed in",
        "authorisation_type": "not personal: the file type read from its first bytes",
    },
    "disputes.Arbitrator": {
        "name": "the arbitrator's name, on the tribunal and the award",
    },
    "disputes.Mediation": {
        "mediator_name": "the mediator's name, on the mediation agreement",
    },
    "disputes.LegalAid": {
        "lawyer": "the legal-aid lawyer's name, told to the worker",
    },
    "disputes.Document": {
        "content": "the case document with the parties' names and claims; access audited",
    },
    "disputes.Service": {
        "device": "the device a party confirmed receipt on: proof of electronic service",
    },
    "disputes.MediationReview": {
        "reason": "why a mediation agreement was not confirmed; on the decision sent to the parties",
    },
    "stats.PersonMonth": {
        "low_income": "month-end snapshot of the registry's low-income mark: the figure of "
        "low-income people per area and month (never shown per person outside the registry)",
    },
    "stats.Watermark": {"name": "not personal: the name of the statistics' refresh marker"},
    # ambassadors: its models' personal fields, below this line
    "ambassadors.Ambassador": {
        "name": "the ambassador's name, shown to staff and to the people they refer",
        "phone": "the ambassador's portal sign-in and contact (encrypted)",
        "phone_hash": "keyed hash of the phone: sign-in, and the conflict-of-interest checks",
    },
    # trips: its models' personal fields, below this line
    # teams: its models' personal fields, below this line
    "teams.Team": {"name": "not personal: the name of a service team (三送小分队)"},
    "teams.Contact": {
        "note": "a short note of the member about the contact (what was agreed), shown only "
        "on the person's contact page in the team's area",
    },
    # agencies: its models' personal fields, below this line
    "agencies.Agency": {
        "name": "the agency's name (a company, not a person)",
        "address": "the agency's business address (a company's)",
        "contact_person": "the agency's business contact, named on its page",
        "contact_phone": "the agency's business phone (encrypted, masked on pages)",
        "contact_phone_hash": "keyed hash of the contact phone",
    },
    # ventures: its models' personal fields, below this line
    "ventures.Venture": {"name": "not personal: the venture's name (a business)"},
    "ventures.Support": {"note": "what support was given to the venture, by staff"},
    "ventures.Liaison": {
        "name": "the liaison officer's name, shown to staff",
        "phone": "the liaison officer's work mobile (encrypted, masked on pages)",
        "phone_hash": "keyed hash of the phone",
    },
    "ventures.Contact": {"note": "what the liaison officer and the founder discussed"},
    "ventures.Park": {"name": "not personal: a park's name", "address": "a park's address"},
    "ventures.Vote": {
        "address_hash": "keyed hash of the voter's network address: flags bursts from one address",
        "phone_hash": "keyed hash of the voter's verified phone (their portal account's): one "
        "vote per phone per day",
        "phone_masked": "the voter's phone masked (138****5678) for the audit list of votes",
    },
    "ventures.Alliance": {"name": "not personal: a founders' alliance's name"},
    "ventures.Competition": {"name": "not personal: a startup competition's name"},
    "ventures.Criterion": {"name": "not personal: a scoring criterion's name"},
    "ventures.Judge": {"name": "the judge's name, shown on the round's page and its ranking"},
    "ventures.ExpertTeam": {"name": "not personal: an expert team's name"},
    "ventures.Expert": {"name": "the expert's name, shown to staff with their field"},
    "ventures.Problem": {"note": "how staff handled a problem a founder raised at a visit"},
    # loans: its models' personal fields, below this line
    "loans.Loan": {
        "repayment_account": "the borrower's account at the lending bank (encrypted, masked, "
        "Luhn-checked): the interest subsidy is paid back to it (先收后贴)",
        "repayment_account_hash": "keyed hash of the account: exact lookup",
        "groups": "which eligible group (返乡创业农民工 …) the borrower belongs to: the loan's eligibility",
    },
    "loans.Lender": {"name": "not personal: a bank's name"},
    "loans.GuaranteeFund": {"name": "not personal: a guarantee fund's name"},
    "loans.LoanStep": {"note": "a reviewer's note on the loan's step (its reason)"},
    "loans.Instalment": {"claim_note": "why a period's subsidy is or is not claimed"},
    "loans.Repayment": {"bank_ref": "the bank's transaction reference of a repayment"},
    # stations: its models' personal fields, below this line
    "stations.Station": {
        "name": "not personal: the public name of a service station",
        "address": "not personal: the public address of a service station",
        "contact_phone": "not personal: the station's public service phone",
    },
    "stations.StationService": {
        "note": "the staff member's short note on a service given; shown on staff pages only",
    },
    # stats: its models' personal fields, below this line
    "workers.SocialInsurance": {
        "insured": "whether the person is insured in a social insurance (扩面: who to help enrol)",
        "place": "where the person is insured (locally or elsewhere)",
        "as_of": "the day the answer was given",
    },
    # reports: its models' personal fields, below this line
    # api: its models' personal fields, below this line
    # welfare: its models' personal fields, below this line
    "welfare.Application": {
        "bank_account": "the account the monthly stipend is paid to (encrypted, masked, Luhn-checked)",
        "bank_name": "the bank of that account, for the payment file",
        "is_disabled": "holding a disability certificate: one of the groups the posts are for",
        "verdict": "why the person was eligible when applied for (low-income, disabled, age group)",
        "reason": "the town's or county's reason for a refusal",
    },
    "welfare.Objection": {
        "text": "an objection raised during the public notice, as heard",
        "finding_note": "the county's finding on the objection",
    },
    "welfare.Appointment": {"end_reason": "why the person left the post"},
    "welfare.Attendance": {"days_worked": "the month's days on the post: the stipend's basis"},
    "welfare.StipendLine": {"amount": "the month's stipend paid to the holder"},
    "welfare.Post": {"title": "not personal: the post's name", "duties": "not personal: the work"},
    # cooperatives: its models' personal fields, below this line
    "cooperatives.Cooperative": {
        "name": "not personal: the public name of a labour cooperative",
        "leader_name": "the cooperative's leader, whom staff and members contact",
        "contact_phone": "the cooperative's contact phone, often the leader's own (encrypted, masked)",
        "contact_phone_hash": "keyed hash of the contact phone",
        "registration_number": "not personal: the cooperative's registration number",
    },
    "cooperatives.Membership": {
        "skills": "the member's occupation and skills copied from the registry when they joined",
    },
    "cooperatives.Order": {
        "client": "the client of a local order: usually a business, sometimes a person's name",
        "work": "not personal: what work the order is",
    },
    # targets: its models' personal fields, below this line
    "targets.Attachment": {
        "content": "evidence a unit hands in for its checklist duty (photos, PDF, office files): "
        "it may show people; read by staff of the area, every opening audited",
        "filename": "the file's name as it was handed in, to tell the files apart",
        "content_type": "not personal: the file type read from its first bytes",
    },
    # gigs: a market is a public place; its people are workers of the registry (by id)
    "gigs.Market": {
        "name": "not personal: the gig market's name, shown to everyone",
        "address": "not personal: the market's public address",
    },
}
