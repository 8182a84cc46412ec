"""Chinese free text → the codes the scan compares: occupations, skills, benefits.

Occupations go through the catalogue (`homeward.workers.occupations`): its synonyms first
("电焊工" and "焊工" are both `welder`; "普工", "装配工", "操作工" are `assembler`; "外卖骑手" and
"网约配送员" are `delivery_rider`), then, for text its synonyms do not name, a character-bigram Dice
similarity to every catalogue word ("焊接" is close to "焊接工"). Character bigrams suit Chinese:
words are not space-separated and most trade names are two to four characters, so two texts naming
the same trade share most of their bigrams. Pure Python, no Django.
"""

import unicodedata
from functools import lru_cache

from homeward.workers import occupations as catalogue

from . import weights


def normalize(text: str | None) -> str:
    """Full-width to half-width, upper-case Latin letters, no spaces or punctuation."""
    text = unicodedata.normalize("NFKC", text or "").upper()
    return "".join(ch for ch in text if ch.isalnum())


def bigrams(text: str) -> set[str]:
    text = normalize(text)
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams: 1 for the same text, 0 for nothing shared."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


# Families of related occupations: a 钢筋工 is a fair suggestion for a 瓦工, a 快递员 for a 骑手.
# Catalogue codes not listed form no family. (Proposed for the catalogue itself; see the report.)
FAMILIES: dict[str, tuple[str, ...]] = {
    "construction": (
        "bricklayer",
        "rebar_worker",
        "carpenter",
        "concrete_worker",
        "scaffolder",
        "painter",
        "decorator",
        "construction_labourer",
    ),
    "installation": ("electrician", "plumber", "repairer"),
    "factory": ("assembler", "sewing_worker", "food_processor", "quality_inspector"),
    "metalwork": ("welder", "machinist"),
    "steelwork": ("welder", "rebar_worker"),  # rebar is tied and welded on site
    "logistics": ("courier", "delivery_rider", "warehouse_worker", "forklift_driver", "driver"),
    "catering": ("cook", "kitchen_helper", "waiter"),
    "household": ("cleaner", "housekeeper", "childcare", "elder_carer"),
    "retail": ("salesperson", "cashier", "livestreamer"),
    "buildings": ("security_guard", "property_staff", "cleaner"),
    "farming": ("farmer", "livestock_farmer", "fisher"),
    "office": ("office_clerk", "technician"),
}

OCCUPATION_CODES: tuple[str, ...] = tuple(c for c in catalogue.OCCUPATIONS if c != "other")


def related(a: str, b: str) -> bool:
    return a != b and any(a in members and b in members for members in FAMILIES.values())


@lru_cache(maxsize=65536)
def place_occupation(text: str) -> tuple[str, float] | None:
    """(catalogue code, confidence 0–1) for free text, or None when it names no occupation.

    The catalogue's synonyms are sure (1.0); otherwise the closest catalogue word by bigram
    similarity, if at least `weights.MIN_TEXT_SIMILARITY`, with that similarity as confidence.
    """
    code = catalogue.classify(text)
    if code and code != "other":
        return code, 1.0
    text = normalize(text)
    if not text:
        return None
    best, best_code = 0.0, None
    for code, (_, standard, words) in catalogue.OCCUPATIONS.items():
        if code == "other":
            continue
        for word in (standard, *words):
            score = similarity(text, word)
            if score > best:
                best, best_code = score, code
    if best_code is None or best < weights.MIN_TEXT_SIMILARITY:
        return None
    return best_code, round(best, 3)


def occupation_name(code: str) -> str:
    return catalogue.name(code)


# Skills and certificates a job sheet asks for, by the words that name them. A text naming none
# of these still shows on the job sheet but earns no points (the scan compares codes).
SKILLS: dict[str, tuple[str, str]] = {
    # code: (name in reasons, words)
    "welding": ("焊接", "焊"),
    "electrical": ("电工", "电工证 低压电工 高压电工 电气 水电"),
    "forklift": ("叉车", "叉车"),
    "truck_licence": ("A/B 照", "A1 A2 A3 B1 B2 A照 B照 大车 货车驾驶 重型"),
    "car_licence": ("C 照", "C1 C2 C照 小车 驾照 驾驶证"),
    "excavator": ("挖掘机", "挖掘机 挖机 铲车 装载机"),
    "crane": ("起重", "起重 吊车 塔吊 行车 信号工"),
    "height_work": ("高处作业", "高处 高空 登高"),
    "cooking": ("烹饪", "厨师 烹饪 烹调 面点"),
    "health_cert": ("健康证", "健康证"),
    "sewing": ("缝纫", "缝纫 平车 车缝 锁边 裁剪"),
    "cnc": ("数控", "数控 CNC 编程 车床 铣床"),
    "drawings": ("识图", "识图 看图 图纸 CAD"),
    "computer": ("电脑", "电脑 EXCEL 办公软件 打字 WORD"),
    "care": ("护理", "护理 养老 护工 陪护"),
    "childcare": ("育婴", "育婴 月嫂 母婴 育儿"),
}
_SKILL_WORDS = sorted(
    ((normalize(word), code) for code, (_, words) in SKILLS.items() for word in words.split()),
    key=lambda pair: -len(pair[0]),
)


def skill_codes(texts) -> set[str]:
    found = set()
    for text in texts or []:
        text = normalize(text)
        for word, code in _SKILL_WORDS:
            if word in text:
                found.add(code)
    return found


def skill_name(code: str) -> str:
    return SKILLS[code][0]


# Benefits: the posting's codes (`homeward.jobs.models.Benefit`) and the words workers use for
# what they want. The scan scores four of them, the ones workers ask about.
BENEFITS = ("board", "lodging", "insurance", "transport")
BENEFIT_NAMES = {
    "board": "包吃",
    "lodging": "包住",
    "insurance": "交社保",
    "transport": "交通/班车",
}
_BENEFIT_WORDS = [
    ("包吃住", ("board", "lodging")),
    ("吃住", ("board", "lodging")),
    ("食宿", ("board", "lodging")),
    ("包吃", ("board",)),
    ("管吃", ("board",)),
    ("供餐", ("board",)),
    ("工作餐", ("board",)),
    ("餐补", ("board",)),
    ("包住", ("lodging",)),
    ("管住", ("lodging",)),
    ("宿舍", ("lodging",)),
    ("住宿", ("lodging",)),
    ("五险", ("insurance",)),
    ("社保", ("insurance",)),
    ("保险", ("insurance",)),
    ("公积金", ("insurance",)),
    ("班车", ("transport",)),
    ("交通", ("transport",)),
    ("路费", ("transport",)),
    ("车费", ("transport",)),
]
_BENEFIT_CODES = {
    "board": ("board",),
    "lodging": ("lodging",),
    "social_insurance": ("insurance",),
    "housing_fund": ("insurance",),
    "transport": ("transport",),
    "shuttle": ("transport",),
}


def benefit_codes(items) -> set[str]:
    """The scored benefits named by posting codes ("board") or words ("包吃住", "五险一金")."""
    found = set()
    for item in items or []:
        raw = str(item).strip().lower()
        if raw in _BENEFIT_CODES:
            found.update(_BENEFIT_CODES[raw])
            continue
        text = normalize(item)
        for word, codes in _BENEFIT_WORDS:
            if word in text:
                found.update(codes)
    return found
