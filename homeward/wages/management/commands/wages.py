"""`homeward wages scan --projects P.csv --roster R.csv --attendance A.csv --payroll Y.csv
--as-of DATE [--minimum-wage YUAN] [--json]`: the wage warnings of four CSV files (no database).

`homeward wages verify` checks the payroll ledger's keyed hash chain and names the first broken
row.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError


def _yuan(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite() or value <= 0:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Wage protection: `wages scan` (warnings from CSV files), `wages verify` (payroll chain)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        scan = sub.add_parser("scan", help="the wage warnings of four CSV files (no database)")
        for name in ("projects", "roster", "attendance", "payroll"):
            scan.add_argument(f"--{name}", required=True, help=f"the {name} CSV (UTF-8)")
        scan.add_argument("--as-of", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
        scan.add_argument(
            "--minimum-wage",
            type=_yuan,
            default=None,
            help="monthly minimum wage in yuan for every project (default: the shipped table)",
        )
        scan.add_argument("--json", action="store_true", help="print JSON")
        sub.add_parser("verify", help="check the payroll ledger's hash chain")

    def handle(self, *args, action, **options):
        if action == "scan":
            self._scan(options)
        elif action == "verify":
            self._verify()

    def _scan(self, options):
        from homeward.wages import scan

        result = scan.read_files(
            {name: options[name] for name in ("projects", "roster", "attendance", "payroll")},
            options["as_of"],
            minimum=options["minimum_wage"],
        )
        self.stdout.write(scan.as_json(result) if options["json"] else scan.as_text(result))

    def _verify(self):
        from homeward.scoping import unscoped
        from homeward.wages import chain

        with unscoped():
            report = chain.verify()
        if report.broken is None:
            self.stdout.write(f"工资台账共 {report.checked} 行，哈希链完整。")
            return
        raise CommandError(
            f"工资台账哈希链在第 {report.broken} 行（记录编号）断开：{report.reason}"
            f"（已核对 {report.checked} 行）。"
        )
