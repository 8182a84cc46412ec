"""The registry's vocabularies: stored codes and the Chinese words ledgers use for them, and the
legal age for work that the registry, the postings and matching share.

Pure data, no Django: the ledger parser maps what clerks write to these codes, and the models'
choices use the same codes (a test keeps the two in step). The first word of each list is the
standard label; the rest are the variants seen in village ledgers.
"""

# 劳动法 art. 15: no one under 16 may be employed. Posting forms, applications and matching's hard
# rule all read it from here.
MINIMUM_WORKING_AGE = 16
# The oldest age a posting may ask for: work past 75 is not what the platform places people in
# (retirement is at 60/55 to 63/58; 农村 labour surveys count to 75). Forms, the database's check
# constraint and matching's encoder read it from here (homeward.codes.bounds).
MAXIMUM_WORKING_AGE = 75

EMPLOYMENT_STATUS = {
    "out_migrant": ["外出务工", "外出", "在外务工", "外地务工", "省外务工", "县外务工", "外出就业"],
    "local_employed": ["本地就业", "就地就业", "就近就业", "本地务工", "县内就业", "在家务工"],
    "returned_unemployed": ["返乡待业", "返乡未就业", "返乡", "返乡在家", "待业"],
    "returned_entrepreneur": ["返乡创业", "创业", "自主创业", "个体经营"],
    "flexible": ["灵活就业", "打零工", "零工", "临时工", "灵活"],
    "unemployed": ["失业", "未就业", "无业", "失业在家"],
    "not_in_labour_force": ["不在劳动力范围", "在校", "在校学生", "丧失劳动能力", "退休", "病残"],
}

WORK_SCOPE = {
    "in_town": ["乡镇内", "镇内", "本乡镇", "乡内", "本镇"],
    "in_county": ["县内", "县内乡外", "本县", "县内镇外", "区内"],
    "in_city": ["市内", "市内县外", "本市"],
    "in_province": ["省内", "省内市外", "本省", "省内县外"],
    "out_of_province": ["省外", "出省", "外省", "跨省"],
}

INTENTION = {
    "local": ["本地就业", "就近就业", "想在家门口就业", "本地", "就近"],
    "go_out": ["外出务工", "外出", "出去打工"],
    "undecided": ["未定", "不确定", "待定", "无", "暂无"],
    "start_business": ["返乡创业", "创业", "自主创业"],
}

# Schooling in rising order: matching compares ranks in this order, a posting asks for a level
# or higher. The code "bachelor" means postgraduate (研究生), "college" a university degree (本科):
# the names of the first schema, kept because stored rows and `homeward match files` use them.
EDUCATION = {
    "none": ["未上过学", "文盲", "无", "不识字"],
    "primary": ["小学"],
    "junior_high": ["初中"],
    "senior_high": ["高中", "中专", "职高", "技校"],
    "vocational": ["大专", "高职"],
    "college": ["本科", "大学"],
    "bachelor": ["研究生", "硕士", "博士"],
}
EDUCATION_LEVELS = tuple(EDUCATION)

SERVICE_NEEDS = {
    "job": ["就业", "找工作", "岗位", "就业服务", "求职"],
    "training": ["培训", "技能培训", "职业培训"],
    "startup_loan": ["创业贷款", "创业担保贷款", "贷款", "创业扶持"],
    "legal_aid": ["法律援助", "维权", "欠薪"],
    "children_schooling": ["子女入学", "子女就学", "入学"],
    "social_insurance": ["社保", "社会保险", "医保"],
    "housing": ["住房", "租房"],
}

LOW_INCOME = {
    "poverty_alleviated": ["脱贫户", "脱贫人口", "建档立卡户", "脱贫"],
    "monitored": ["监测户", "监测对象", "防返贫监测户", "边缘户"],
    "low_income": ["低收入", "低保户", "低收入人口", "低保", "特困"],
}

STATUS_SOURCE = ("survey", "import", "staff", "portal")


def lookup(vocabulary: dict[str, list[str]], text: str) -> str | None:
    """The code whose words match `text` exactly, or else the one whose word it contains."""
    text = (text or "").strip()
    if not text:
        return None
    for code, words in vocabulary.items():
        if text == code or text in words:
            return code
    for code, words in vocabulary.items():
        if any(word in text for word in words if len(word) >= 2):
            return code
    return None
