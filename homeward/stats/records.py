"""How the rows behind a figure that are not people's are listed: each row's date, a short
description that names no person (a fair's title, a project and a warning's colour, a case
number) and the page that opens it in its own workstream."""

from django.urls import NoReverseMatch, reverse


def _url(name: str, pk) -> str | None:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


def describe(row) -> tuple:
    """(date, text, url or None) of one row behind a figure."""
    label = row._meta.label
    if label == "fairs.Fair":
        return row.starts_on, row.title, _url("fairs:detail", row.pk)
    if label == "wages.WageWarning":
        text = f"{row.project.name} · {row.get_level_display()} · {row.rule}"
        return row.raised_on, text, _url("wages:project", row.project_id)
    if label == "wages.WageCase":
        return row.closed_on or row.opened_on, row.warning.project.name, _url("wages:case", row.pk)
    if label == "disputes.Dispute":
        return row.filed_on, row.case_number, _url("disputes:detail", row.pk)
    if label == "disputes.Mediation":
        text = f"{row.dispute.case_number} · {row.get_outcome_display()}"
        return row.closed_on, text, _url("disputes:detail", row.dispute_id)
    if label == "employers.ContractReport":
        text = f"{row.employer.name} · {row.contracts_signed}/{row.headcount}"
        return row.period, text, _url("employers:contracts", row.employer_id)
    if label == "wages.PayrollEntry":  # the project and the pay period, not the person
        text = f"{row.project.name} · {row.month:%Y-%m}"
        return row.paid_on, text, _url("wages:project", row.project_id)
    if label == "wages.RosterEntry":  # the project, not the person
        return row.joined_on, row.project.name, _url("wages:project", row.project_id)
    return None, f"{row._meta.verbose_name} {row.pk}", None


RELATED = {
    "employers.ContractReport": ("employer",),
    "wages.RosterEntry": ("project",),
    "wages.PayrollEntry": ("project",),
    "wages.WageWarning": ("project",),
    "wages.WageCase": ("warning__project",),
    "disputes.Mediation": ("dispute__commission",),
    "disputes.Dispute": ("commission",),
}


def listed(rows):
    """The rows with what `describe` reads fetched in the same query."""
    related = RELATED.get(rows.model._meta.label)
    return rows.select_related(*related) if related else rows
