"""`homeward demo --no-serve`: the embedded database filled once, demo accounts that sign in,
and the serve path it hands over to (tests/operations/test_serve.py runs that for real)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from homeward.accounts.models import User
from homeward.jobs.models import Posting
from homeward.matching.models import PostingMatches
from homeward.workers import demo_data
from homeward.workers.models import Worker

pytestmark = pytest.mark.django_db


def test_demo_command_fills_small_once_and_keeps_its_accounts(settings, tmp_path):
    """One fill of every workstream (the slowest thing here), then a second run that keeps it."""
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("demo", no_serve=True, size="small", stdout=out)
    assert "workers created in" in out.getvalue()
    count = Worker.objects.count()
    # The test map's villages of the seed areas, twenty people each.
    assert count == 20 * len(demo_data.villages_in(["3213", "5110", "430381"]))
    # Each open posting's matched workers are computed once, so its page is not 暂无匹配.
    open_postings = Posting.objects.filter(status="published").count()
    assert open_postings and PostingMatches.objects.count() == open_postings
    assert f"matched workers for {open_postings} postings" in out.getvalue()
    # The demo worker invited to a subsidy by the candidates scan, dispatched (their inbox).
    assert "the demo worker invited to the transport subsidy" in out.getvalue()
    # The demo accounts' passwords, readable by their owner only, sign in.
    known = json.loads((tmp_path / "demo-accounts.json").read_text())
    assert (tmp_path / "demo-accounts.json").stat().st_mode & 0o077 == 0
    admin = User.objects.get(username="demo-3213-admin")
    assert admin.check_password(known["demo-3213-admin"])

    out = StringIO()
    call_command("demo", no_serve=True, stdout=out)
    assert "already have workers" in out.getvalue()
    assert Worker.objects.count() == count
    assert json.loads((tmp_path / "demo-accounts.json").read_text()) == known
    assert User.objects.get(username="demo-3213-admin").check_password(known["demo-3213-admin"])


def test_demo_serves_through_serve_once_prepared(monkeypatch):
    from homeward.operations.management.commands import demo

    steps = []
    monkeypatch.setattr(demo.Command, "prepare", lambda self, **kw: steps.append(("prepare", kw)))
    monkeypatch.setattr(demo, "call_command", lambda name, **kw: steps.append((name, kw)))
    call_command("demo", port=8103, host="127.0.0.1", stdout=StringIO())
    assert steps == [
        ("prepare", {"size": "small", "host": "127.0.0.1", "port": 8103}),
        ("serve", {"host": "127.0.0.1", "port": 8103}),
    ]
    steps.clear()
    call_command("demo", no_serve=True, stdout=StringIO())
    assert [name for name, _ in steps] == ["prepare"]
