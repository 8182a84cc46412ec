"""`homeward followups schedule`: the follow-ups of every past hire that lacks one (idempotent:
one per application and milestone), e.g. hires recorded before follow-ups existed.
`homeward followups notify`: an in-app message to each worker whose follow-up is due, once."""

from django.core.management.base import BaseCommand

from homeward.followups.services import milestones, notify_due, schedule_missing


class Command(BaseCommand):
    help = "Retention follow-ups: create the missing ones of past hires (schedule); tell the due (notify)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["schedule", "notify"])

    def handle(self, *args, action, **options):
        if action == "notify":
            self.stdout.write(f"{notify_due()} follow-ups due: their workers told in the portal")
            return
        hires, created = schedule_missing()
        months = "、".join(str(m) for m in milestones())
        self.stdout.write(
            f"{created} follow-ups created for {hires} hires (milestones: {months} months)"
        )
