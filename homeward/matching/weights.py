"""Every weight and assumption of the matching score, in one place.

A match's score is a sum of points (a perfect local match scores about 100). Hard rules are not
points: a pair that breaks one is never scored (see `core`). Besides the posting's own rules (age,
schooling, work type, place, headcount) there is the person rule (对口, below and `relevance`):
a pair needs a reason about the person, so perks and distance never fill a list alone.
The soft parts, largest first:

=====================  ======  ==============================================================
part                   points  how
=====================  ======  ==============================================================
occupation fit          45     same catalogue occupation (工种对口) × how sure we are of both
                               texts; a related occupation of the same family earns
                               `RELATED_OCCUPATION` (half) of it; a trade wanted (training
                               wish) counts at `WISHED` (half) confidence; a public-welfare
                               post asked for earns `WISHED` × 45
distance                15     same town 15, same county 10, same city 5, same province 2
wage against expected   +8     job's monthly wage (mid-range) above expectation: +8 at 2,000
                        −20    yuan or more above, linear; below: −20 at 2,000 or more below
skills, certificates    12     share of the job's required skills the worker has
benefits wanted         10     share of the benefits the worker asks for (包吃, 包住, 社保,
                               交通/班车) that the job gives
board, lodging far       3+4   meals (3) and lodging (4) when the job is outside the worker's
                               county — they matter then even if not asked for
start date              −10    the job starts before the worker is free: −10 at 60 days or
                               more, linear
low-income priority     +8     only when ranking workers for a job (帮扶); configurable
=====================  ======  ==============================================================

Perks are kept well below the occupation: a job of another trade with every perk (at most about
33 points) ranks below a job of a related trade nearby. Day rates are turned into a month with
the assumption below; a piece rate ("6–9 元/单") says nothing about a month without the pieces a
day, so it scores 0 on wage (neither for nor against).
A worker with no stated expectation is compared with the 2024 average monthly income.
"""

# --- occupation -------------------------------------------------------------------------------

OCCUPATION = 45.0
RELATED_OCCUPATION = 0.5  # share of OCCUPATION for a different occupation of the same family
# A trade the person wants to learn (training wish) counts as theirs with this confidence, and a
# public-welfare post earns this share of OCCUPATION from someone who asked for such posts.
WISHED = 0.5
# A free text that the catalogue's synonyms do not name is placed by character-bigram similarity
# to the catalogue's words; below this similarity it is not placed at all.
MIN_TEXT_SIMILARITY = 0.5

# --- the person rule (对口): who may be offered what ------------------------------------------
#
# A job is recommended to a person (and the person to the job) only for a reason about the
# person: their trade or a related one (`text.FAMILIES`), a skill or certificate of the trade,
# a trade they want to learn (their training wish), a public-welfare post they asked for, or —
# for someone who names no trade — a job that needs none. A high wage nearby is not a reason to
# send a clerk to a building site: when nothing fits, the list is short or empty ("暂无对口岗位").

# Skilled trades: the job needs the trade itself, one of the trades named here, or one of the
# certificates (a related trade of `text.FAMILIES` is not enough: a rider is no truck driver).
SKILLED_TRADES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # job's occupation: (other occupations that qualify, skills/certificates that qualify)
    "welder": ((), ("welding",)),
    "electrician": (("plumber", "repairer"), ("electrical",)),
    "driver": ((), ("truck_licence", "car_licence")),
    "forklift_driver": ((), ("forklift",)),
}
# Skills that show a person has the craft of an occupation without naming it ("平车" → 缝纫工).
TRADE_SKILLS: dict[str, tuple[str, ...]] = {
    "sewing_worker": ("sewing",),
    "cook": ("cooking",),
    "machinist": ("cnc",),
    "elder_carer": ("care",),
    "childcare": ("childcare",),
    "office_clerk": ("computer",),
    "technician": ("drawings",),
    "scaffolder": ("height_work",),
}
# Jobs that need no trade (普工, labour, services): offered to people who name no trade.
GENERAL_OCCUPATIONS = (
    "assembler",
    "food_processor",
    "construction_labourer",
    "warehouse_worker",
    "courier",
    "delivery_rider",
    "cleaner",
    "kitchen_helper",
    "waiter",
    "security_guard",
    "property_staff",
    "housekeeper",
    "cashier",
    "salesperson",
    "farmer",
)
# Public-welfare posts (公益性岗位, work type public_welfare) are for people who find work hard
# to get: offered to those who ask for them (their work types name it, and not every type), who
# name no trade, or whose trades are all general ones.
#
# Heavy physical work (building sites, loading). From HEAVY_WORK_AGE on the match day it is
# offered only to people of that trade or a related one — never as a job "anyone can do", nor
# for a training wish — and the reason says so ("重体力岗位：本人工种"). Many cities keep men over
# 60 and women over 50 off building sites (上海 2019 and others); one age for everyone, between
# the two, so that no one is judged by sex. The one place this age is set.
HEAVY_WORK_AGE = 55
HEAVY_OCCUPATIONS = (
    "bricklayer",
    "rebar_worker",
    "carpenter",
    "concrete_worker",
    "scaffolder",
    "construction_labourer",
    "warehouse_worker",
)

# --- distance by the region hierarchy (from where the worker lives) ---------------------------

DISTANCE = {"town": 15.0, "county": 10.0, "city": 5.0, "province": 2.0, "elsewhere": 0.0}

# --- wage -------------------------------------------------------------------------------------

WAGE_ABOVE = 8.0  # points at WAGE_SPAN yuan a month or more above expectation
WAGE_BELOW = 20.0  # points lost at WAGE_SPAN yuan or more below: falling short hurts more
WAGE_SPAN = 2000.0
# The score is exact at these expectations and linear between them (so it fits the scan).
WAGE_KNOTS = (1000.0, 2500.0, 4000.0, 5500.0, 7000.0, 8500.0, 10000.0)
# 2024 农民工监测调查报告: average monthly income 4,961 yuan (PRODUCT.md §6). Used for a
# worker who states no expectation.
DEFAULT_EXPECTED_WAGE = 4961.0
# Day rates: 22 working days a month (≈ 5 days a week), stated in the reason text ("约月薪").
WORKING_DAYS_A_MONTH = 22

# --- skills and benefits ----------------------------------------------------------------------

SKILLS = 12.0
BENEFITS_WANTED = 10.0  # all the wanted benefits given; a share of them, that share
BOARD_FAR = 3.0
LODGING_FAR = 4.0
# "Far": outside the county the worker lives in.
FAR_FROM_HOME_LEVELS = ("city", "province", "elsewhere")

# --- start date -------------------------------------------------------------------------------

LATE_START = 10.0  # points lost when the worker is free LATE_SPAN_DAYS or more after the start
LATE_SPAN_DAYS = 60.0
START_KNOTS = (0.0, 30.0, 60.0, 120.0)  # days from the match day; exact at these, linear between

# --- ranking workers for a job ----------------------------------------------------------------

LOW_INCOME_PRIORITY = 8.0  # points added for a low-income (脱贫户/监测户/低收入) worker

# --- reasons ----------------------------------------------------------------------------------

MAX_REASONS = 3
MIN_REASON_POINTS = 3.0  # a part worth less than this does not explain a rank

# --- defaults for missing fields --------------------------------------------------------------

DEFAULT_SCOPE = "county"  # how far a worker will go when the record does not say

# --- scan mechanics (not part of the score) ---------------------------------------------------

# Adding PENALTY to a score marks a pair that breaks a hard rule; any score below
# PENALTY / 2 is out. Several broken rules add up, still far from overflowing float32.
PENALTY = -1.0e6
