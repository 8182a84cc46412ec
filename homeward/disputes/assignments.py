"""Which cases an arbitrator or mediator is assigned to: the rule the scoping mechanism applies
(`homeward.scoping.register_assignments`, registered in `apps.py`).

A staff user linked to an `Arbitrator` record sees, inside their area, only the cases where they
sit on the tribunal or conduct a mediation. A commission's chair and superusers are not limited
(the chair approves extensions and forms tribunals); staff who are no arbitrator see the area's
cases as before.
"""

from __future__ import annotations

RULE = "disputes.case"


def assigned_cases(user_id: int) -> set[int] | None:
    from django.contrib.auth import get_user_model

    from .models import Arbitrator, Commission, Mediation, TribunalSeat

    if not Arbitrator._base_manager.filter(user_id=user_id).exists():
        return None
    user = get_user_model()._base_manager.filter(pk=user_id).only("is_superuser").first()
    if user is None or user.is_superuser:
        return None
    if Commission._base_manager.filter(chair_id=user_id).exists():
        return None
    seats = TribunalSeat._base_manager.filter(arbitrator__user_id=user_id)
    mediations = Mediation._base_manager.filter(mediator__user_id=user_id)
    return set(seats.values_list("dispute_id", flat=True)) | set(
        mediations.values_list("dispute_id", flat=True)
    )
