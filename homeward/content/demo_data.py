"""Demo policy articles and service guides for each seed city, from the measures the source
documents name. Idempotent: a city that has articles gets none."""

from __future__ import annotations

from homeward.regions.codes import city_of
from homeward.regions.models import Region

from .models import Article

# (kind, title, summary, body); the measures are those the source documents name.
ARTICLES = [
    (
        Article.Kind.POLICY,
        "返乡就业一次性补助和交通补贴",
        "在外务工人员返乡就业，每人 500 元一次性补助、50 元交通补贴。",
        "在外务工人员返乡后在本地就业的，按每人 500 元标准给予一次性补助，并按每人 50 元标准给予"
        "交通补贴。\n\n申请时带身份证、劳动合同或用工证明，到户籍所在村（社区）服务站或乡镇"
        "（街道）人社所登记，由县级人社部门审核后发放到本人社保卡。\n\n同一人同一补助只发一次。",
    ),
    (
        Article.Kind.POLICY,
        "创业担保贷款和创业补贴",
        "返乡创业可申请创业担保贷款及贴息、一次性创业补贴和场地租金补贴。",
        "返乡创业的农民工可申请创业担保贷款，符合条件的由财政贴息；首次创业并正常经营的，"
        "可申请一次性创业补贴；入驻孵化基地、创业园的，可申请场地租金补贴。\n\n"
        "带动他人就业的，还可申请带动就业补贴。具体标准以县级人社部门公布为准。",
    ),
    (
        Article.Kind.POLICY,
        "技能培训补贴",
        "参加职业技能培训并取得证书，可申请培训补贴；培训后推荐就业。",
        "农村劳动力参加政府组织的职业技能培训，免收培训费；取得职业资格证书或职业技能等级证书的，"
        "按规定给予培训补贴，低收入家庭劳动力还可享受生活费补贴。\n\n培训结束后，服务站推荐"
        "对口岗位，做到“培训即就业，结业即上岗”。",
    ),
    (
        Article.Kind.GUIDE,
        "工资被拖欠怎么办",
        "保留证据，拨打 12333 或到当地劳动保障监察机构投诉；可申请免费法律援助。",
        "一、保留证据：劳动合同、考勤记录、工资条、转账记录、工友证言、聊天记录等。\n\n"
        "二、投诉举报：拨打 12333 人社服务热线，或到工程所在地劳动保障监察机构投诉；也可通过"
        "全国根治欠薪线索反映平台实名反映。\n\n三、调解仲裁：可申请劳动争议调解或仲裁，仲裁不收费。"
        "\n\n四、法律援助：农民工讨薪可申请免费法律援助，不受经济困难条件限制。",
    ),
    (
        Article.Kind.GUIDE,
        "求职防骗提醒",
        "正规招聘不收押金、不扣证件；不要把验证码告诉任何人。",
        "正规单位招聘不收取押金、报名费、服装费，不扣押身份证。\n\n岗位信息以本平台和村（社区）"
        "服务站发布的为准，有疑问可问服务站工作人员。\n\n短信验证码只用于本人登录，工作人员也不会"
        "向你索要，请勿告诉任何人。",
    ),
    (
        Article.Kind.GUIDE,
        "家门口就业服务站能办什么",
        "登记求职意向、推荐岗位、培训报名、补贴申请、维权咨询。",
        "村（社区）服务站和乡镇（街道）人社所可以帮你：登记或更新求职意向、推荐合适岗位、"
        "报名技能培训、申请就业创业补贴、咨询欠薪维权。\n\n也可以在本平台“我的”里修改求职意向，"
        "推荐岗位会跟着更新。",
    ),
]


def fill_articles(areas) -> int:
    """The articles above for the city of each area; the caller states the area (unscoped)."""
    made = 0
    for city in dict.fromkeys(city_of(area) for area in areas):
        if not Region.tree.filter(code=city).exists():
            continue
        if Article.objects.filter(region_id=city).exists():
            continue
        for kind, title, summary, body in ARTICLES:
            Article.objects.create(
                region_id=city, kind=kind, title=title, summary=summary, body=body
            )
            made += 1
    return made
