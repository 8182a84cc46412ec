"""What village ledgers call their columns: header words mapped to the registry's field names.

Pure data and one normaliser, no Django. A header cell is matched after `header_key` has taken
out what varies between offices without changing the meaning: spaces, line breaks and zero-width
characters inside the cell, full-width brackets and letters, quotes, a leading number ("3、",
"（三）", "①"), "*" marks for required columns, a trailing colon. If that exact text is not known,
the part in brackets (a unit such as "（元）" or "（18位）") is dropped and the rest tried, then a
leading word for "now" ("现", "目前", "当前", "本人") and a trailing unit ("元"), then each part of a
"手机号/联系电话" style header. A clerk's own choices for headers the words below do not know are
passed in as `extra` (header key → field) and win over everything else.
"""

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

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
    # Social insurance, one column a kind: 是/否/已参保/未参保/不清楚, with 本地 or 外地.
    "pension_insurance": (
        "养老保险",
        "基本养老保险",
        "是否参加养老保险",
        "养老保险参保情况",
        "城乡居民养老保险",
        "职工养老保险",
    ),
    "medical_insurance": (
        "医疗保险",
        "基本医疗保险",
        "是否参加医疗保险",
        "医疗保险参保情况",
        "医保",
        "城乡居民医疗保险",
    ),
    "injury_insurance": ("工伤保险", "是否参加工伤保险", "工伤保险参保情况"),
    "unemployment_insurance": ("失业保险", "是否参加失业保险", "失业保险参保情况"),
}

# Columns that carry nothing the registry keeps: a serial number, or what the ID number says.
IGNORED_HEADERS: tuple[str, ...] = ("序号", "编号", "年龄", "出生日期", "出生年月")
IGNORED = "_ignored"

# The export's own key for each person (see workers.ledger_export.row_key): a masked export
# re-imported updates the people by this key instead of their (hidden) ID numbers.
RECORD_KEY = "record_key"
RECORD_KEY_HEADERS: tuple[str, ...] = ("记录编号", "系统编号")

# Words a clerk writes before or after the name of a column without changing what it holds.
PREFIXES: tuple[str, ...] = ("目前", "当前", "现在", "现", "本人", "个人")
SUFFIXES: tuple[str, ...] = ("元", "情况")

_SPACES = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_QUOTES = re.compile("[\"'`“”‘’「」『』]")
_NUMBERING = re.compile(
    r"^(?:\d{1,2}[.、)]|\(\d{1,2}\)|[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)"
    r")"
)
_CIRCLED = re.compile("^[\\s\u2460-\u2473\u2776-\u277f]+")  # ① … ⑳, ❶ … ❿ (NFKC makes ① "1")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|<[^>]*>|〈[^〉]*〉|《[^》]*》")
_PARTS = re.compile(r"[/、|]")


def display_header(text: object) -> str:
    """The header as the sheet wrote it, on one line (what error messages quote)."""
    if text is None:
        return ""
    return _INVISIBLE.sub("", _SPACES.sub("", str(text)))


def header_key(text: str) -> str:
    """The comparable form of a header: NFKC, no spaces, quotes, numbering, "*" or final colon.

    Also the key under which a clerk's choice of field for an unknown header is remembered.
    """
    key = _SPACES.sub("", unicodedata.normalize("NFKC", _CIRCLED.sub("", text)))
    key = _QUOTES.sub("", _INVISIBLE.sub("", key)).replace("*", "").replace("※", "")
    return _NUMBERING.sub("", key).rstrip(":")


def _build_map() -> dict[str, str]:
    keys: dict[str, str] = {}
    for field, headers in FIELD_HEADERS.items():
        for header in headers:
            keys[header_key(header)] = field
    for header in IGNORED_HEADERS:
        keys[header_key(header)] = IGNORED
    for header in RECORD_KEY_HEADERS:
        keys[header_key(header)] = RECORD_KEY
    return keys


HEADER_MAP: dict[str, str] = _build_map()


def _variants(key: str) -> list[str]:
    """The key, then without brackets, then without a "now" prefix or a unit suffix."""
    found = [key]
    bare = _BRACKETED.sub("", key)
    if bare and bare != key:
        found.append(bare)
    for text in list(found):
        for prefix in PREFIXES:
            if text.startswith(prefix) and len(text) > len(prefix) + 1:
                found.append(text[len(prefix) :])
                break
    for text in list(found):
        for suffix in SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                found.append(text[: -len(suffix)])
                break
    return found


@lru_cache(maxsize=2048)
def _match_key(key: str) -> str | None:
    variants = _variants(key)
    for variant in variants:
        field = HEADER_MAP.get(variant)
        if field is not None:
            return field
    for variant in variants:
        if _PARTS.search(variant):
            for part in _PARTS.split(variant):
                for candidate in _variants(part) if part else ():
                    field = HEADER_MAP.get(candidate)
                    if field is not None:
                        return field
    return None


def match_header(text: object, extra: Mapping[str, str] | None = None) -> str | None:
    """The canonical field a header cell names, IGNORED for a serial number, or None.

    `extra` maps header keys (see `header_key`) to fields: what a clerk chose for headers the
    built-in words do not know.
    """
    if not isinstance(text, str):
        return None
    key = header_key(text)
    if not key:
        return None
    if extra:
        field = extra.get(key)
        if field is not None:
            return field
    return _match_key(key)
