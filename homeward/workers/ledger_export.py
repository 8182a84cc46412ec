"""The registry as a village ledger (台账) in Excel, in the column layout the importer reads.

Every row ends with a 记录编号 (record key): the person's record id and a keyed check
(`row_key`), never derived from the ID number. A masked export, its ID numbers hidden, can so be
edited and imported again: the importer finds each person by the key, inside the upload's area
only, and updates the other columns.
"""

import re

from django.utils import timezone

from homeward.core.excel import workbook_bytes
from homeward.crypto import TEXT, lookup_hash, mask_id_number, mask_phone
from homeward.regions.models import Region

from . import insurance
from .models import Worker

HEADER = [
    "序号",
    "姓名",
    "身份证号",
    "性别",
    "出生日期",
    "联系电话",
    "所在村",
    "村代码",
    "就业状态",
    "务工地域",
    "务工地点",
    "务工单位",
    "从事工种",
    "技能特长",
    "文化程度",
    "月收入",
    "期望月薪",
    "就业意向",
    "培训意愿",
    "服务需求",
    "低收入类别",
    "同意接收信息",
    "返乡时间",
    "备注",
    *insurance.LEDGER_HEADERS.values(),
    "记录编号",
]
MASKED_NOTE = (
    "身份证号、手机号已遮盖（带*）。修改其他列后可直接导入，系统按最后一列“记录编号”找到本人，"
    "请勿改动该列"
)

PROGRESS_EVERY = 500

_KEY = re.compile(r"(\d{1,12})-([0-9a-f]{8})")


def _check(pk: int) -> str:
    return lookup_hash(TEXT, f"workers.ledger-row:{pk}")[:8]


def row_key(pk: int) -> str:
    """The export's key for a person: their record id and a keyed check, e.g. "1234-9f3a0c1b"."""
    return f"{pk}-{_check(pk)}"


def key_to_pk(text: str) -> int | None:
    """The record id in a key, or None when it is not one of ours (typed over, or made up)."""
    match = _KEY.fullmatch(text.strip().lower())
    if match is None or match.group(2) != _check(int(match.group(1))):
        return None
    return int(match.group(1))


def _row(n: int, worker: Worker, unmasked: bool) -> list:
    return [
        n,
        worker.name,
        worker.id_number if unmasked else mask_id_number(worker.id_number),
        worker.get_gender_display(),
        worker.birth_date,
        worker.phone if unmasked else mask_phone(worker.phone),
        worker.region.name,
        worker.region_id,
        worker.get_status_display(),
        worker.get_work_scope_display(),
        worker.work_place,
        worker.employer_name,
        worker.occupation_text,
        worker.skills,
        worker.get_education_display(),
        worker.monthly_income,
        worker.expected_wage,
        worker.get_intention_display(),
        worker.training_wish,
        "、".join(worker.service_need_labels()),
        worker.get_low_income_display(),
        "是" if worker.consents_to_contact else "否",
        worker.returned_on,
        worker.note,
        *_insurance_cells(worker),
        row_key(worker.pk),
    ]


def _insurance_cells(worker: Worker) -> list[str]:
    by_kind = {row.kind: row for row in worker.insurance.all()}  # prefetched
    return [insurance.ledger_cell(by_kind.get(kind)) for kind in insurance.LEDGER_HEADERS]


def export_ledger(queryset, *, area_name: str, unmasked: bool, progress=None) -> bytes:
    """The ledger of `queryset`; `progress(rows_written)` is called every PROGRESS_EVERY rows."""
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    people = enumerate(
        queryset.select_related("region").prefetch_related("insurance").iterator(chunk_size=2000), 1
    )

    def rows():
        for n, worker in people:
            if progress is not None and n % PROGRESS_EVERY == 0:
                progress(n)
            yield _row(n, worker, unmasked)

    return workbook_bytes(
        rows(),
        title=f"{area_name}农民工就业情况台账",
        subtitle=f"填报单位：{area_name}    导出时间：{stamp}"
        + ("" if unmasked else f"    {MASKED_NOTE}"),
        header=HEADER,
        sheet_name="台账",
    )


def area_name(code: str) -> str:
    region = Region.tree.filter(code=code).first()
    return region.full_name() if region else "全国"


TEMPLATE_HEADER = [h for h in HEADER if h not in ("出生日期", "村代码", "记录编号")]
TEMPLATE_EXAMPLE = {
    "序号": "示例",
    "姓名": "张三",
    "身份证号": "（18位，请把这一列设为“文本”）",
    "性别": "男",
    "联系电话": "13800000000",
    "所在村": "凤凰村",
    "就业状态": "外出务工",
    "务工地域": "省外",
    "务工地点": "江苏省苏州市",
    "务工单位": "某某电子有限公司",
    "从事工种": "电工",
    "技能特长": "电工、驾驶",
    "文化程度": "初中",
    "月收入": 5000,
    "期望月薪": "5000-6000",
    "就业意向": "外出务工",
    "培训意愿": "电工培训",
    "服务需求": "岗位、技能培训",
    "低收入类别": "脱贫户",
    "同意接收信息": "是",
    "返乡时间": "2026-01-15",
    "备注": "",
    "养老保险": "已参保（本地）",
    "医疗保险": "已参保（外地）",
    "工伤保险": "未参保",
    "失业保险": "不清楚",
}
TEMPLATE_NOTE = (
    "填表说明：从第5行起每人一行，第4行是示例（序号写“示例”的行不会导入，可保留或删除）。"
    "姓名、身份证号必填；所在村写村（社区）名称；金额填数字，单位元；是/否填“是”或“否”。"
)


def template_ledger(area_name: str) -> bytes:
    """A blank ledger with the importer's headers, an example row and how to fill it in."""
    return workbook_bytes(
        [[TEMPLATE_EXAMPLE.get(header, "") for header in TEMPLATE_HEADER]],
        title=f"{area_name}农民工就业情况台账",
        subtitle=TEMPLATE_NOTE,
        header=TEMPLATE_HEADER,
        sheet_name="台账",
    )
