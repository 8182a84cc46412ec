"""The local minimum wage (最低工资标准) of the seed provinces, by tier, with when and by which
document each standard took effect. Pure, no Django.

`monthly(region_code, on)` answers the monthly minimum (yuan) at a place on a day, `hourly` the
hourly one (for part-time work), `tier_of(region_code)` the tier (档/类) of a city or county; each
answers None outside the table. A standard holds from its `effective` day until the next one of
the same province. The wage warnings (`homeward.wages.rules`, `below_minimum`) and the disputes
work (12 months of the local minimum for a final award, 法 art. 47) read this one interface.

Sources, and how sure each figure is (`verified`): the first tier of every province as of
2026-01-01 was checked against the ministry's national table (人社部全国各地区最低工资标准情况，
截至2026年1月1日, reproduced by 甘肃政务服务网 and copied into a public dataset) and, for 江苏, the
notice 苏人社规〔2025〕3号 (江苏省人力资源和社会保障厅，2025-12-29, 一类 2660 元). The lower tiers,
the hourly figures, the earlier standards and which county falls in which tier come from the
provinces' notices named below as remembered when this table was written, not from a fetched
copy: `verified=False` marks them, and they should be checked against the notice before a
warning based on them is acted on (the file interface's --minimum-wage overrides the table).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from homeward.regions.codes import city_of, county_of, is_code, province_of


@dataclass(frozen=True)
class Standard:
    province: str  # 2-digit code
    effective: date
    monthly: tuple[Decimal, ...]  # by tier, first tier first (yuan a month)
    hourly: tuple[Decimal, ...]  # by tier (yuan an hour, part-time work)
    source: str  # the document
    verified: tuple[bool, ...]  # per tier: the monthly figure checked against a copy


def _d(*values) -> tuple[Decimal, ...]:
    return tuple(Decimal(str(v)) for v in values)


STANDARDS: tuple[Standard, ...] = (
    # 江苏 (32): 一类 / 二类 / 三类
    Standard(
        "32",
        date(2021, 8, 1),
        _d(2280, 2070, 1840),
        _d(22, 20, 18),
        "江苏省人民政府关于调整全省最低工资标准的通知（苏政发〔2021〕60号），2021年8月1日起",
        (False, False, False),
    ),
    Standard(
        "32",
        date(2025, 1, 1),
        _d(2490, 2260, 2010),
        _d(24, 22, 20),
        "江苏省人民政府关于调整全省最低工资标准的通知（2024年），2025年1月1日起",
        (False, False, False),
    ),
    Standard(
        "32",
        date(2026, 1, 1),
        _d(2660, 2420, 2180),
        _d(25.5, 23, 21),
        "江苏省人力资源和社会保障厅关于调整江苏省最低工资标准的通知（苏人社规〔2025〕3号），"
        "2026年1月1日起",
        (True, False, False),
    ),
    # 四川 (51): 第一档 / 第二档 / 第三档
    Standard(
        "51",
        date(2022, 4, 1),
        _d(2100, 1970, 1870),
        _d(22, 21, 20),
        "四川省人民政府关于调整全省最低工资标准的通知（川府规〔2022〕2号），2022年4月1日起；"
        "人社部全国最低工资标准表（截至2026年1月1日）仍列第一档 2100 元",
        (True, False, False),
    ),
    # 湖南 (43): 第一档 / 第二档 / 第三档
    Standard(
        "43",
        date(2022, 4, 1),
        _d(1930, 1740, 1550),
        _d(19, 17, 15),
        "湖南省人民政府关于调整全省最低工资标准的通知（湘政发〔2022〕4号），2022年4月1日起",
        (False, False, False),
    ),
    Standard(
        "43",
        date(2025, 1, 1),
        _d(2100, 1900, 1700),
        _d(21, 19, 17),
        "湖南省人民政府关于调整全省最低工资标准的通知（2024年），2025年1月1日起；"
        "人社部全国最低工资标准表（截至2026年1月1日）列第一档 2100 元",
        (True, False, False),
    ),
)

# The tier (1 = first) of a county or city: the most specific code wins (county, then city).
TIERS: dict[str, int] = {
    # 宿迁市: the city's districts 二类, its counties 三类 except 沭阳 二类
    "3213": 2,
    "321302": 2,  # 宿城区
    "321311": 2,  # 宿豫区
    "321322": 2,  # 沭阳县
    "321323": 3,  # 泗阳县
    "321324": 3,  # 泗洪县
    # 内江市: 市中区、东兴区 第二档, its counties and 隆昌市 第三档
    "5110": 3,
    "511002": 2,  # 市中区
    "511011": 2,  # 东兴区
    "511024": 3,  # 威远县
    "511025": 3,  # 资中县
    "511083": 3,  # 隆昌市
    # 湘潭市: 市区 第一档, 湘乡市、韶山市、湘潭县 第二档
    "4303": 2,
    "430302": 1,  # 雨湖区
    "430304": 1,  # 岳塘区
    "430321": 2,  # 湘潭县
    "430381": 2,  # 湘乡市
    "430382": 2,  # 韶山市
}


def tier_of(region_code: str) -> int | None:
    """The tier of the place (a county, town or village answers its county's, else its city's)."""
    code = (region_code or "").strip()
    if not code.isdigit() or len(code) < 4 or not is_code(code):
        return None
    if len(code) >= 6 and county_of(code) in TIERS:
        return TIERS[county_of(code)]
    return TIERS.get(city_of(code))


def standard(region_code: str, on: date) -> Standard | None:
    """The standard in force at the place on the day (None outside the table or before it)."""
    if tier_of(region_code) is None:
        return None
    province = province_of(region_code)
    found = None
    for item in STANDARDS:
        if item.province == province and item.effective <= on:
            if found is None or item.effective > found.effective:
                found = item
    return found


def monthly(region_code: str, on: date) -> Decimal | None:
    """The monthly minimum wage (yuan) at the place on the day, or None when unknown."""
    item, tier = standard(region_code, on), tier_of(region_code)
    if item is None or tier is None or tier > len(item.monthly):
        return None
    return item.monthly[tier - 1]


def hourly(region_code: str, on: date) -> Decimal | None:
    """The hourly minimum wage (yuan, part-time work) at the place on the day, or None."""
    item, tier = standard(region_code, on), tier_of(region_code)
    if item is None or tier is None or tier > len(item.hourly):
        return None
    return item.hourly[tier - 1]


def source(region_code: str, on: date) -> str | None:
    """The document the answer of `monthly` comes from."""
    item = standard(region_code, on)
    return item.source if item else None
