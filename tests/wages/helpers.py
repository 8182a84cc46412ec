"""Small makers for the wage tests: a project of the cast's town, roster lines, CSV bytes."""

from datetime import date
from decimal import Decimal

from homeward.codes import idnumber
from homeward.wages.models import Project, RosterEntry
from tests.factories import TOWN, make_employer

_seq = iter(range(1, 10**6))


def make_project(region: str = TOWN, *, contractor=None, ready=False, **fields):
    n = next(_seq)
    fields.setdefault("code", f"XM-{region}-{n}")
    fields.setdefault("name", f"安置房项目{n}")
    fields.setdefault("owner", "宿城区住建局")
    fields.setdefault("contract_value", Decimal("10000000"))
    fields.setdefault("start_on", date(2025, 10, 1))
    if ready:
        fields.update(
            labour_officer="赵会计",
            account_bank="农业银行宿城支行",
            account_number="6228480012345678901",
            labour_cost_cycle_days=30,
            deposit_amount=Decimal("200000"),
            deposit_form="cash",
            notice_board_photo="wages/boards/x.jpg",
            injury_insurance_policy="GS2025-001",
        )
    project = Project(region_id=region, contractor=contractor or make_employer(region), **fields)
    project.save()
    return project


def person_id(sequence: int, region: str = "321302") -> str:
    return idnumber.make(region, date(1980, 1, 1 + sequence % 28), sequence, True)


def make_entry(project, sequence: int = 1, **fields):
    fields.setdefault("name", f"工人{sequence}")
    fields.setdefault("wage_basis", "day")
    fields.setdefault("agreed_wage", Decimal(300))
    fields.setdefault("joined_on", date(2025, 10, 1))
    entry = RosterEntry(project=project, id_number=person_id(sequence), **fields)
    entry.save()
    return entry


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


ROSTER_HEAD = (
    "姓名,身份证号,手机号,班组,是否签订劳动合同,合同签订日期,计薪方式,约定工资,进场日期,离场日期"
)
PAYROLL_HEAD = "身份证号,姓名,工资月份,发放日期,出勤天数,基本工资,实发金额,银行凭证号,是否专户发放"
