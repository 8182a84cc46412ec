"""`homeward match files`: the engine on JSON-lines files, end to end."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .records import job, worker


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return str(path)


@pytest.fixture
def paths(tmp_path):
    workers = write_jsonl(
        tmp_path / "w.jsonl",
        [
            worker("W1", occupations=["外卖骑手"], work_types=["gig"], low_income=True),
            worker("W2", occupations=["保洁"], willing_scope="town", expected_wage=2800),
        ],
    )
    jobs = write_jsonl(
        tmp_path / "j.jsonl",
        [
            job(
                "J1",
                title="网约配送员",
                occupation="网约配送员",
                work_type="gig",
                wage_unit="piece",
                wage_min=6,
                wage_max=9,
            ),
            job("J2", title="保洁员", occupation="保洁员", wage_min=2800, wage_max=3200),
            job("J3", title="焊工（招满）", headcount=1, filled=1),
        ],
    )
    return workers, jobs


def run(*args):
    out = StringIO()
    call_command("match", *args, stdout=out)
    return out.getvalue()


def test_json_lines_per_worker_and_per_job(paths):
    workers, jobs = paths
    out = run(
        "files",
        "--workers",
        workers,
        "--jobs",
        jobs,
        "--top",
        "5",
        "--json",
        "--by-job",
        "--today",
        "2025-03-01",
    )
    lines = [json.loads(line) for line in out.splitlines()]
    by_worker = {x["worker"]: x["jobs"] for x in lines if "worker" in x}
    by_job = {x["job"]: x["workers"] for x in lines if "job" in x}
    assert [m["id"] for m in by_worker["W1"]] == ["J1"]
    assert by_worker["W1"][0]["reasons"][0] == "工种对口：网约配送员"
    assert by_worker["W1"][0]["title"] == "网约配送员"
    assert [m["id"] for m in by_worker["W2"]] == ["J2"]
    assert [m["id"] for m in by_job["J1"]] == ["W1"]
    assert "低收入户优先" in by_job["J1"][0]["reasons"]
    assert by_job["J3"] == []


def test_plain_text_output(paths):
    workers, jobs = paths
    out = run("files", "--workers", workers, "--jobs", jobs, "--today", "2025-03-01")
    assert "工人 W2：1 个岗位" in out
    assert "J2 保洁员" in out and "工种对口：保洁员" in out
    assert "岗位" in out and "人" not in out.split("工人 W1")[0]


def test_bad_input_is_a_clear_error(tmp_path, paths):
    workers, _ = paths
    broken = tmp_path / "bad.jsonl"
    broken.write_text('{"id": "J1"}\nnot json\n', "utf-8")
    with pytest.raises(CommandError, match="bad.jsonl:2"):
        run("files", "--workers", workers, "--jobs", str(broken))
    unknown = write_jsonl(tmp_path / "u.jsonl", [job(work_type="weekend")])
    with pytest.raises(CommandError, match="unknown work_type"):
        run("files", "--workers", workers, "--jobs", unknown)
    with pytest.raises(CommandError, match="No such file|not found|Errno"):
        run("files", "--workers", str(tmp_path / "missing.jsonl"), "--jobs", unknown)


def test_run_refuses_a_malformed_area():
    with pytest.raises(CommandError):
        call_command("match", "run", "--area", "32x")
