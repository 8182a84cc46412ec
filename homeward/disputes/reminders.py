"""Reminders of the deadlines board: an SMS to each arbitrator of the case (or the commission's
chair when no tribunal is formed yet) for every deadline overdue or due in three days; and an
in-app message to the worker the day before their hearing. Each reminder is sent once (its key
names the case, the deadline and its day); none in the SMS quiet hours (`outreach.quiet`).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from homeward.outreach.gateways import OutgoingMessage, send
from homeward.outreach.quiet import quiet_until

from .figures import board
from .models import Dispute, Stage


def send_reminders(now=None) -> int:
    """The reminders due now; returns how many were handed to the gateways."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    sms_ok = quiet_until("sms", now) is None
    for dispute, item, state, _names in board(Dispute.objects.all(), today):
        if not sms_ok:
            break
        staff = [s.arbitrator.user for s in dispute.tribunal.all() if s.arbitrator.user_id]
        if not staff and dispute.commission.chair_id:
            staff = [dispute.commission.chair]
        due = item.due.isoformat() if item.due else "未知"
        what = "已超期" if state == "overdue" else ("即将到期" if state == "soon" else "无法计算")
        for user in staff:
            if not user.phone:
                continue
            send(
                OutgoingMessage(
                    channel="sms",
                    phone=user.phone,
                    text=f"【劳动争议】{dispute.case_number}“{item.label}”期限 {due}，{what}。",
                    key=f"disputes-remind-{dispute.pk}-{item.label}-{due}-{user.pk}",
                    region=dispute.commission.region_id,
                    template="dispute_deadline",
                    params=(dispute.case_number, item.label, due),
                )
            )
            sent += 1
    tomorrow = today + timedelta(days=1)
    for dispute in Dispute.objects.filter(stage=Stage.HEARING, hearing_on=tomorrow).select_related(
        "worker", "commission"
    ):
        send(
            OutgoingMessage(
                channel="inapp",
                text=f"您的劳动争议案件 {dispute.case_number} 定于明天开庭（{dispute.get_hearing_mode_display()}：{dispute.hearing_place}）。",
                worker_id=dispute.worker_id,
                key=f"disputes-hearing-{dispute.pk}-{tomorrow.isoformat()}",
                region=dispute.worker.region_id,
            )
        )
        sent += 1
    return sent
