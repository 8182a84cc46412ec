"""The loan register (贷款台账) per bank and per guarantee fund, counted from the records of the
caller's area (the scoped managers): loans, amount disbursed, balance outstanding, overdue
periods and interest subsidy — each figure with the filter of the list behind it."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F, Q, Sum

from .models import Instalment, Loan
from .rules import yuan

LIVE = (Loan.Status.DISBURSED, Loan.Status.SETTLED)


def rows_by(key: str) -> list[dict]:
    """One row per bank (`key="lender"`) or guarantee fund (`key="fund"`)."""
    loans = (
        Loan.objects.values(f"{key}_id", f"{key}__name")
        .annotate(
            loans=Count("pk"),
            live=Count("pk", filter=Q(status__in=LIVE)),
            disbursed=Sum("amount", filter=Q(status__in=LIVE)),
        )
        .order_by(f"{key}__name")
    )
    periods = defaultdict(dict)
    for row in (
        Instalment.objects.filter(loan__status__in=LIVE)
        .values(f"loan__{key}_id")
        .annotate(
            balance=Sum(F("principal_due") - F("paid_principal")),
            overdue=Count("pk", filter=Q(status=Instalment.Status.OVERDUE)),
            subsidy=Sum("subsidy", filter=Q(claim=Instalment.Claim.CLAIMED)),
        )
    ):
        periods[row[f"loan__{key}_id"]] = row
    out = []
    for row in loans:
        pk = row[f"{key}_id"]
        extra = periods.get(pk, {})
        out.append(
            {
                "pk": pk,
                "name": row[f"{key}__name"],
                "loans": row["loans"],
                "live": row["live"],
                "disbursed": yuan(row["disbursed"] or 0),
                "balance": yuan(extra.get("balance") or 0),
                "overdue": extra.get("overdue") or 0,
                "subsidy": yuan(extra.get("subsidy") or 0),
            }
        )
    return out
