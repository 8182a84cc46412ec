"""The file interface: `homeward disputes deadlines CASES.jsonl [--json]`."""

import json

import pytest
from django.core.management import call_command

from homeward.disputes.deadlines import calendar_with, deadlines_of_lines

CAL = calendar_with()


def test_a_case_line_gives_its_four_deadlines():
    line = json.dumps(
        {
            "case": "C1",
            "received_on": "2026-04-29",
            "accepted_on": "2026-04-29",
            "extended": False,
            "mediation_on": "2026-04-17",
        }
    )
    results, problems = deadlines_of_lines([line], CAL)
    assert problems == []
    assert results == [
        {
            "case": "C1",
            "accept_by": "2026-05-09",
            "serve_copy_by": "2026-05-09",
            "award_by": "2026-06-15",  # 13 Jun (Sat) → Mon 15 Jun
            "mediation_ends": "2026-05-06",
        }
    ]


def test_mediation_ends_only_when_mediation_on_is_given():
    line = (
        '{"case": "C2", "received_on": "2026-03-02", "accepted_on": "2026-03-02", "extended": true}'
    )
    (result,), _ = deadlines_of_lines([line], CAL)
    assert "mediation_ends" not in result
    assert result["award_by"] == "2026-05-06"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "不是有效的 JSON"),
        ("[1, 2]", "JSON 对象"),
        ('{"received_on": "2026-03-02", "accepted_on": "2026-03-02"}', "缺少 case"),
        ('{"case": "X", "accepted_on": "2026-03-02"}', "缺少 received_on"),
        ('{"case": "X", "received_on": "2026-02-30", "accepted_on": "2026-03-02"}', "不是有效日期"),
        ('{"case": "X", "received_on": 20260302, "accepted_on": "2026-03-02"}', "YYYY-MM-DD"),
        ('{"case": "X", "received_on": "2026-03-05", "accepted_on": "2026-03-02"}', "早于"),
        (
            '{"case": "X", "received_on": "2026-03-02", "accepted_on": "2026-03-02", "extended": "no"}',
            "extended",
        ),
    ],
)
def test_a_bad_line_is_reported_with_its_number_and_the_rest_goes_on(line, message):
    good = '{"case": "OK", "received_on": "2026-03-02", "accepted_on": "2026-03-02"}'
    results, problems = deadlines_of_lines([good, line, "", good], CAL)
    assert [r["case"] for r in results] == ["OK", "OK"]
    assert len(problems) == 1
    assert problems[0].startswith("第 2 行") and message in problems[0]


def test_a_deadline_in_a_year_without_calendar_is_null_and_flagged():
    line = '{"case": "C9", "received_on": "2026-11-20", "accepted_on": "2026-12-01"}'
    (result,), problems = deadlines_of_lines([line], CAL)
    assert result["accept_by"] == "2026-11-27"
    assert result["award_by"] is None
    assert len(problems) == 1 and "2027" in problems[0] and "C9" in problems[0]


@pytest.mark.django_db
def test_the_command_prints_json_and_reports_bad_lines(tmp_path, capsys):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        '{"case": "C1", "received_on": "2026-02-12", "accepted_on": "2026-02-13"}\noops\n',
        encoding="utf-8",
    )
    call_command("disputes", "deadlines", str(cases), "--json")
    out, err = capsys.readouterr()
    assert json.loads(out) == [
        {
            "case": "C1",
            "accept_by": "2026-02-26",
            "serve_copy_by": "2026-02-27",
            "award_by": "2026-03-30",
        }
    ]
    assert "第 2 行" in err


@pytest.mark.django_db
def test_the_command_without_json_prints_a_line_a_case(tmp_path, capsys):
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"case": "C1", "received_on": "2026-02-12", "accepted_on": "2026-02-13"}\n')
    call_command("disputes", "deadlines", str(cases))
    out, _ = capsys.readouterr()
    assert "C1" in out and "2026-02-26" in out


@pytest.mark.django_db
def test_a_missing_file_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="无法读取"):
        call_command("disputes", "deadlines", str(tmp_path / "none.jsonl"))
