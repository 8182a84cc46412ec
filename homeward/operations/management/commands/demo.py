import os
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from homeward.fairs.demo_data import fill_fairs
from homeward.jobs.demo_data import fill_jobs
from homeward.matching.models import PostingMatches
from homeward.matching.services import run_matching
from homeward.operations.demo import ensure_demo_accounts
from homeward.portal.demo_data import DEMO_EMPLOYER_PHONE, DEMO_WORKER_PHONE, fill_portal
from homeward.regions.loader import SEED_AREAS, load_regions
from homeward.regions.models import Region
from homeward.scoping import unscoped
from homeward.stats.services import refresh as refresh_figures
from homeward.wages.demo_data import fill_wages
from homeward.workers.demo_data import SIZES, timed_fill


class Command(BaseCommand):
    help = "Prepare the embedded database with regions and demo accounts, then serve the platform."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="prepare, do not serve")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--size",
            choices=list(SIZES),
            default="small",
            help="synthetic workers: small (≈20 a village) or city (≈1 million)",
        )

    def handle(self, *args, no_serve, port, host, size="small", **options):
        self.prepare(size=size, host=host, port=port)
        if not no_serve:
            call_command("serve", host=host, port=port)

    def prepare(self, *, size: str, host: str, port: int) -> None:
        """Migrate, load the seed areas and fill every workstream's demo data, once."""
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        with unscoped():
            if not Region.tree.filter(code__in=SEED_AREAS).exists():
                self.stdout.write("loading administrative divisions (first run only)…")
                counts = load_regions(SEED_AREAS)
                self.stdout.write("  " + ", ".join(f"{k}: {v}" for k, v in counts.items()))
            accounts = ensure_demo_accounts()
        self.stdout.write(f"synthetic workers ({size})…")
        created, seconds = timed_fill(SEED_AREAS, size, progress=self._progress)
        if created:
            self.stdout.write(f"  {created:,} workers created in {seconds:.1f} s")
        else:
            self.stdout.write("  the seed areas already have workers: kept as they are")
            self.stdout.write("  (a new database, HOMEWARD_VAR_DIR, takes another size)")
        employers, postings = fill_jobs(SEED_AREAS)
        if employers:
            self.stdout.write(f"  {employers} employers with {postings} job postings")
        portal = fill_portal(SEED_AREAS)
        # fairs: its demo data, below this line
        fairs = fill_fairs(SEED_AREAS)
        if fairs["fairs"]:
            self.stdout.write(
                f"  {fairs['fairs']} job fairs of 2026 春风行动 with {fairs['booths']} booths, "
                f"{fairs['checkins']} check-ins, {fairs['intentions']} intentions, "
                f"{fairs['hires']} hires"
            )

        # surveys: its demo data, below this line
        from homeward.surveys.demo_data import fill_surveys

        visits = fill_surveys(SEED_AREAS)
        if visits:
            self.stdout.write(f"  a door-to-door survey half done: {visits} visits")

        # followups: its demo data, below this line
        from homeward.followups.demo_data import fill_followups

        hires = fill_followups(SEED_AREAS)
        if hires:
            self.stdout.write(f"  {hires} hires with follow-ups done, due and overdue")

        # subsidies: its demo data, below this line
        from homeward.subsidies.demo_data import fill_subsidies

        if made := fill_subsidies(SEED_AREAS):
            self.stdout.write(f"  {made} subsidy entitlements in every state")
        from homeward.subsidies.demo_data import fill_invitation

        if fill_invitation(SEED_AREAS, phone=DEMO_WORKER_PHONE):
            self.stdout.write("  the demo worker invited to the transport subsidy (portal inbox)")

        # training: its demo data, below this line
        from homeward.training.demo_data import fill_training

        training = fill_training(SEED_AREAS)
        if training["courses"]:
            self.stdout.write(
                f"  training: {training['courses']} courses, {training['completed']} completed, "
                f"{training['brands']} labour brands"
            )

        # wages: its demo data, below this line
        wages = fill_wages(SEED_AREAS)
        if wages["projects"]:
            self.stdout.write(
                f"  {wages['projects']} construction projects with {wages['warnings']} wage "
                f"warnings and {wages['clues']} recovered arrears reports"
            )

        # disputes: its demo data, below this line
        from homeward.disputes.demo_data import fill_disputes

        if cases := fill_disputes(SEED_AREAS):
            self.stdout.write(f"  {cases} labour dispute cases (a commission per seed city)")

        # ambassadors: its demo data, below this line
        from homeward.ambassadors.demo_data import fill_ambassadors

        if (ambassadors := fill_ambassadors(SEED_AREAS))["ambassadors"]:
            self.stdout.write(
                f"  {ambassadors['ambassadors']} recruitment ambassadors with "
                f"{ambassadors['referrals']} referrals (bounties due, waiting, excluded)"
            )
        # trips: its demo data, below this line
        from homeward.trips.demo_data import fill_trips

        if (trips := fill_trips(SEED_AREAS))["trips"]:
            self.stdout.write(
                f"  {trips['trips']} trips (接老乡, 点对点) with {trips['signups']} sign-ups"
            )
        # teams: its demo data, below this line
        from homeward.teams.demo_data import fill_teams

        if (teams := fill_teams(SEED_AREAS))["teams"]:
            self.stdout.write(
                f"  a service team (三送小分队) with {teams['assigned']} returnees assigned, "
                f"{teams['contacts']} contacts"
            )
        # agencies: its demo data, below this line
        from homeward.agencies.demo_data import fill_agencies

        agencies = fill_agencies(SEED_AREAS)
        if agencies["agencies"]:
            self.stdout.write(
                f"  {agencies['agencies']} HR service agencies in 湘乡, "
                f"{agencies['placements']} placement credited"
            )
        # ventures: its demo data, below this line
        # loans: its demo data, below this line
        from homeward.loans.demo_data import fill_loans

        if loans := fill_loans(SEED_AREAS):
            self.stdout.write(f"  {loans} startup loans with their repayments and interest subsidy")
        from homeward.ventures.demo_data import fill_ventures

        if ventures := fill_ventures(SEED_AREAS):
            self.stdout.write(f"  {ventures} returnee ventures with parks, liaisons and a showcase")
        # stations: its demo data, below this line
        from homeward.stations.demo_data import fill_stations

        if (stations := fill_stations(SEED_AREAS))["stations"]:
            self.stdout.write(
                f"  {stations['stations']} service stations of every kind, "
                f"{stations['services']} services recorded at them"
            )
        # stats: its demo data, below this line
        # reports: its demo data, below this line
        from homeward.reports.demo_data import fill_reports

        if reports := fill_reports(SEED_AREAS):
            self.stdout.write(f"  {reports} monthly reports of the last year (submitted, approved)")
        # api: its demo data, below this line
        from homeward.api.demo_data import DEMO_CITY, fill_api

        if token := fill_api(SEED_AREAS):
            self.stdout.write(
                f"  an open-API client of {DEMO_CITY} (every scope but the full ID); its token, "
                f"shown this once: {token}"
            )
        # welfare: its demo data, below this line
        from homeward.welfare.demo_data import fill_welfare

        if (welfare := fill_welfare(SEED_AREAS))["posts"]:
            self.stdout.write(
                f"  {welfare['posts']} public-welfare posts with {welfare['holders']} holders, "
                f"{welfare['months']} months of attendance, {welfare['paid']} stipends paid"
            )
        # cooperatives: its demo data, below this line
        from homeward.cooperatives.demo_data import fill_cooperatives

        if (coops := fill_cooperatives(SEED_AREAS))["cooperatives"]:
            self.stdout.write(
                f"  {coops['cooperatives']} labour cooperatives (劳务合作社) in 湘乡 with "
                f"{coops['members']} members and {coops['dispatches']} dispatches"
            )
        # targets: its demo data, below this line
        from homeward.targets.demo_data import fill_targets

        goals = fill_targets(SEED_AREAS)
        self.stdout.write(
            f"  {goals['targets']} targets (个十百千, 江苏) with {goals['snapshots']} progress "
            f"counts; 湘乡's work checklist ({goals['items']} items new)"
        )

        # gigs: a county gig market with a week of history
        from homeward.gigs.demo_data import fill_gigs

        if (gigs := fill_gigs(SEED_AREAS))["markets"]:
            self.stdout.write(
                f"  a gig market with {gigs['signins']} sign-ins, {gigs['gigs']} gigs and "
                f"{gigs['dispatches']} people sent over a week"
            )

        # statistics last, counted from everything above: the first run rebuilds a year of
        # history from the status changes, later runs count what changed
        figures = refresh_figures().get("rebuilt")
        if figures:
            self.stdout.write(
                f"  statistics: {figures['figures']:,} figures, {figures['months']} months"
            )
        self._match_once()
        self.stdout.write(f"ready in {time.monotonic() - started:.1f} s\n")
        self.stdout.write("demo accounts (user name / password / area / role):")
        for row in accounts:
            note = "  [asks for an authenticator app]" if row["second_factor"] else ""
            self.stdout.write(
                f"  {row['username']:<24} {row['password']:<16} {row['region']} · "
                f"{row['level']} · {row['role']}{note}"
            )
        base = f"http://{host}:{port}"
        self.stdout.write(
            f"front page {base}/   staff sign in at {base}/accounts/login/ (home: /staff/)"
        )
        self.stdout.write("portal (phones; read the SMS codes with `homeward outbox --phone N`):")
        if portal["worker"]:
            self.stdout.write(
                f"  workers    {base}/m/   sign in with {DEMO_WORKER_PHONE} ({portal['worker']})"
            )
        if portal["employer_user"]:
            self.stdout.write(
                f"  employers  {base}/e/   sign in with {DEMO_EMPLOYER_PHONE} "
                f"({portal['employer_user']})"
            )
        # Codes to numbers no record knows go to the first seed city's outbox; links in push
        # messages point at this server (the task worker reads both from the environment).
        settings.HOMEWARD_SERVICE_AREA = settings.HOMEWARD_SERVICE_AREA or SEED_AREAS[0]
        os.environ.setdefault("HOMEWARD_SERVICE_AREA", settings.HOMEWARD_SERVICE_AREA)
        if "HOMEWARD_PUBLIC_URL" not in os.environ:
            os.environ["HOMEWARD_PUBLIC_URL"] = settings.HOMEWARD_PUBLIC_URL = base

    def _match_once(self):
        """Match the open postings once (first run): otherwise every posting's page of a new
        demo says 暂无匹配 and the homes count them all as waiting for matching."""
        with unscoped():
            if PostingMatches.objects.exists():
                return
            started, postings = time.monotonic(), 0
            for area in SEED_AREAS:
                postings += run_matching(area)["postings"]
        if postings:
            self.stdout.write(
                f"  matched workers for {postings} postings in {time.monotonic() - started:.1f} s"
            )

    def _progress(self, done, total):
        shown = getattr(self, "_shown", 0)
        if total >= 100_000 and done - shown >= 100_000:
            self._shown = done
            self.stdout.write(f"  {done:,} / ~{total:,}")
