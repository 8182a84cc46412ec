"""`homeward wages scan`: four CSV files in, the warnings as JSON out; bad rows reported and
skipped, never a crash (no database)."""

import json
from datetime import date

from django.core.management import call_command

from homeward.codes import idnumber, uscc
from homeward.wages import scan

USCC = uscc.make("321302", 12345678)
BAD_USCC = USCC[:-1] + ("1" if USCC[-1] != "1" else "2")
ID_1 = idnumber.make("321302", date(1980, 5, 1), 11, True)
BAD_ID = ID_1[:-1] + ("1" if ID_1[-1] != "1" else "2")
ID_2 = idnumber.make("430381", date(1975, 2, 3), 21, False)


def write(tmp_path, **files):
    default = {
        "projects": [
            "project_code,name,region,contractor_uscc,start_date,end_date,status",
            f"SQ-1,宿城安置房,321302,{USCC},2025-10-01,,building",
            f"XX-1,湘乡学校,430381,{USCC},2025-06-01,2026-03-31,completed",
        ],
        "roster": [
            "project_code,worker,id_number,name,team,joined_on,left_on,wage_basis,agreed_wage",
            f"SQ-1,A1,{ID_1},张三,木工班,2025-10-01,,day,300",
            f"XX-1,B1,{ID_2},李四,钢筋班,2025-06-01,2026-03-20,month,6000",
        ],
        "attendance": [
            "project_code,worker,month,days_worked",
            "SQ-1,A1,2026-02,20",
            "XX-1,B1,2026-03,15",
        ],
        "payroll": [
            "project_code,worker,month,amount,paid_on,from_special_account",
            "SQ-1,A1,2026-02,6000.00,2026-03-10,是",
        ],
    }
    default.update(files)
    paths = {}
    for name, lines in default.items():
        path = tmp_path / f"{name}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths[name] = path
    return paths


def run(paths, as_of="2026-05-01", *extra):
    from io import StringIO

    out = StringIO()
    call_command(
        "wages",
        "scan",
        *(f"--{name}={path}" for name, path in paths.items()),
        f"--as-of={as_of}",
        *extra,
        "--json",
        stdout=out,
    )
    return json.loads(out.getvalue())


def test_the_json_shape_and_the_rules(tmp_path):
    result = run(write(tmp_path))
    assert set(result) == {"warnings", "input_errors"}
    assert result["input_errors"] == []
    found = {(w["project"], w["rule"], w["month"], w["worker"]) for w in result["warnings"]}
    assert found == {
        ("XX-1", "no_pay", "2026-03", "B1"),
        ("XX-1", "headcount_gap", "2026-03", None),
        ("XX-1", "leaver_unsettled", None, "B1"),
        ("XX-1", "ended_unsettled", None, None),
    }
    for warning in result["warnings"]:
        assert set(warning) == {"project", "rule", "month", "worker", "level", "message"}
        assert warning["level"] == "red"


def test_the_minimum_wage_option_overrides_the_table(tmp_path):
    paths = write(tmp_path)
    assert not any(w["rule"] == "below_minimum" for w in run(paths)["warnings"])
    result = run(paths, "2026-05-01", "--minimum-wage=7000")
    [low] = [w for w in result["warnings"] if w["rule"] == "below_minimum"]
    assert low["worker"] == "A1" and "7000.00" in low["message"]


def test_bad_rows_are_reported_and_skipped(tmp_path):
    paths = write(
        tmp_path,
        roster=[
            "project_code,worker,id_number,name,team,joined_on,left_on,wage_basis,agreed_wage",
            f"SQ-1,A1,{BAD_ID},张三,木工班,2025-10-01,,day,300",
            f"NOPE,A2,{ID_1},张三,木工班,2025-10-01,,day,300",
            f"SQ-1,A3,{ID_1},张三,木工班,2025-10-01,,hour,300",
        ],
        attendance=[
            "project_code,worker,month,days_worked",
            "SQ-1,A1,2026/02,20",
            "SQ-1,A1,2026-02,40",
            "SQ-1,A1,2026-02,二十",
        ],
        payroll=[
            "project_code,worker,month,amount,paid_on,from_special_account",
            "SQ-1,A1,2026-02,-5,2026-03-10,是",
            "SQ-1,A1,2026-02,6000,2026-13-10,是",
            "SQ-1,A1,2026-02,6000,2026-03-10,yes",
        ],
    )
    result = run(paths)
    errors = {(e["file"], e["row"]) for e in result["input_errors"]}
    assert errors == {
        ("roster", 2),
        ("roster", 3),
        ("roster", 4),
        ("attendance", 2),
        ("attendance", 3),
        ("attendance", 4),
        ("payroll", 2),
        ("payroll", 3),
        ("payroll", 4),
    }
    messages = " ".join(e["message"] for e in result["input_errors"])
    assert "身份证号有误" in messages and "不在项目表中" in messages and "YYYY-MM" in messages


def test_a_missing_column_or_a_wrong_encoding_is_one_error_not_a_crash(tmp_path):
    paths = write(tmp_path, projects=["project_code,name", "SQ-1,x"])
    paths["payroll"].write_bytes("project_code,工资".encode("gb18030"))
    result = run(paths)
    files = {e["file"]: e["message"] for e in result["input_errors"] if e["row"] == 1}
    assert "表头缺少列" in files["projects"] and "UTF-8" in files["payroll"]
    assert result["warnings"] == []


def test_a_completed_project_needs_its_end_date(tmp_path):
    paths = write(
        tmp_path,
        projects=[
            "project_code,name,region,contractor_uscc,start_date,end_date,status",
            f"SQ-1,宿城安置房,321302,{USCC},2025-10-01,,completed",
            f"XX-1,湘乡学校,430381,{BAD_USCC},2025-06-01,,building",
        ],
    )
    result = run(paths)
    assert [(e["file"], e["row"]) for e in result["input_errors"]][:2] == [
        ("projects", 2),
        ("projects", 3),
    ]


def test_text_output_counts_levels(tmp_path):
    result = scan.read_files(write(tmp_path), date(2026, 5, 1))
    text = scan.as_text(result)
    assert "共 4 条预警（红色 4，橙色 0，黄色 0）" in text
