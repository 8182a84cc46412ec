"""Synthetic workers that look like a real village's registry, for demos and benchmarks.

Pure: no Django. `people(villages, per_village, seed=…)` yields one dict of `Worker` fields per
person (plain text: the caller encrypts and hashes), the same people for the same arguments.

Where the shares come from — the national statistics bureau's migrant-worker monitoring survey
(农民工监测调查报告), read from reposts of the bureau's release:

* 2024 report (published 2025-04-30): 299.73 M migrant workers, of whom 178.71 M out-migrants
  (外出: 68.40 M across provinces, 110.31 M within the province) and 121.02 M local (本地);
  62.4 % men; age ≤ 40: 43.7 %, 41–50: 24.7 %, > 50: 31.6 % (average 43.2; local 46.8,
  out-migrant 39.0); industries: manufacturing 27.9 %, construction 14.3 %, wholesale/retail
  13.6 %, transport/storage/post 7.2 %, hotels/catering 7.1 %, resident/household services
  12.3 %; average monthly income 4,961 yuan (out-migrant 5,634, local 4,291; construction 5,743,
  manufacturing 4,978, resident services 4,023).
* 2023 report: education none 0.8 %, primary 13.8 %, junior secondary 52.1 %, senior secondary
  17.5 %, college and above 15.8 %.

Everything else is an ASSUMPTION, marked so where it is set: the survey counts people at work,
while a village registry also holds returnees looking for work, returnee entrepreneurs, people in
flexible work and people not yet surveyed; the age split within out-migrants and local workers;
incomes of the industries the brief does not give; low-income shares; consent; names.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from homeward.codes import idnumber
from homeward.regions.codes import county_of, province_of
from homeward.workers import occupations

_CHINA = timezone(timedelta(hours=8))


class Weighted:
    """A weighted choice that costs one random() and one bisect."""

    __slots__ = ("values", "cum", "total")

    def __init__(self, pairs: Iterable[tuple[object, float]]):
        self.values: list = []
        self.cum: list[float] = []
        total = 0.0
        for value, weight in pairs:
            if weight <= 0:
                continue
            total += weight
            self.values.append(value)
            self.cum.append(total)
        self.total = total

    def __call__(self, rnd: random.Random):
        return self.values[bisect_right(self.cum, rnd.random() * self.total)]

    def shares(self) -> dict:
        previous, out = 0.0, {}
        for value, cum in zip(self.values, self.cum, strict=True):
            out[value] = (cum - previous) / self.total
            previous = cum
        return out


# --- Survey figures -----------------------------------------------------------------------

# 2024 report, millions.
SURVEY_TOTAL = 299.73
SURVEY_OUT_MIGRANT = 178.71
SURVEY_LOCAL = 121.02
SURVEY_ACROSS_PROVINCES = 68.40
SURVEY_WITHIN_PROVINCE = 110.31
MALE_SHARE = 0.624  # 2024 report

AGE_BANDS = {"<=40": 0.437, "41-50": 0.247, ">50": 0.316}  # 2024 report
AVERAGE_AGE = 43.2  # 2024 report (local 46.8, out-migrant 39.0)

# 2024 report, share of migrant workers by industry; "other" is the rest (agriculture, mining,
# utilities, public services, offices …).
INDUSTRY_SHARES = {
    "manufacturing": 0.279,
    "construction": 0.143,
    "wholesale_retail": 0.136,
    "transport": 0.072,
    "hotels_catering": 0.071,
    "household_services": 0.123,
}
INDUSTRY_SHARES["other"] = round(1 - sum(INDUSTRY_SHARES.values()), 3)  # 0.176

# Average monthly income, yuan. 2024 report: construction, manufacturing, resident services,
# out-migrant, local, overall. ASSUMPTION: the other four industries, chosen so that the
# industry-weighted mean is the report's overall 4,961.
INCOME_OVERALL = 4961
INCOME_OUT_MIGRANT = 5634
INCOME_LOCAL = 4291
INDUSTRY_INCOME = {
    "manufacturing": 4978,
    "construction": 5743,
    "household_services": 4023,
    "wholesale_retail": 4300,  # ASSUMPTION
    "transport": 5600,  # ASSUMPTION
    "hotels_catering": 4200,  # ASSUMPTION
    "other": 5500,  # ASSUMPTION (mining, utilities, offices, public services pay more)
}

# 2023 report; "college and above" split into 大专 / 本科 / 研究生 by ASSUMPTION (2:1, a few).
EDUCATION_SHARES = {
    "none": 0.008,
    "primary": 0.138,
    "junior_high": 0.521,
    "senior_high": 0.175,
    "vocational": 0.105,
    "college": 0.051,
    "bachelor": 0.002,
}

# Employment status in a village registry. The survey's split of people at work (out-migrant
# 178.71 M vs local 121.02 M of 299.73 M) holds for the 85 % at work; the other 15 % are an
# ASSUMPTION: returned and looking for work 5 %, returned and running a business 2 %, flexible
# work 5 %, not yet surveyed (no status) 3 %.
AT_WORK = 0.85
STATUS_SHARES = {
    "out_migrant": AT_WORK * SURVEY_OUT_MIGRANT / SURVEY_TOTAL,
    "local_employed": AT_WORK * SURVEY_LOCAL / SURVEY_TOTAL,
    "returned_unemployed": 0.05,
    "returned_entrepreneur": 0.02,
    "flexible": 0.05,
    "": 0.03,
}

# Out-migrants by where they work: across provinces 68.40 M vs within the province 110.31 M
# (2024 report). ASSUMPTION: within the province, 25 % stay in the county (outside their
# town), 30 % in the city, 45 % elsewhere in the province.
_WITHIN = SURVEY_WITHIN_PROVINCE / SURVEY_OUT_MIGRANT
OUT_MIGRANT_SCOPES = {
    "out_of_province": SURVEY_ACROSS_PROVINCES / SURVEY_OUT_MIGRANT,
    "in_county": _WITHIN * 0.25,
    "in_city": _WITHIN * 0.30,
    "in_province": _WITHIN * 0.45,
}

# ASSUMPTION: out-migrants are younger (≤40: 55 %, 41–50: 25 %, >50: 20 %); local workers get
# whatever keeps the whole at the report's 43.7 / 24.7 / 31.6 (≈ 27 / 24 / 49 %). With the ages
# inside each band below, the averages come out near the report's 39.0 and 46.8.
OUT_MIGRANT_BANDS = {"<=40": 0.55, "41-50": 0.25, ">50": 0.20}
_OUT = SURVEY_OUT_MIGRANT / SURVEY_TOTAL
LOCAL_BANDS = {
    band: (share - _OUT * OUT_MIGRANT_BANDS[band]) / (1 - _OUT) for band, share in AGE_BANDS.items()
}
# Ages within each band, 16–65 (ASSUMPTION, after the finer groups of earlier reports: few
# under 21, most of the young in their thirties, fewer in their sixties); the average comes out
# near the report's 43.2.
BAND_AGES = {
    "<=40": [(age, 0.3 if age <= 20 else 1.7 if age <= 30 else 2.5) for age in range(16, 41)],
    "41-50": [(age, 1.0) for age in range(41, 51)],
    ">50": [(age, 2.26 if age <= 60 else 1.8) for age in range(51, 66)],
}

# ASSUMPTION: the young went to school longer. Rows for ≤40 and 41–50 are set; the row for >50
# is whatever keeps the whole at the 2023 report's shares.
_EDU_YOUNG = {
    "none": 0.002,
    "primary": 0.04,
    "junior_high": 0.45,
    "senior_high": 0.22,
    "vocational": 0.19,
    "college": 0.094,
    "bachelor": 0.004,
}
_EDU_MIDDLE = {
    "none": 0.005,
    "primary": 0.12,
    "junior_high": 0.60,
    "senior_high": 0.17,
    "vocational": 0.075,
    "college": 0.03,
    "bachelor": 0.0,
}
EDUCATION_BY_BAND = {
    "<=40": _EDU_YOUNG,
    "41-50": _EDU_MIDDLE,
    ">50": {
        code: max(
            0.0,
            (share - AGE_BANDS["<=40"] * _EDU_YOUNG[code] - AGE_BANDS["41-50"] * _EDU_MIDDLE[code])
            / AGE_BANDS[">50"],
        )
        for code, share in EDUCATION_SHARES.items()
    },
}

# ASSUMPTIONS.
LOW_INCOME_SHARES = {"poverty_alleviated": 0.06, "monitored": 0.01, "low_income": 0.02, "": 0.91}
CONSENT_SHARE = 0.85
PHONE_SHARE = 0.96  # people with a mobile number on file

# --- Words -----------------------------------------------------------------------------------

# Common surnames with their rough national frequency in per cent (ASSUMPTION: public
# surname rankings; the long tail is left out).
SURNAMES = {
    "王": 7.1, "李": 7.0, "张": 6.7, "刘": 5.4, "陈": 4.5, "杨": 3.1, "黄": 2.2, "赵": 2.0,
    "吴": 2.0, "周": 1.9, "徐": 1.6, "孙": 1.5, "马": 1.4, "朱": 1.3, "胡": 1.3, "郭": 1.2,
    "何": 1.2, "高": 1.1, "林": 1.1, "罗": 1.1, "郑": 1.0, "梁": 0.9, "谢": 0.8, "宋": 0.8,
    "唐": 0.8, "许": 0.7, "韩": 0.7, "冯": 0.7, "邓": 0.7, "曹": 0.7, "彭": 0.6, "曾": 0.6,
    "肖": 0.6, "田": 0.6, "董": 0.6, "袁": 0.5, "潘": 0.5, "于": 0.5, "蒋": 0.5, "蔡": 0.5,
    "余": 0.5, "杜": 0.5, "叶": 0.5, "程": 0.5, "苏": 0.4, "魏": 0.4, "吕": 0.4, "丁": 0.4,
    "任": 0.4, "沈": 0.4, "姚": 0.4, "卢": 0.4, "姜": 0.3, "崔": 0.3, "钟": 0.3, "谭": 0.3,
    "陆": 0.3, "汪": 0.3, "范": 0.3, "金": 0.3, "石": 0.3, "廖": 0.3, "贾": 0.3, "夏": 0.3,
    "韦": 0.3, "付": 0.3, "方": 0.3, "白": 0.2, "邹": 0.2, "孟": 0.2, "熊": 0.2, "秦": 0.2,
    "邱": 0.2, "江": 0.2, "尹": 0.2, "薛": 0.2, "闫": 0.2, "段": 0.2, "雷": 0.2, "侯": 0.2,
    "龙": 0.2, "史": 0.2, "陶": 0.2, "黎": 0.2, "贺": 0.2, "顾": 0.2, "毛": 0.2, "郝": 0.2,
    "龚": 0.2, "邵": 0.2, "万": 0.2, "钱": 0.2, "严": 0.2, "覃": 0.1, "武": 0.1, "戴": 0.1,
    "莫": 0.1, "孔": 0.1, "向": 0.1, "汤": 0.1,
}  # fmt: skip
# ASSUMPTION: villages are clannish; a third of a village carries one of its two own surnames.
CLAN_SHARE = 0.33

# Characters of given names, by sex and by generation (born before 1980 or after).
GIVEN = {
    ("male", "old"): "建国军明华平强伟林海德福文志勇春成忠兵生荣金贵宝发广中山根友新祥永庆东",
    ("male", "young"): "浩杰涛磊鹏宇斌超波辉俊晨阳子轩博文凯鑫飞龙帅亮健峰旭豪然泽昊睿航",
    ("female", "old"): "秀英兰芳桂玉珍凤华梅红霞琴云莲翠萍菊美丽燕春娟香花荣素娥",
    ("female", "young"): "婷雪静丽颖敏琳欣怡悦佳倩璐雯思梦瑶晶丹蕾露萱涵月雨妍诗琪",
}
ONE_CHARACTER_GIVEN = 0.22  # ASSUMPTION

# Occupations as people write them in ledgers, per industry, with weights for men and women.
# Every text names an occupation of occupations.py (a test checks that classify() finds it).
OCCUPATION_TEXTS: dict[str, list[tuple[str, float, float]]] = {
    "manufacturing": [
        ("普工", 6, 7), ("电子厂普工", 4, 6), ("流水线工人", 2, 3), ("操作工", 4, 3),
        ("进厂打工", 1, 1), ("电焊工", 3, 0.2), ("电焊", 1, 0), ("车工", 1, 0.1),
        ("数控车床", 1, 0.2), ("CNC操作", 1, 0.3), ("钳工", 1, 0), ("缝纫工", 0.5, 4),
        ("服装厂车位", 0.3, 2), ("食品厂", 1, 2), ("质检", 0.5, 1.5), ("叉车工", 1.5, 0),
        ("装配工", 2, 1.5), ("组装工", 1, 1.5), ("模具钳工", 0.5, 0),
    ],
    "construction": [
        ("瓦工", 3, 0.2), ("泥瓦工", 2, 0.2), ("钢筋工", 3, 0.3), ("木工", 3, 0.1),
        ("模板工", 1, 0), ("架子工", 1.5, 0), ("建筑小工", 2, 3), ("工地小工", 1.5, 2),
        ("水电工", 2, 0.1), ("油漆工", 1, 1), ("装修", 1, 0.5), ("贴砖", 1, 0),
        ("混凝土工", 1, 0.2), ("工地", 1, 1), ("电焊工", 1, 0), ("建筑工人", 1, 1),
        ("砼工", 0.3, 0),
    ],
    "wholesale_retail": [
        ("销售", 3, 3), ("营业员", 1, 3), ("导购", 0.5, 3), ("超市收银员", 0.3, 2),
        ("收银", 0.2, 1.5), ("理货员", 1, 1), ("业务员", 3, 1), ("电商客服", 0.5, 1.5),
        ("带货主播", 0.3, 1), ("促销员", 0.5, 1), ("网店", 0.5, 0.5),
    ],
    "transport": [
        ("货车司机", 4, 0.1), ("司机", 3, 0.2), ("快递员", 2, 0.5), ("快递分拣", 1, 1.5),
        ("外卖骑手", 2.5, 0.3), ("外卖", 1, 0.2), ("网约车司机", 1, 0.1), ("装卸工", 1, 0),
        ("搬运工", 1, 0), ("物流", 1, 1), ("仓管", 0.5, 1), ("大车司机", 0.5, 0),
    ],
    "hotels_catering": [
        ("厨师", 3, 1), ("服务员", 1.5, 4), ("帮厨", 1, 1.5), ("洗碗工", 0.3, 1.5),
        ("传菜员", 0.5, 1), ("酒店服务员", 0.5, 1.5), ("配菜", 0.5, 0.5), ("饭店厨师", 1, 0.3),
    ],
    "household_services": [
        ("保洁", 0.5, 4), ("保姆", 0, 2.5), ("家政", 0.2, 2.5), ("月嫂", 0, 2),
        ("育儿嫂", 0, 1), ("护工", 0.5, 2), ("保安", 4, 0.3), ("美发", 1, 1), ("理发", 0.5, 0.2),
        ("汽修", 2, 0), ("家电维修", 1, 0), ("修理工", 1, 0), ("物业", 1, 1), ("钟点工", 0, 1),
        ("养老护理员", 0.2, 1), ("门卫", 1.5, 0.2),
    ],
    "other": [
        ("种植", 2, 2), ("养殖", 2, 1.5), ("务农", 1.5, 1.5), ("大棚种植", 1, 1), ("养鱼", 0.5, 0.2),
        ("养猪", 0.5, 0.3), ("文员", 0.5, 2), ("会计", 0.3, 1), ("技术员", 1.5, 0.3),
        ("施工员", 0.8, 0.1), ("安全员", 0.5, 0.1), ("环卫工", 1, 1.5), ("清洁工", 0.5, 1),
        ("个体户", 1, 1), ("前台", 0.1, 1), ("果园", 0.5, 0.5),
    ],
}  # fmt: skip

# What a returnee entrepreneur writes (ASSUMPTION).
ENTREPRENEUR_TEXTS = [
    ("个体户", 3), ("自己开店", 2), ("养殖", 2), ("大棚种植", 1.5), ("开网店", 1),
    ("直播带货", 0.5), ("餐馆老板", 1), ("装修", 1), ("汽修", 0.5), ("果园", 0.5),
]  # fmt: skip

# Employer names: place + brand word + trade (ASSUMPTION; invented, not real companies).
BRANDS = (
    "宏达 鑫源 恒泰 华盛 永兴 金鼎 盛世 远航 天成 瑞丰 嘉禾 万达通 新宇 信诚 众合 康泰 隆昌".split()
)
TRADES = {
    "manufacturing": ["电子科技有限公司", "精密制造有限公司", "服装有限公司", "食品有限公司",
                      "机械有限公司", "新材料有限公司"],
    "construction": ["建筑工程有限公司", "建设集团有限公司", "装饰工程有限公司", "劳务有限公司"],
    "wholesale_retail": ["商贸有限公司", "超市有限公司", "电子商务有限公司"],
    "transport": ["物流有限公司", "运输有限公司", "供应链管理有限公司"],
    "hotels_catering": ["餐饮管理有限公司", "酒店管理有限公司"],
    "household_services": ["家政服务有限公司", "物业管理有限公司", "保安服务有限公司"],
    "other": ["农业发展有限公司", "环境服务有限公司", "科技有限公司"],
}  # fmt: skip
EMPLOYER_SHARE = 0.6  # of people at work, how many ledgers name the employer (ASSUMPTION)

SKILLS = {
    "manufacturing": ["电焊", "叉车证", "会看图纸", "数控编程", "钳工"],
    "construction": ["会看图纸", "电工证", "砌墙", "扎钢筋", "木工手艺"],
    "wholesale_retail": ["会用电脑", "直播", "普通话好"],
    "transport": ["C1驾照", "B2驾照", "A2驾照", "叉车证"],
    "hotels_catering": ["会做川菜", "面点", "厨师证"],
    "household_services": ["会带孩子", "会做饭", "护理", "育婴员证"],
    "other": ["会用电脑", "种植技术", "养殖技术"],
}
SKILLS_SHARE = 0.3  # ASSUMPTION
TRAINING = ["电工", "焊工", "叉车", "挖掘机", "中式烹调", "育婴员", "养老护理", "电商直播",
            "家政服务", "汽车维修", "美容美发", "电脑办公"]  # fmt: skip

PROVINCES = {
    "11": "北京市", "12": "天津市", "31": "上海市", "32": "江苏省", "33": "浙江省",
    "35": "福建省", "42": "湖北省", "43": "湖南省", "44": "广东省", "50": "重庆市",
    "51": "四川省", "65": "新疆维吾尔自治区",
}  # fmt: skip
# Where out-of-province migrants go (ASSUMPTION: the coastal hubs, weighted roughly).
DESTINATIONS = [
    ("44", "深圳市", 8), ("44", "东莞市", 6), ("44", "广州市", 5), ("44", "佛山市", 3),
    ("33", "杭州市", 4), ("33", "宁波市", 3), ("33", "温州市", 2), ("31", "", 7),
    ("32", "苏州市", 5), ("32", "昆山市", 2), ("11", "", 3), ("35", "厦门市", 2),
    ("35", "泉州市", 2), ("50", "", 2), ("12", "", 1), ("65", "乌鲁木齐市", 1),
    ("42", "武汉市", 2),
]  # fmt: skip
# Cities within the seed provinces (elsewhere: "省内").
PROVINCE_CITIES = {
    "32": ["南京市", "苏州市", "无锡市", "常州市", "南通市", "徐州市", "扬州市", "昆山市"],
    "51": ["成都市", "绵阳市", "德阳市", "宜宾市", "泸州市", "自贡市"],
    "43": ["长沙市", "株洲市", "湘潭市", "岳阳市", "衡阳市", "常德市"],
}
IN_CITY_PLACES = ["市区", "市经济开发区", "市高新区"]
IN_COUNTY_PLACES = ["县城", "县经济开发区", "县工业园区"]
IN_TOWN_PLACES = ["本镇", "镇工业集中区", "本村", "镇上"]

# Mobile number segments in use (130–139, 15x, 17x, 18x, 19x …).
PHONE_PREFIXES = [
    *range(130, 140), 145, 147, 150, 151, 152, 153, 155, 156, 157, 158, 159, 166,
    170, 171, 173, 175, 176, 177, 178, *range(180, 190), 191, 193, 195, 196, 197, 198, 199,
]  # fmt: skip

CHINESE_NUMERALS = "一二三四五六七八九十"

# --- The generator ---------------------------------------------------------------------------

_STATUS = Weighted(STATUS_SHARES.items())
_OUT_SCOPE = Weighted(OUT_MIGRANT_SCOPES.items())
_BANDS_OUT = Weighted(OUT_MIGRANT_BANDS.items())
_BANDS_LOCAL = Weighted(LOCAL_BANDS.items())
_BANDS_ALL = Weighted(AGE_BANDS.items())
_AGES = {band: Weighted(pairs) for band, pairs in BAND_AGES.items()}
_EDUCATION = {band: Weighted(shares.items()) for band, shares in EDUCATION_BY_BAND.items()}
_INDUSTRY = Weighted(INDUSTRY_SHARES.items())
_SURNAME = Weighted(SURNAMES.items())
_OCCUPATION = {
    (industry, sex): Weighted((text, m if sex == "male" else f) for text, m, f in texts)
    for industry, texts in OCCUPATION_TEXTS.items()
    for sex in ("male", "female")
}
_ENTREPRENEUR = Weighted(ENTREPRENEUR_TEXTS)
_LOW_INCOME = Weighted(LOW_INCOME_SHARES.items())
_DESTINATION = Weighted(((p, c), w) for p, c, w in DESTINATIONS)
_INTENTION = {
    # ASSUMPTION: intentions by status.
    "out_migrant": Weighted([("go_out", 60), ("local", 25), ("undecided", 15)]),
    "local_employed": Weighted([("local", 85), ("undecided", 10), ("go_out", 5)]),
    "returned_unemployed": Weighted(
        [("local", 55), ("go_out", 25), ("undecided", 15), ("start_business", 5)]
    ),
    "returned_entrepreneur": Weighted([("start_business", 80), ("local", 20)]),
    "flexible": Weighted([("local", 60), ("undecided", 25), ("go_out", 15)]),
    "": Weighted([("", 60), ("undecided", 40)]),
}
_CLASSIFIED: dict[str, str] = {}


def _classify(text: str) -> str:
    code = _CLASSIFIED.get(text)
    if code is None:
        code = _CLASSIFIED[text] = occupations.classify(text) or ""
    return code


def today_in_china() -> date:
    return datetime.now(_CHINA).date()


def _money(value: float, step: int = 100) -> Decimal:
    return Decimal(int(round(value / step)) * step)


def _money_up(value: float, step: int) -> Decimal:
    return Decimal(-(-int(value) // step) * step)


def people(
    villages: Sequence[str],
    per_village: int,
    *,
    seed: int = 1,
    today: date | None = None,
    spread: float = 0.0,
) -> Iterator[dict]:
    """Yield synthetic people, `per_village` in each village (± `spread`, a fraction).

    Each dict holds `Worker` field values (plain ID and phone numbers) plus "industry". ID and
    mobile numbers are unique within one call; the same arguments give the same people.
    """
    return Generator(seed=seed, today=today).people(villages, per_village, spread=spread)


class Generator:
    """Keeps the numbers handed out, so that several calls with one generator never repeat."""

    def __init__(self, *, seed: int = 1, today: date | None = None):
        self.rnd = random.Random(seed)
        self.today = today or today_in_china()
        self.used_ids: set[int] = set()
        self.used_phones: set[int] = set()
        self._ordinal_today = self.today.toordinal()

    def people(
        self, villages: Sequence[str], per_village: int, *, spread: float = 0.0
    ) -> Iterator[dict]:
        rnd = self.rnd
        for village in villages:
            count = per_village
            if spread:
                count = max(0, round(per_village * (1 + spread * (2 * rnd.random() - 1))))
            clans = _SURNAME(rnd), _SURNAME(rnd)
            for _ in range(count):
                yield self.person(village, clans)

    # One person.

    def person(self, village: str, clans: tuple[str, str] = ("王", "李")) -> dict:
        rnd = self.rnd
        male = rnd.random() < MALE_SHARE
        gender = "male" if male else "female"
        status = _STATUS(rnd)
        if status == "out_migrant":
            band = _BANDS_OUT(rnd)
        elif status == "local_employed":
            band = _BANDS_LOCAL(rnd)
        else:
            band = _BANDS_ALL(rnd)
        age = _AGES[band](rnd)
        birth = self._birth_date(age)
        id_number = self._id_number(county_of(village), birth, male)

        # Name: a clan surname for a third of the village, else the national mix.
        if rnd.random() < CLAN_SHARE:
            surname = clans[0] if rnd.random() < 0.65 else clans[1]
        else:
            surname = _SURNAME(rnd)
        pool = GIVEN[(gender, "old" if birth.year < 1980 else "young")]
        given = rnd.choice(pool)
        if rnd.random() >= ONE_CHARACTER_GIVEN:
            given += rnd.choice(pool)
        name = surname + given

        industry = _INDUSTRY(rnd)
        if status == "returned_entrepreneur":
            occupation_text = _ENTREPRENEUR(rnd)
        elif status == "" and rnd.random() < 0.5:
            occupation_text = ""
        else:
            occupation_text = _OCCUPATION[(industry, gender)](rnd)

        work_scope, work_place = self._work_place(status, village)
        employer = ""
        if status in ("out_migrant", "local_employed") and rnd.random() < EMPLOYER_SHARE:
            city = work_place if work_place.endswith("市") and "省" not in work_place else ""
            if "省" in work_place:
                city = work_place.split("省", 1)[1]
            employer = f"{city}{rnd.choice(BRANDS)}{rnd.choice(TRADES[industry])}"

        income = self._income(status, industry)
        expected = None
        if status in ("returned_unemployed", "flexible", "") or rnd.random() < 0.7:
            base = float(income) if income else INCOME_LOCAL * rnd.lognormvariate(0, 0.2)
            expected = _money_up(base * (1 + 0.25 * rnd.random()), 500)
            if income is None and status == "":
                expected = None if rnd.random() < 0.5 else expected

        returned_on = since = None
        if status == "returned_unemployed":
            returned_on = self._days_ago(rnd.randint(5, 365))
            since = returned_on
        elif status == "returned_entrepreneur":
            returned_on = self._days_ago(rnd.randint(180, 5 * 365))
            since = min(self.today, returned_on + timedelta(days=rnd.randint(0, 180)))
        elif status:
            since = self._days_ago(rnd.randint(0, 3 * 365))

        needs = self._needs(status, age, rnd)
        return {
            "name": name,
            "gender": gender,
            "birth_date": birth,
            "id_number": id_number,
            "phone": self._phone() if rnd.random() < PHONE_SHARE else "",
            "region_id": village,
            "address": f"{CHINESE_NUMERALS[rnd.randrange(10)]}组",
            "status": status,
            "status_since": since,
            "work_scope": work_scope,
            "work_place": work_place,
            "employer_name": employer,
            "occupation_text": occupation_text,
            "occupation": _classify(occupation_text) if occupation_text else "",
            "industry": industry,
            "skills": rnd.choice(SKILLS[industry]) if rnd.random() < SKILLS_SHARE else "",
            "education": _EDUCATION[band](rnd),
            "monthly_income": income,
            "expected_wage": expected,
            "intention": _INTENTION[status](rnd),
            "training_wish": rnd.choice(TRAINING) if "training" in needs else "",
            "service_needs": ",".join(needs),
            "low_income": _LOW_INCOME(rnd),
            "consents_to_contact": rnd.random() < CONSENT_SHARE,
            "returned_on": returned_on,
        }

    def _days_ago(self, days: int) -> date:
        return date.fromordinal(self._ordinal_today - days)

    def _birth_date(self, age: int) -> date:
        """A birth date on which someone is `age` years old today."""
        latest = _years_before(self.today, age)  # the birthday of someone just turned `age`
        earliest = _years_before(self.today, age + 1) + timedelta(days=1)
        span = (latest - earliest).days
        return date.fromordinal(earliest.toordinal() + self.rnd.randint(0, span))

    def _id_number(self, county: str, birth: date, male: bool) -> str:
        while True:
            number = idnumber.make(county, birth, self.rnd.randrange(500), male)
            key = int(number[:17])
            if key not in self.used_ids:
                self.used_ids.add(key)
                return number

    def _phone(self) -> str:
        while True:
            number = self.rnd.choice(PHONE_PREFIXES) * 10**8 + self.rnd.randrange(10**8)
            if number not in self.used_phones:
                self.used_phones.add(number)
                return str(number)

    def _work_place(self, status: str, village: str) -> tuple[str, str]:
        rnd = self.rnd
        province = province_of(village)
        if status == "out_migrant":
            scope = _OUT_SCOPE(rnd)
            if scope == "out_of_province":
                while True:
                    code, city = _DESTINATION(rnd)
                    if code != province:
                        break
                return scope, PROVINCES[code] + city
            if scope == "in_province":
                cities = PROVINCE_CITIES.get(province)
                return scope, rnd.choice(cities) if cities else "省内"
            if scope == "in_city":
                return scope, rnd.choice(IN_CITY_PLACES)
            return scope, rnd.choice(IN_COUNTY_PLACES)
        if status == "local_employed":
            # The survey's "local" means within the home town (乡镇).
            return "in_town", rnd.choice(IN_TOWN_PLACES)
        if status in ("flexible", "returned_entrepreneur"):
            if rnd.random() < 0.6:
                return "in_town", rnd.choice(IN_TOWN_PLACES)
            return "in_county", rnd.choice(IN_COUNTY_PLACES)
        return "", ""

    def _income(self, status: str, industry: str) -> Decimal | None:
        """Monthly income: the industry's mean, scaled for out-migrant or local, with spread."""
        rnd = self.rnd
        base = INDUSTRY_INCOME[industry] / INCOME_OVERALL
        if status == "out_migrant":
            mean = base * INCOME_OUT_MIGRANT
        elif status == "local_employed":
            mean = base * INCOME_LOCAL
        elif status == "flexible":
            mean = base * INCOME_LOCAL * 0.85  # ASSUMPTION: flexible work pays less
            return _money(max(1500.0, mean * rnd.lognormvariate(-0.0392, 0.28)))
        elif status == "returned_entrepreneur":
            mean = base * INCOME_LOCAL * 1.2  # ASSUMPTION
            return _money(max(1500.0, mean * rnd.lognormvariate(-0.125, 0.5)))
        else:
            return None
        # Log-normal with mean 1: sigma 0.28 puts four in five within ±35 % (ASSUMPTION); no
        # full-time job pays under 2,000 (about the lowest minimum wage of the seed provinces).
        return _money(max(2000.0, mean * rnd.lognormvariate(-0.0392, 0.28)))

    @staticmethod
    def _needs(status: str, age: int, rnd: random.Random) -> list[str]:
        """Service needs in ServiceNeed order (ASSUMPTION: shares by status and age)."""
        job = {"returned_unemployed": 0.9, "flexible": 0.6, "": 0.3}.get(status, 0.2)
        loan = 0.5 if status == "returned_entrepreneur" else 0.02
        needs = []
        if rnd.random() < job:
            needs.append("job")
        if rnd.random() < (0.35 if age < 45 else 0.15):
            needs.append("training")
        if rnd.random() < loan:
            needs.append("startup_loan")
        if rnd.random() < 0.03:
            needs.append("legal_aid")
        if 26 <= age <= 45 and rnd.random() < 0.15:
            needs.append("children_schooling")
        if rnd.random() < 0.15:
            needs.append("social_insurance")
        if rnd.random() < 0.03:
            needs.append("housing")
        return needs


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)
