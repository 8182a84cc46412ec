"""`homeward import workers FILE --region CODE [--as USER] [--dry-run] [--json]`.

The same services as the import page: the file is checked and kept as an upload (with the area's
remembered column choices), then imported, or with --dry-run discarded (its file deleted).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from homeward.accounts.models import User
from homeward.regions.models import Region
from homeward.scoping import area_of, area_scope, covers, unscoped
from homeward.workers.importer import (
    OUTCOME_LABELS,
    discard_upload,
    import_upload,
    upload_ledger,
)
from homeward.workers.ledger import LedgerError


class Command(BaseCommand):
    help = "Import a village ledger (.xlsx, .xls or .csv) into the worker registry."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["workers"], help="what the file holds")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--region", required=True, help="区划代码: the people's villages lie inside it"
        )
        parser.add_argument(
            "--as", dest="username", help="import as this staff user (their area applies)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check everything, write nothing"
        )
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="print the report as JSON"
        )

    def handle(self, *args, kind, file, region, username, dry_run, as_json, **options):
        if not file.is_file():
            raise CommandError(f"找不到文件：{file}")
        with unscoped():
            if not Region.tree.filter(code=region).exists():
                raise CommandError(f"区划代码 {region} 不存在，请核对")
            user = None
            if username:
                user = User.objects.filter(username=username, is_active=True).first()
                if user is None:
                    raise CommandError(f"没有名为 {username} 的在用账号")
        area = area_of(user) if user else ""
        if not covers(area, region):
            raise CommandError(f"{username} 的辖区不包含 {region}，不能导入")
        try:
            with area_scope(area):
                upload = upload_ledger(file.read_bytes(), file.name, region=region, by=user)
                if dry_run:
                    discard_upload(upload, by=user)
                else:
                    upload = import_upload(upload.pk, by=user)
        except LedgerError as error:
            raise CommandError(error.message) from None
        if as_json:
            self.stdout.write(_dumps(upload.report))
            return
        self._print(upload.report)

    def _print(self, report: dict):
        self.stdout.write(
            f"{report['filename']}  工作表“{report['sheet'] or '-'}”"
            f"  表头在第 {report['header_row']} 行"
            + ("  （试导入，未写入）" if report["dry_run"] else "")
        )
        for line in report["rows"]:
            if line["outcome"] in ("created", "unchanged") and not line["messages"]:
                continue
            label = OUTCOME_LABELS[line["outcome"]]
            text = "；".join(line["messages"])
            self.stdout.write(
                f"  第 {line['row']} 行  {label}  {line['name']} {line['id_number']}  {text}"
            )
        if report["unknown_columns"]:
            self.stdout.write("  未识别的列：" + "、".join(report["unknown_columns"]))
        for note in report["notes"]:
            self.stdout.write("  " + note)
        counts = report["counts"]
        summary = "，".join(f"{OUTCOME_LABELS[k]} {counts[k]}" for k in OUTCOME_LABELS)
        self.stdout.write(
            f"共 {report.get('rows_total', len(report['rows']))} 行：{summary}；其中有提示 {counts['warnings']} 行"
        )


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
