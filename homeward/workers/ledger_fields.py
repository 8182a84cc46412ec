"""What village ledgers call their columns: header words mapped to the registry's field names.

Pure data and one normaliser, no Django. A header cell is matched after `header_key` has taken
out what varies between offices without changing the meaning: spaces and line breaks inside the
cell, full-width brackets and letters, "*" marks for required columns, a trailing colon. If that
exact text is not known, the part in brackets (a unit such as "（元）" or "（18位）") is dropped
and the rest tried; then each part of a "手机号/联系电话" style header.
"""

import re
import unicodedata

# Canonical field -> the headers that mean it (any order; matched exactly after header_key).
FIELD_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "劳动力姓名", "务工人员姓名", "人员姓名", "农民工姓名"),
    "id_number": (
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "公民身份证号码",
        "身份证",
        "证件号码",
        "身份证件号码",
        "身份证号(18位)",
    ),
    "gender": ("性别",),
    "phone": (
        "联系电话",
        "手机号",
        "手机号码",
        "电话",
        "电话号码",
        "联系方式",
        "手机",
        "本人联系电话",
        "本人手机号",
    ),
    "village": (
        "所在村",
        "村(社区)",
        "所在村(社区)",
        "村",
        "村组",
        "户籍地址",
        "户籍所在地",
        "家庭住址",
        "住址",
        "家庭地址",
    ),
    "village_code": ("村代码", "村(社区)代码", "村级代码", "村区划代码", "区划代码"),
    "employment_status": ("就业状态", "务工状态", "就业情况", "务工情况", "就业状况"),
    "work_scope": ("务工地域", "就业地域", "务工范围", "就业范围", "务工区域", "就业区域"),
    "work_place": ("务工地点", "就业地点", "务工单位地址", "务工所在地", "就业所在地"),
    "employer_name": ("务工单位", "就业单位", "工作单位", "务工单位名称", "就业单位名称"),
    "occupation": ("从事工种", "工种", "职业", "从事行业", "从事职业", "行业"),
    "skills": ("技能特长", "技能", "特长", "专业技能"),
    "education": ("文化程度", "学历", "受教育程度"),
    "monthly_income": ("月收入", "月均收入", "月工资", "月收入(元)", "月均收入(元)", "月工资收入"),
    "expected_wage": ("期望月薪", "期望薪资", "期望工资", "期望月收入", "期望薪酬"),
    "intention": ("就业意向", "意向", "务工意向", "求职意向"),
    "training_wish": ("培训意愿", "培训需求", "是否愿意参加培训", "培训意向"),
    "service_needs": ("服务需求", "需求", "就业服务需求"),
    "low_income": (
        "脱贫户",
        "监测户",
        "是否脱贫户",
        "是否监测户",
        "是否脱贫户(监测户)",
        "脱贫户/监测户",
        "低收入类别",
        "户类型",
        "户籍类型",
        "家庭类型",
        "是否低收入人口",
        "低收入户",
        "脱贫人口",
        "监测对象",
    ),
    "consent": (
        "同意接收信息",
        "是否同意联系",
        "是否同意接收信息",
        "同意联系",
        "是否同意接收岗位信息",
    ),
    "returned_on": ("返乡时间", "返乡日期", "返乡时间(年月)"),
    "note": ("备注",),
}

# Columns that carry nothing the registry keeps: a serial number, or what the ID number says.
IGNORED_HEADERS: tuple[str, ...] = ("序号", "编号", "年龄", "出生日期", "出生年月")
IGNORED = "_ignored"

_SPACES = re.compile(r"\s+")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】")
_PARTS = re.compile(r"[/、|]")


def display_header(text: object) -> str:
    """The header as the sheet wrote it, on one line (what error messages quote)."""
    if text is None:
        return ""
    return _SPACES.sub("", str(text))


def header_key(text: str) -> str:
    """The comparable form of a header: NFKC, no spaces or line breaks, no "*" or trailing colon."""
    key = _SPACES.sub("", unicodedata.normalize("NFKC", text))
    return key.replace("*", "").rstrip(":")


def _build_map() -> dict[str, str]:
    keys: dict[str, str] = {}
    for field, headers in FIELD_HEADERS.items():
        for header in headers:
            keys[header_key(header)] = field
    for header in IGNORED_HEADERS:
        keys[header_key(header)] = IGNORED
    return keys


HEADER_MAP: dict[str, str] = _build_map()


def match_header(text: object) -> str | None:
    """The canonical field a header cell names, IGNORED for a serial number, or None."""
    if not isinstance(text, str):
        return None
    key = header_key(text)
    if not key:
        return None
    field = HEADER_MAP.get(key)
    if field is None:
        field = HEADER_MAP.get(_BRACKETED.sub("", key))
    if field is None and _PARTS.search(key):
        for part in _PARTS.split(_BRACKETED.sub("", key)):
            field = HEADER_MAP.get(part)
            if field is not None:
                break
    return field
