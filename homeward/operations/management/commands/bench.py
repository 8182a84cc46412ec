"""`homeward bench NAME`: benchmarks that print measured figures beside a baseline."""

from django.core.management.base import BaseCommand, CommandError

BENCHMARKS = {
    "registry": "ledger import throughput vs a raw read, and the worker list's latency",
    "match": "matching recompute, one new job/worker, memory, vs faiss; --quality: NDCG@10",
    "push": "a 100,000-person campaign: queued and dispatched per second vs bulk_create; portal",
    "subsidies": "eligibility scan of 1,000,000 vs numpy masks; a 50,000-payment batch vs bulk_create",
    # fairs: its one entry, below this line
    "fairs": "2,000 QR check-ins from 8 phone clients vs /healthz; survey progress vs GROUP BY",
    # wages: its one entry, below this line
    "wages": "the nine wage rules over 2,000 projects × 100,000 workers × 12 months vs pandas; risk AUC",
    # stats: its one entry, below this line
    "stats": "summary table on 1,000,000: dashboard read vs bare SELECT, one event vs rebuild, vs DuckDB",
}


class Command(BaseCommand):
    help = "Benchmarks; `homeward bench` lists them."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="which")
        registry = sub.add_parser("registry", help=BENCHMARKS["registry"])
        registry.add_argument(
            "--rows", type=int, default=100_000, help="rows of the generated ledger (100000)"
        )
        registry.add_argument(
            "--repeat",
            type=int,
            default=5,
            help="raw reads, dry runs and committed imports (medians), and timed requests per list-page case (5)",
        )
        match = sub.add_parser("match", help=BENCHMARKS["match"])
        match.add_argument("--workers", type=int, default=1_000_000)
        match.add_argument("--jobs", type=int, default=20_000)
        match.add_argument(
            "--quality", action="store_true", help="only the evaluation set: NDCG@10, violations"
        )
        push = sub.add_parser("push", help=BENCHMARKS["push"])
        push.add_argument("--people", type=int, default=100_000, help="audience size (100000)")
        push.add_argument("--repeat", type=int, default=3, help="runs; the median is shown (3)")
        push.add_argument("--channel", choices=["sms", "wechat", "inapp"], default="sms")
        push.add_argument(
            "--no-portal", action="store_true", help="skip the portal page-latency part"
        )
        push.add_argument(
            "--portal-only",
            action="store_true",
            help="only the portal page-latency part (the portal home vs /healthz under load)",
        )

        subsidies = sub.add_parser("subsidies", help=BENCHMARKS["subsidies"])
        subsidies.add_argument(
            "--people", type=int, default=1_000_000, help="scanned (1000000); 0: skip"
        )
        subsidies.add_argument(
            "--payments", type=int, default=50_000, help="in the batch (50000); 0: skip"
        )
        subsidies.add_argument("--repeat", type=int, default=3, help="runs; medians (3)")
        # fairs: its sub-parser, below this line
        fairs = sub.add_parser("fairs", help=BENCHMARKS["fairs"])
        fairs.add_argument("--checkins", type=int, default=2000, help="check-ins posted (2000)")
        fairs.add_argument("--clients", type=int, default=8, help="concurrent phone clients (8)")
        fairs.add_argument(
            "--people", type=int, default=400_000, help="people of the surveyed county (400000)"
        )
        fairs.add_argument("--no-survey", action="store_true", help="only the check-in part")
        # wages: its sub-parser, below this line
        wages = sub.add_parser("wages", help=BENCHMARKS["wages"])
        wages.add_argument("--projects", type=int, default=2000, help="projects (2000)")
        wages.add_argument("--workers", type=int, default=100_000, help="workers (100000)")
        wages.add_argument("--months", type=int, default=12, help="months (12)")
        wages.add_argument("--repeat", type=int, default=3, help="runs; medians (3)")
        wages.add_argument(
            "--payroll-rows",
            type=int,
            default=100_000,
            help="payroll import rows (100000); 0: skip",
        )
        # stats: its sub-parser, below this line
        stats = sub.add_parser("stats", help=BENCHMARKS["stats"])
        stats.add_argument("--people", type=int, default=1_000_000, help="workers (1000000)")
        stats.add_argument("--returns", type=int, default=10_000, help="returns this month (10000)")
        stats.add_argument("--repeat", type=int, default=3, help="runs; medians (3)")
        stats.add_argument("--reads", type=int, default=200, help="dashboard reads for p95 (200)")

    def handle(self, *args, which=None, **options):
        if which is None:
            self.stdout.write("benchmarks (homeward bench NAME --help):")
            for name, text in BENCHMARKS.items():
                self.stdout.write(f"  {name:<10} {text}")
            return
        if which == "registry":
            from homeward.workers import bench

            if options["rows"] < 1 or options["repeat"] < 1:
                raise CommandError("--rows and --repeat must be at least 1")
            bench.registry(self.stdout.write, rows=options["rows"], repeat=options["repeat"])
        elif which == "match":
            from homeward.matching.bench import bench_match, bench_quality

            if options["quality"]:
                bench_quality(self.stdout.write)
                return
            if options["workers"] < 1 or options["jobs"] < 1:
                raise CommandError("--workers and --jobs must be at least 1")
            bench_match(
                self.stdout.write, workers=options["workers"], jobs=options["jobs"], quality=True
            )
        elif which == "push":
            self._push(options)
        elif which == "subsidies":
            from homeward.subsidies.bench import bench_subsidies

            if options["people"] < 0 or options["payments"] < 0 or options["repeat"] < 1:
                raise CommandError("--repeat must be at least 1, --people and --payments 0 or more")
            if not options["people"] and not options["payments"]:
                raise CommandError("--people 0 and --payments 0: nothing to measure")
            try:
                bench_subsidies(
                    self.stdout.write,
                    people=options["people"],
                    payments=options["payments"],
                    repeat=options["repeat"],
                )
            except ValueError as error:
                raise CommandError(str(error)) from None
        # fairs: its branch (elif which == "fairs": …), below this line
        elif which == "fairs":
            from homeward.fairs.bench import bench_fairs

            if options["checkins"] < 8 or options["clients"] < 1 or options["people"] < 1:
                raise CommandError("--checkins must be at least 8, --clients and --people 1")
            bench_fairs(
                self.stdout.write,
                checkins=options["checkins"],
                clients=options["clients"],
                people=options["people"],
                survey=not options["no_survey"],
            )
        # wages: its branch (elif which == "wages": …), below this line
        elif which == "wages":
            from homeward.wages.bench_rules import bench_risk, bench_rules

            if (
                min(options["projects"], options["workers"], options["months"], options["repeat"])
                < 1
            ):
                raise CommandError(
                    "--projects, --workers, --months and --repeat must be at least 1"
                )
            bench_rules(
                self.stdout.write,
                projects=options["projects"],
                workers=options["workers"],
                months=options["months"],
                repeat=options["repeat"],
            )
            bench_risk(self.stdout.write, projects=options["projects"])
            if options["payroll_rows"] > 0:
                from homeward.wages.bench import bench_payroll

                try:
                    bench_payroll(
                        self.stdout.write, rows=options["payroll_rows"], repeat=options["repeat"]
                    )
                except ValueError as error:
                    raise CommandError(str(error)) from None
        # stats: its branch (elif which == "stats": …), below this line
        elif which == "stats":
            from homeward.stats.bench import bench_stats

            if min(options["people"], options["repeat"], options["reads"]) < 1:
                raise CommandError("--people, --repeat and --reads must be at least 1")
            bench_stats(
                self.stdout.write,
                people=options["people"],
                returns=max(options["returns"], 0),
                repeat=options["repeat"],
                reads=options["reads"],
            )

    def _push(self, options):
        from homeward.campaigns.bench import bench_push

        if options["people"] < 1 or options["repeat"] < 1:
            raise CommandError("--people and --repeat must be at least 1")
        if options["portal_only"] and options["no_portal"]:
            raise CommandError("--portal-only and --no-portal exclude each other")
        if options["portal_only"]:
            from homeward.portal.loadbench import portal_latency

            portal_latency(self.stdout.write)
            return
        try:
            bench_push(
                self.stdout.write,
                people=options["people"],
                repeat=options["repeat"],
                channel=options["channel"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        if options["no_portal"]:
            return
        try:
            from homeward.portal.loadbench import portal_latency
        except ImportError:
            self.stdout.write("portal latency: missing (homeward.portal.loadbench.portal_latency)")
            return
        portal_latency(self.stdout.write)
