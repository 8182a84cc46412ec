"""`homeward followups schedule`: the follow-ups of every past hire that lacks one (idempotent:
one per application and milestone), e.g. hires recorded before follow-ups existed."""

from django.core.management.base import BaseCommand

from homeward.followups.services import milestones, schedule_missing


class Command(BaseCommand):
    help = "Retention follow-ups: create the missing ones of past hires (schedule)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["schedule"])

    def handle(self, *args, **options):
        hires, created = schedule_missing()
        months = "、".join(str(m) for m in milestones())
        self.stdout.write(
            f"{created} follow-ups created for {hires} hires (milestones: {months} months)"
        )
