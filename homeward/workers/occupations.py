"""The occupation catalogue: what migrant workers do, after the national occupational
classification (中华人民共和国职业分类大典, 2022 edition) — its major groups, and under them the
occupations the source documents' ledgers name most, each with the words people write for it.

Pure data and one function, no Django. `classify("电子厂普工")` → "assembler".
"""

import unicodedata

# Major groups of the 2022 classification (大类).
GROUPS = {
    "1": "党的机关、国家机关、群众团体和社会组织、企事业单位负责人",
    "2": "专业技术人员",
    "3": "办事人员和有关人员",
    "4": "社会生产服务和生活服务人员",
    "5": "农、林、牧、渔业生产及辅助人员",
    "6": "生产制造及有关人员",
    "7": "军人",
    "8": "不便分类的其他从业人员",
}

# code: (group, standard name, words people write). Longer, more specific words win.
OCCUPATIONS: dict[str, tuple[str, str, list[str]]] = {
    "welder": ("6", "焊工", ["电焊工", "气焊工", "氩弧焊工", "焊接工", "电焊", "焊工"]),
    "assembler": (
        "6",
        "装配工",
        [
            "普工",
            "装配工",
            "操作工",
            "流水线工人",
            "流水线",
            "电子厂",
            "工厂工人",
            "进厂",
            "组装工",
        ],
    ),
    "machinist": ("6", "机床操作工", ["车工", "铣工", "数控", "CNC", "机床", "钳工", "磨工"]),
    "electrician": ("6", "电工", ["电工", "水电工", "水电安装", "电气安装", "维修电工"]),
    "plumber": ("6", "管道工", ["管道工", "水暖工", "水管工"]),
    "bricklayer": ("6", "砌筑工", ["瓦工", "砌筑工", "泥瓦工", "泥工", "砖工"]),
    "rebar_worker": ("6", "钢筋工", ["钢筋工", "扎钢筋"]),
    "carpenter": ("6", "木工", ["木工", "模板工", "木匠"]),
    "concrete_worker": ("6", "混凝土工", ["混凝土工", "砼工"]),
    "scaffolder": ("6", "架子工", ["架子工", "搭架子"]),
    "painter": ("6", "油漆工", ["油漆工", "涂装工", "粉刷工", "腻子工"]),
    "decorator": ("6", "装饰装修工", ["装修工", "装饰工", "贴砖", "瓷砖工", "装修"]),
    "construction_labourer": ("6", "建筑工人", ["建筑工", "建筑小工", "小工", "工地", "建筑"]),
    "sewing_worker": ("6", "缝纫工", ["缝纫工", "车位工", "服装厂", "制衣", "缝纫"]),
    "food_processor": ("6", "食品加工工", ["食品加工", "食品厂", "屠宰", "肉类加工"]),
    "quality_inspector": ("6", "质检员", ["质检员", "质检", "检验员"]),
    "forklift_driver": ("6", "叉车司机", ["叉车司机", "叉车工", "叉车"]),
    "driver": ("4", "汽车驾驶员", ["货车司机", "司机", "驾驶员", "大车司机", "网约车", "出租车"]),
    "courier": ("4", "快递员", ["快递员", "快递", "分拣员", "快递分拣"]),
    "delivery_rider": (
        "4",
        "网约配送员",
        ["外卖骑手", "外卖员", "骑手", "网约配送员", "外卖", "送餐员"],
    ),
    "warehouse_worker": ("4", "仓储管理员", ["仓管", "仓库", "搬运工", "装卸工", "理货员", "物流"]),
    "cook": ("4", "中式烹调师", ["厨师", "烹调师", "大厨", "炒菜"]),
    "kitchen_helper": ("4", "厨工", ["帮厨", "厨工", "洗碗工", "配菜", "切配"]),
    "waiter": ("4", "餐厅服务员", ["服务员", "传菜员", "餐厅服务", "酒店服务"]),
    "cleaner": ("4", "保洁员", ["保洁员", "保洁", "清洁工", "环卫工", "环卫"]),
    "security_guard": ("4", "保安员", ["保安员", "保安", "门卫"]),
    "housekeeper": ("4", "家政服务员", ["家政", "保姆", "钟点工", "家政服务员"]),
    "childcare": ("4", "育婴员", ["育婴员", "月嫂", "育儿嫂"]),
    "elder_carer": ("4", "养老护理员", ["养老护理员", "护工", "护理员", "陪护"]),
    "salesperson": ("4", "营销员", ["销售", "营业员", "导购", "促销员", "业务员", "营销员"]),
    "cashier": ("4", "收银员", ["收银员", "收银"]),
    "hairdresser": ("4", "美发师", ["美发", "理发", "美容", "美甲"]),
    "livestreamer": ("4", "互联网营销师", ["直播", "主播", "带货", "电商", "网店", "互联网营销"]),
    "repairer": ("4", "维修工", ["维修工", "修理工", "汽修", "家电维修", "维修"]),
    "property_staff": ("4", "物业管理员", ["物业", "物业管理"]),
    "farmer": ("5", "农业生产人员", ["种植", "种地", "务农", "农民", "大棚", "果园", "茶农"]),
    "livestock_farmer": ("5", "畜牧养殖人员", ["养殖", "养猪", "养鸡", "养牛", "养羊", "畜牧"]),
    "fisher": ("5", "水产养殖人员", ["水产", "养鱼", "渔民", "养虾", "螃蟹"]),
    "office_clerk": ("3", "办事员", ["文员", "办公室", "行政", "前台", "会计", "出纳"]),
    "technician": ("2", "工程技术人员", ["技术员", "工程师", "施工员", "安全员", "资料员"]),
    "manager": ("1", "企业负责人", ["老板", "经理", "负责人", "个体户", "自己开店"]),
    "other": ("8", "其他从业人员", []),
}

# Every word with its occupation, longest first, so "水电安装" is found before "电工".
_WORDS = sorted(
    ((word, code) for code, (_, _, words) in OCCUPATIONS.items() for word in words),
    key=lambda pair: -len(pair[0]),
)


def name(code: str) -> str:
    return OCCUPATIONS[code][1] if code in OCCUPATIONS else ""


def classify(text: str | None) -> str | None:
    """The catalogue occupation that free text names, or None when nothing fits."""
    text = unicodedata.normalize("NFKC", text or "").strip().upper()
    if not text:
        return None
    for code, (_, standard, _) in OCCUPATIONS.items():
        if text == standard:
            return code
    for word, code in _WORDS:
        if word.upper() in text:
            return code
    return None


CHOICES = [(code, standard) for code, (_, standard, _) in OCCUPATIONS.items()]
