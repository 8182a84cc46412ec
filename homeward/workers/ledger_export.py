"""The registry as a village ledger (台账) in Excel, in the column layout the importer reads."""

from django.utils import timezone

from homeward.core.excel import workbook_bytes
from homeward.crypto import mask_id_number, mask_phone
from homeward.regions.models import Region

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
]


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
    ]


def export_ledger(queryset, *, area_name: str, unmasked: bool) -> bytes:
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    rows = (
        _row(n, worker, unmasked)
        for n, worker in enumerate(queryset.select_related("region").iterator(chunk_size=2000), 1)
    )
    return workbook_bytes(
        rows,
        title=f"{area_name}农民工就业情况台账",
        subtitle=f"填报单位：{area_name}    导出时间：{stamp}",
        header=HEADER,
        sheet_name="台账",
    )


def area_name(code: str) -> str:
    region = Region.tree.filter(code=code).first()
    return region.full_name() if region else "全国"
