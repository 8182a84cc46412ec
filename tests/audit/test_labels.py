"""Every audit action the code writes reads as a Chinese label on the audit pages, never as a
raw code (`accounts.otp.recovery_used`), and object types read as words (`jobs.posting` → 岗位)."""

import ast
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.utils import translation

from homeward.audit.labels import action_label, object_label
from homeward.placements.models import Status

ROOT = Path(__file__).resolve().parents[2] / "homeward"
APPS = (
    "accounts|audit|background|campaigns|content|employers|jobs|matching|outreach|placements|portal"
)
CODE = re.compile(rf"^({APPS}|regions|signin_codes|workers)\.[a-z_]+(\.[a-z_]+)+$")


def written_codes() -> set[str]:
    """Every dotted code written as a literal in the code (three parts or more), and the codes
    built at run time: admin writes, placement moves, refused writes of read-only roles."""
    codes = set()
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts or path.name == "labels.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if CODE.match(node.value):
                    codes.add(node.value)
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        if hasattr(model_admin, "_audit_code") and meta.label_lower != "audit.auditevent":
            codes |= {f"{meta.label_lower}.{verb}" for verb in ("created", "changed", "deleted")}
    codes |= {f"placements.application.{s}" for s in Status.values if s != "applied"}
    codes |= {f"{app}.write.refused" for app in ("employers", "jobs", "workers", "campaigns")}
    return codes


def test_the_scan_finds_the_codes_it_should():
    codes = written_codes()
    assert {"accounts.otp.recovery_used", "workers.ledger.uploaded", "jobs.posting.closed"} <= codes


@pytest.mark.parametrize("code", sorted(written_codes()))
def test_every_written_action_has_a_chinese_label(code):
    with translation.override("zh-hans"):
        label = action_label(code)
    assert label != code and re.search(r"[\u4e00-\u9fff]", label), code


def test_object_types_read_as_words():
    with translation.override("zh-hans"):
        assert object_label("jobs.posting") == "岗位"
        assert object_label("accounts.user") == "工作人员账号"
        assert object_label("something.else") == "something.else"  # shown as it is


def test_a_refused_write_reads_as_such():
    with translation.override("zh-hans"):
        assert action_label("jobs.write.refused") == "修改被拒绝：该角色只能查看"
