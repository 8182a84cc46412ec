"""The source documents' targets and checklist as data (`homeward targets seed --year`).

湘乡 (seeds/004, 湘乡就农办发〔2022〕1号): the "个十百千" targets and the annex
《促进我市返乡农民工就地就近就业工作清单》, 13 items. 江苏 (seeds/003, 2023-03, 11 departments):
300 standard doorstep job stations, 30,000 people of hardship groups helped into work, at least
50,000 public-welfare posts, 50 provincial labour brands.

Assumptions, written down:
- The targets are yearly: the period is the seeded year (1 January – 31 December), except
  "春节期间回引 5000 名以上外出务工人员", read as January to March (the document's 春风行动
  runs 1 January – 31 March), counted by the statistics' "returned home in the month".
- "招聘 2700 名企业员工" is counted by the statistics' hires (placements ending in a hire).
- "配套 200 万专项资金" is the budget of the area's subsidy funds (subsidies.Fund).
- The checklist names no units; each item takes the units the plan names for the same measure
  (工作举措 1–10). "市…局" and the other city bodies answer at 湘乡's own area; "各乡镇街道" is
  every town of 湘乡, "各街道办事处" every 街道 among them.
"""

from decimal import Decimal

XIANGXIANG = "430381"
JIANGSU = "32"

XIANGXIANG_DOC = "湘乡就农办发〔2022〕1号《湘乡市促进返乡农民工就地就近就业工作实施方案》"
JIANGSU_DOC = "江苏省人社厅等11部门《关于推进农民工在县域就业创业和市民化的实施方案》（2023年3月）"

# key, title, source, metric, goal, unit, months (first, last), the document's words
TARGETS = [
    (
        XIANGXIANG,
        "个十百千",
        XIANGXIANG_DOC,
        [
            ("ambassadors", "聘用招聘大使", "measure", "ambassadors_in_office", 38, "人", (1, 12),
             "聘用38名招聘大使"),
            ("officers", "设立招聘专员", "measure", "recruiting_officers", 12, "人", (1, 12),
             "设立12名招聘专员"),
            ("fairs", "举办招聘会", "measure", "fairs_held", 20, "场", (1, 12),
             "举办20场以上招聘会"),
            ("fund", "配套专项资金", "measure", "fund_budget", 2_000_000, "元", (1, 12),
             "配套200万专项资金"),
            ("hires", "招聘企业员工", "indicator", "hires", 2700, "人", (1, 12),
             "招聘2700名企业员工"),
            ("returnees", "春节期间回引外出务工人员", "indicator", "returnees", 5000, "人", (1, 3),
             "春节期间回引5000名以上外出务工人员"),
        ],
    ),
    (
        JIANGSU,
        "县域农民工市民化",
        JIANGSU_DOC,
        [
            ("doorstep", "标准化家门口就业服务站", "measure", "doorstep_stations", 300, "个",
             (1, 12), "优化提升300个标准化“家门口”就业服务站"),
            ("hardship", "帮扶困难群体就业", "measure", "low_income_hired", 30_000, "人", (1, 12),
             "帮扶3万名困难群体就业"),
            ("welfare", "开发城乡公益性岗位", "measure", "public_welfare_posts", 50_000, "个",
             (1, 12), "开发不少于5万个城乡公益性岗位"),
            ("brands", "认定省级劳务品牌", "measure", "provincial_brands", 50, "个", (1, 12),
             "认定50个省级劳务品牌"),
        ],
    ),
]  # fmt: skip

CHECKLIST = "促进返乡农民工就地就近就业工作清单"

LEAD = "市人社局"
ZONE = "市经开区管委会"
TOWNS = "各乡镇街道"
STREETS = "各街道办事处"

