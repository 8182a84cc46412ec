"""The policies of the source documents, as data (`homeward subsidies seed`, and the demo).

Each policy carries its conditions as the seed says and, where the seed is silent, a written
assumption (`PolicyVersion.assumption`) a city administrator reads and may change by publishing a
new version. Idempotent: a policy already there is left as it is.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from homeward.regions.models import Region

from .models import Beneficiary, Fund, Policy
from .services import publish_version, save_version

SUQIAN, XIANGXIANG = "3213", "430381"
WINDOW = {"starts_on": date(2026, 1, 1), "ends_on": date(2027, 12, 31)}

RETURNED = [
    {"label": "曾外出务工", "expression": "was_out_migrant"},
    {
        "label": "返乡日期 {returned_on} 在政策期内",
        "expression": "returned_on != null and returned_on >= window_start and returned_on <= window_end",
    },
    {
        "label": "在本地就业（入职日期 {hired_on}，当前状态 {status}）",
        "expression": 'hired_locally or status == "local_employed"',
    },
]
STILL_LOCAL = [
    {
        "label": "发放时仍在本地就业（当前状态 {status}）",
        "expression": 'status == "local_employed"',
    },
    {
        "label": "最近一次回访未离职（仍在岗：{still_employed}）",
        "expression": "still_employed != false",
    },
]
RETURN_ASSUMPTION = (
    "宿六条只说“在外务工人员返乡就业”。假定：返乡日期须在政策期内；本地就业指经平台录用于户籍县的"
    "企业，或台账状态为“本地就业”；发放前复核仍在本地就业，且最近一次就业回访没有记录离职。"
)

FUNDS = [
    ("SQ-JYZJ", "宿迁市就业补助资金", SUQIAN, Decimal("50000000")),
    ("XX-ZGZX", "湘乡市招工专项保障资金", XIANGXIANG, Decimal("2000000")),
]

POLICIES = [
    {
        "code": "SQ-RETURN-500",
        "name": "返乡就业一次性补助",
        "legal_basis": "宿迁“宿六条”：返乡就业每人 500 元一次性补助",
        "region": SUQIAN,
        "fund": "SQ-JYZJ",
        "version": {
            "amount_kind": "fixed",
            "amount": Decimal("500"),
            "once": "person",
            "evidence": "劳动合同或在职证明；返乡前外出务工证明",
            "approval_levels": 3,
            "notice_days": 7,
            "conditions": RETURNED,
            "compliance": STILL_LOCAL,
            "assumption": RETURN_ASSUMPTION,
        },
    },
    {
        "code": "SQ-TRANSPORT-50",
        "name": "返乡就业交通补贴",
        "legal_basis": "宿迁“宿六条”：返乡就业每人 50 元交通补贴",
        "region": SUQIAN,
        "fund": "SQ-JYZJ",
        "version": {
            "amount_kind": "fixed",
            "amount": Decimal("50"),
            "once": "person",
            "evidence": "同返乡就业一次性补助",
            "approval_levels": 3,
            "notice_days": 7,
            "conditions": RETURNED,
            "compliance": STILL_LOCAL,
            "assumption": RETURN_ASSUMPTION,
        },
    },
    {
        "code": "XX-AMBASSADOR-300",
        "name": "招聘大使劳务补助",
        "legal_basis": "湘乡市促进返乡农民工就地就近就业工作方案 第7条：300 元/人",
        "region": XIANGXIANG,
        "fund": "XX-ZGZX",
        "version": {
            "amount_kind": "fixed",
            "amount": Decimal("300"),
            "once": "period",
            "max_claims": 100,
            "evidence": "被招聘人员的劳动合同；在岗 6 个月证明",
            "approval_levels": 2,
            "notice_days": 7,
            "conditions": [
                {
                    "label": "劳动合同 {contract_months} 个月，要求至少 12 个月",
                    "expression": "contract_months != null and contract_months >= 12",
                },
                {
                    "label": "稳定就业 {months_employed} 个月，要求至少 6 个月",
                    "expression": "months_employed != null and months_employed >= 6",
                },
            ],
            "compliance": [],
            "assumption": (
                "按每一名被招聘人员申请一次（期次为该录用记录）；事实取自该录用：合同期限、在岗月数。"
                "每位大使每年至多 100 人（方案未写上限，按 38 名大使、2700 人目标估算）。"
            ),
        },
    },
    {
        "code": "SQ-STARTUP",
        "name": "一次性创业补贴",
        "legal_basis": "江苏省农民工就地就近就业城镇化方案（四）：落实一次性创业补贴",
        "region": SUQIAN,
        "fund": "SQ-JYZJ",
        "version": {
            "amount_kind": "fixed",
            "amount": Decimal("5000"),
            "once": "person",
            "evidence": "营业执照；经营场所证明",
            "approval_levels": 3,
            "notice_days": 7,
            "conditions": [
                {"label": "曾外出务工", "expression": "was_out_migrant"},
                {
                    "label": "返乡创业（当前状态 {status}）",
                    "expression": 'status == "returned_entrepreneur"',
                },
            ],
            "compliance": [
                {
                    "label": "发放时仍在经营（当前状态 {status}）",
                    "expression": 'status == "returned_entrepreneur"',
                }
            ],
            "assumption": (
                "方案未写金额：按江苏通行标准假定 5000 元；返乡创业实体登记由创业工作接入后增加"
                "“has_venture”条件。"
            ),
        },
    },
    {
        "code": "SQ-TRAINING-CERT",
        "name": "职业技能培训补贴",
        "legal_basis": "宿迁“宿迁返十条”：职业培训补贴",
        "region": SUQIAN,
        "fund": "SQ-JYZJ",
        "version": {
            "amount_kind": "per_level",
            "amount": Decimal("0"),
            "level_amounts": {"5": "1000", "4": "1500", "3": "2000"},
            "once": "period",
            "max_claims": 3,
            "evidence": "职业资格或技能等级证书",
            "approval_levels": 2,
            "notice_days": 7,
            "conditions": [
                {
                    "label": "取得 {certificate_level} 级证书（三至五级）",
                    "expression": "certificate_level != null and certificate_level >= 3 and certificate_level <= 5",
                },
                {
                    "label": "已申请 {claims_of_policy} 次，每人至多 3 次",
                    "expression": "claims_of_policy < 3",
                },
            ],
            "compliance": [],
            "assumption": (
                "按证书等级：五级 1000 元、四级 1500 元、三级 2000 元（文件未写金额，为假定）；"
                "每张证书一期，每人至多 3 次。"
            ),
        },
    },
    {
        "code": "SQ-YIGONG",
        "name": "以工代训补贴",
        "legal_basis": "宿迁“宿六条”：惠企招工，以工代训",
        "region": SUQIAN,
        "fund": "SQ-JYZJ",
        "beneficiary": Beneficiary.EMPLOYER,
        "version": {
            "amount_kind": "per_month",
            "amount": Decimal("500"),
            "once": "period",
            "max_claims": 12,
            "evidence": "以工代训人员名册；工资发放记录",
            "approval_levels": 1,
            "notice_days": 7,
            "conditions": [
                {
                    "label": "以工代训 {employer_trainees} 人",
                    "expression": "employer_trainees != null and employer_trainees >= 1",
                },
                {
                    "label": "补贴人月数 {months}（不超过 6 个月 × 人数）",
                    "expression": "months != null and months >= 1 and months <= employer_trainees * 6",
                },
            ],
            "compliance": [],
            "assumption": "按每人每月 500 元、每人至多 6 个月假定；付给企业，按季度一期。",
        },
    },
    {
        "code": "SQ-PUBLIC-POST",
        "name": "公益性岗位补贴",
        "legal_basis": "江苏省农民工就地就近就业城镇化方案：开发公益性岗位",
        "region": SUQIAN,
        "fund": "SQ-JYZJ",
        "version": {
            "amount_kind": "per_month",
            "amount": Decimal("1000"),
            "once": "period",
            "max_claims": 36,
            "evidence": "岗位协议；考勤",
            "approval_levels": 3,
            "notice_days": 7,
            "conditions": [
                {
                    "label": "低收入户 {is_low_income}，或年龄 {age}（女 45、男 50 以上）",
                    "expression": 'is_low_income or (gender == "female" and age >= 45) or (gender == "male" and age >= 50)',
                },
                {"label": "年龄 {age}，不超过 60 岁", "expression": "age <= 60"},
                {"label": "在公益性岗位上", "expression": "on_public_post == true"},
            ],
            "compliance": [
                {
                    "label": "仍在岗（非外出务工，当前状态 {status}）",
                    "expression": 'status != "out_migrant"',
                },
            ],
            "assumption": "每月 1000 元（地方标准未给出，为假定）；按月一期；发放前核查不在外务工（防“空岗”）。",
        },
    },
    {
        "code": "SQ-LOAN-INTEREST",
        "name": "创业担保贷款贴息",
        "legal_basis": "财金〔2020〕21号：LPR−150BP 以上部分财政贴息",
        "region": SUQIAN,
        "fund": "SQ-JYZJ",
        "version": {
            "amount_kind": "share",
            "amount": Decimal("1"),
            "once": "period",
            "max_claims": 12,
            "evidence": "贷款合同；银行付息凭证",
            "approval_levels": 1,
            "notice_days": 0,
            "conditions": [
                {
                    "label": "返乡创业（当前状态 {status}）",
                    "expression": 'status == "returned_entrepreneur"',
                },
                {
                    "label": "本期应贴息 {base_amount} 元",
                    "expression": "base_amount != null and base_amount > 0",
                },
            ],
            "compliance": [],
            "assumption": (
                "贴息额（LPR−150BP 以上部分，不含逾期罚息）由贷款工作按期算出，作为 base_amount 事实；"
                "本政策全额（份额 1）贴付，按季一期。"
            ),
        },
    },
]


def install_seed_policies() -> list[Policy]:
    """Create the funds and seed policies that are missing, each with a published version 1."""
    made = []
    with transaction.atomic():
        for code, name, region, cap in FUNDS:
            if Region.tree.filter(code=region).exists():
                Fund._base_manager.get_or_create(
                    code=code, defaults={"name": name, "region_id": region, "budget_cap": cap}
                )
        for spec in POLICIES:
            if not Region.tree.filter(code=spec["region"]).exists():
                continue
            if Policy._base_manager.filter(code=spec["code"]).exists():
                continue
            policy = Policy(
                code=spec["code"],
                name=spec["name"],
                legal_basis=spec["legal_basis"],
                region_id=spec["region"],
                fund=Fund._base_manager.get(code=spec["fund"]),
                beneficiary=spec.get("beneficiary", Beneficiary.PERSON),
            )
            policy.save()
            version = save_version(policy, {**WINDOW, **spec["version"]}, by=None)
            publish_version(version, by=None)
            made.append(policy)
    return made
