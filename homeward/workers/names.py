"""Chinese personal names: where the family name ends. Pure, no Django.

Two front doors say a person by family name only — a push message's salutation (欧阳女士) and a
recommended worker an employer may not yet identify (欧阳师傅) — and both take the family name
from `family_name`, so they cannot disagree.
"""

# Two-character family names (复姓) of the 百家姓 still in use. Left out on purpose: 单于 and 乐正,
# because 单 and 乐 are common one-character family names and 于 and 正 common first characters of
# a given name, so 单于明 is far likelier 单 + 于明 than 单于 + 明.
COMPOUND_SURNAMES = frozenset(
    """
    欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 司空 夏侯 令狐 端木 独孤
    南宫 西门 东门 南门 东郭 万俟 闻人 公羊 赫连 澹台 宗政 濮阳 公冶 太叔 太史 申屠 仲孙
    钟离 鲜于 淳于 轩辕 闾丘 呼延 拓跋 百里 羊舌 微生 梁丘 左丘 第五 亓官 司寇 子车 颛孙
    巫马 公西 漆雕 壤驷 谷梁 宰父 夹谷
    """.split()
)


def family_name(name: str) -> str:
    """王小明 → 王; 欧阳娜娜 → 欧阳; a two-character name is always family name + given name
    (欧阳 alone is Mr 欧, given name 阳). Empty for an empty name."""
    name = (name or "").strip()
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]