# number, the work, deadline as written, units, evidence required
ITEMS = [
    (1, "成立促进返乡农民工就近就地就业工作领导小组，制定实施工作方案，指定专人负责，配套专项工作经费。",
     "1月30日前", [LEAD], "领导小组成立文件、实施方案、专人名单、经费安排文件"),
    (2, "组织每个乡镇、街道选聘1－2名威望较高、沟通能力强的人担任招工招聘大使，引导本地劳动力在湘乡就业，"
        "帮助企业招工。重点企业培养选拔招聘专员，积极开展企业形象、政策、薪资、文化等方面的宣传和招聘活动。",
     "1月30日前", [ZONE, LEAD, TOWNS], "招聘大使聘书或名单、招聘专员名单"),
    (3, "利用春节临近、各类人员回湘乡探亲过节的契机，做好迎老乡回故乡建家乡的各项工作，召开好恳谈会、座谈会。",
     "1月30日前", ["市委统战部", "市商务局", "市工商联", LEAD], "恳谈会、座谈会通知、签到表和照片"),
    (4, "开展“接老乡、看家乡”专题活动，组织观摩我市重点用工企业和周边配套设施，参加现场招聘会，"
        "积极引导湘乡籍在外务工人员返乡就业。",
     "1月30日前", [LEAD, "市融媒体中心", ZONE], "活动方案、车次和乘车名单、观摩照片"),
    (5, "开展“春风行动”专项活动，利用农民工返乡时机，在春节前后策划举办多场次企业用工招聘活动。",
     "3月30日前", [LEAD, "市城管局", STREETS, ZONE], "各场招聘会的通知、参会企业和人数"),
    (6, "抓住春节关键节点，组织乡（镇）、村干部入户，进一步摸清农村劳动力尤其是已返乡就业创业农民工的就业信息、"
        "就业需求、就业意向和职业培训意愿等情况，建立好工作台账，引导就地就近就业。",
     "3月5日前", [TOWNS, LEAD], "入户摸底台账"),
    (7, "创新开设夜市招聘。在人口密集和人群流动大的场所，开展 3-5 场“招聘夜市”活动，将招聘岗位送到年轻人聚集区。",
     "7-9月", [LEAD, "市城管局", STREETS, ZONE], "每场招聘夜市的地点、参会企业和人数、照片"),
    (8, "全方位政策宣传，在各级政务中心、各类车站、商场、乡镇集市、居民小区、村口等人员集中地区设立招工宣传、"
        "就业政策宣传，张贴岗位信息，组织乡、村干部进村入户发放招工手册，让群众及时了解企业最新招工信息，"
        "引导本地劳动力就近就业。",
     "全年", [LEAD, "市城管执法局", "市交通运输局", "市融媒体中心", TOWNS], "宣传点位照片、手册发放记录"),
    (9, "组织乡镇、街道每周在各类劳动者微信群、网格员群、业主群、村民群中发布招聘信息，将岗位信息直接推送至劳动者手中。",
     "全年", [TOWNS], "每周发布截图"),
    (10, "领导干部在各类招商、招聘、引才和商会联谊等活动中大力推介湘乡人文环境、区位优势、发展前景、产业基础、"
         "宜居乐业环境等地方优势，吸引更多劳动者来本地就业。",
     "全年", ["市委统战部", "市商务局", "市工商联", LEAD], "推介活动记录"),
    (11, "以大型节假日、农村赶集为契机，利用农民工返乡时机，策划举办企业用工招聘会。",
     "全年", [LEAD, "市城管局", STREETS, ZONE], "招聘会通知、参会企业和人数"),
    (12, "结合重点企业用工需求，按“不同对象，不同对待；不同需求，不同服务”的工作要求，压实乡镇（街道）、"
         "村（社区）责任，千方百计回引外出务工农民工市内就业。",
     "全年", [LEAD, TOWNS], "回引人员名单（台账）"),
    (13, "鼓励各乡镇（街道）和村（居）成立农村劳务合作社，及时收集企业岗位信息和本地劳动力信息，搭建平台、"
         "加强对接，促进劳动力资源本土化配置。",
     "全年", [ZONE, LEAD, TOWNS], "劳务合作社成立文件、岗位和劳动力信息台账"),
]  # fmt: skip

GOALS = {key: Decimal(goal) for _a, _p, _d, rows in TARGETS for key, _t, _s, _m, goal, *_ in rows}
