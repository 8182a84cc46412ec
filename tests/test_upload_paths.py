"""Every way a file enters the platform meets the same caps (issue 10, section 4).

`UPLOAD_PATHS` names each door; `test_every_upload_path_is_listed` finds them in the code — a form
`FileField`, a view reading `request.FILES`, a management command taking a file argument — so a
new door fails until it is listed here and walked. Each door is then sent a zip bomb (a few KB
unpacking to megabytes), a file taller than the row cap and a cell longer than the cell cap: the
first two are refused with a Chinese message and nothing is kept; the third rejects its row only.
"""

import ast
import io
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from homeward.background.models import BackgroundJob
from homeward.workers import ledger
from homeward.workers.models import LedgerUpload, Worker
from homeward.workers.tasks import check_upload_job
from tests.workers.test_import import TOWN, ident
from tests.workers.test_upload_caps import VILLAGE, _bomb

ROOT = Path(__file__).resolve().parents[1] / "homeward"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _tall() -> bytes:
    rows = ["姓名,身份证号,所在村"] + [f"张{n},{ident(n)},{VILLAGE}" for n in range(12)]
    return ("\n".join(rows) + "\n").encode()


def _long_cell() -> bytes:
    rows = ["姓名,身份证号,所在村,备注", f"张三,{ident(1)},{VILLAGE},{'长' * 600}"]
    rows.append(f"李四,{ident(2)},{VILLAGE},")
    return ("\n".join(rows) + "\n").encode()


HOSTILE = {"bomb": (_bomb(5 * 2**20), "台账.xlsx"), "tall": (_tall(), "台账.csv")}


def _page(client, user, content, name, settings, *, large):
    """The staff import page; `large` sends it through the background check."""
    settings.HOMEWARD_DIRECT_IMPORT_BYTES = 10 if large else 10**9
    client.force_login(user)
    response = client.post(
        reverse("workers:import"), {"file": SimpleUploadedFile(name, content), "region": TOWN}
    )
    if large:
        job = BackgroundJob.objects.latest("pk")
        check_upload_job.call(job.pk)
        job.refresh_from_db()
        if job.status == "failed":
            return False, job.error
        return True, LedgerUpload.objects.latest("pk").report
    if response.status_code == 302:
        return True, LedgerUpload.objects.latest("pk").report
    return False, response.content.decode()


def _command(client, user, content, name, settings, tmp_path):
    path = tmp_path / name
    path.write_bytes(content)
    out = io.StringIO()
    try:
        call_command(
            "import", "workers", str(path), region=TOWN, dry_run=True, as_json=True, stdout=out
        )
    except CommandError as error:
        return False, str(error)
    return True, json.loads(out.getvalue())


UPLOAD_PATHS = {
    "staff import page": lambda c, u, b, n, s, t: _page(c, u, b, n, s, large=False),
    "staff import page, large file (background check)": lambda c, u, b, n, s, t: _page(
        c, u, b, n, s, large=True
    ),
    "homeward import workers": _command,
}
# Where each door lives in the code, for the finder below.
DOORS = {
    "workers/import_views.py": {
        "staff import page",
        "staff import page, large file (background check)",
    },
    "workers/management/commands/import.py": {"homeward import workers"},
}
# Doors whose files are no registry ledger, each walked by its own tests (the caps it meets):
# a new door still fails the finder until it is listed here or above.
WALKED_ELSEWHERE = {
    # roster / attendance / payroll sheets: the ledger's row cap and zip pre-check
    # (tests/wages/test_sheet_caps.py), every row or none (tests/wages/test_imports.py)
    "wages/views.py": "wage sheets",
    "wages/forms.py": "wage sheets",
    "wages/models.py": "the rights notice board's photo (an image field)",
    # the general contractor's payroll sheet on the employer portal: the same import service
    # and caps (tests/wages/test_employer_payroll.py)
    "portal/wages_employer_views.py": "wage sheets",
    # an arrears clue's evidence: JPEG, PNG or PDF by its first bytes, at most 5 MB, never read
    # as a table (tests/wages/test_clue_evidence.py)
    "portal/wages_views.py": "evidence of an arrears clue, handed in by the worker",
    # evidence: images and PDF only, at most 5 MB each, never read as a table; the bank's
    # return file: read whole and refused whole (tests/subsidies/test_payment.py)
    "subsidies/views.py": "the bank's return file",
    "portal/subsidies_views.py": "evidence of a subsidy application",
    # a dispute's evidence: JPEG, PNG or PDF by its first bytes, at most 5 MB, never read as a
    # table (tests/disputes/test_evidence.py)
    "disputes/views.py": "evidence of a dispute and an agent's authorisation, entered by staff",
    "portal/disputes_common.py": "evidence of a dispute, handed in by the worker or the "
    "respondent (the two portals' case pages share it)",
    "disputes/forms.py": "an agent's signed authorisation: JPEG, PNG or PDF by its first bytes, "
    "at most 5 MB (tests/disputes/test_collective.py)",
    "portal/disputes_employer_views.py": "the respondent employer's agent's signed "
    "authorisation: the same service and checks (tests/disputes/test_employer_agents.py)",
    # the bank's loan repayment report: 5 MB form cap, the wage sheets' reader (zip pre-check,
    # row cap), every row or none, twice changes nothing (tests/loans/test_views.py)
    "loans/views.py": "the bank's loan repayment file",
    "loans/forms.py": "the bank's loan repayment file",
    # targets: a checklist duty's evidence — JPEG, PNG, PDF, or a Word/Excel file by its first
    # bytes (a zip named .docx/.xlsx, kept as bytes, never opened), at most 5 MB and 5 files,
    # refused whole (tests/targets/test_checklist.py)
    "targets/views.py": "evidence of a checklist duty",
    "targets/forms.py": "evidence of a checklist duty",
}


def _doors_in_code() -> set[str]:
    found = set()
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        for node in ast.walk(tree):
            takes_file = (
                isinstance(node, ast.Attribute)
                and node.attr in {"FILES", "FileField", "ImageField"}
            ) or (
                isinstance(node, ast.keyword)
                and node.arg == "type"
                and isinstance(node.value, ast.Name)
                and node.value.id in {"Path", "FileType"}
            )
            if takes_file:
                found.add(str(path.relative_to(ROOT)))
    return found


def test_every_upload_path_is_listed():
    assert _doors_in_code() == set(DOORS) | set(WALKED_ELSEWHERE), (
        "list every door that takes a file and walk it"
    )
    assert set().union(*DOORS.values()) == set(UPLOAD_PATHS)


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("door", sorted(UPLOAD_PATHS))
def test_every_door_refuses_a_hostile_file(
    client, town_staff, settings, tmp_path, monkeypatch, door, kind
):
    monkeypatch.setattr(ledger, "MAX_ROWS", 10)  # the tall file has 12 rows
    content, name = HOSTILE[kind]
    accepted, said = UPLOAD_PATHS[door](client, town_staff, content, name, settings, tmp_path)
    assert not accepted, (door, kind)
    assert CHINESE.search(said), (door, kind, said[:200])
    assert not LedgerUpload.objects.exists() and not Worker.objects.exists()


@pytest.mark.parametrize("door", sorted(UPLOAD_PATHS))
def test_every_door_rejects_only_the_row_with_an_overlong_cell(
    client, town_staff, settings, tmp_path, door
):
    accepted, report = UPLOAD_PATHS[door](
        client, town_staff, _long_cell(), "台账.csv", settings, tmp_path
    )
    assert accepted, (door, report)
    assert report["counts"]["rejected"] == 1 and report["counts"]["created"] == 1, door
