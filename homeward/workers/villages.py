"""Finding the village code inside an area from the address text a ledger gives."""

import re

from homeward.regions.models import Level, Region

_SUFFIXES = re.compile(r"(村民委员会|居民委员会|村委会|居委会|社区居委会|委员会)$")


def _keys(name: str) -> set[str]:
    """The ways a village's name is written: 凤凰居委会, 凤凰社区, 凤凰村, 凤凰."""
    base = _SUFFIXES.sub("", name)
    keys = {name, base}
    if name.endswith(("村民委员会", "村委会")):
        keys.add(base + "村")
    if name.endswith(("居民委员会", "居委会")):
        keys.update({base + "社区", base + "居委会"})
    stem = re.sub(r"(村|社区)$", "", base)
    if len(stem) >= 2:
        keys.add(stem)
    return {k for k in keys if k}


class VillageResolver:
    """Maps ledger address text to a village code inside `area` (one query, then in memory)."""

    def __init__(self, area: str):
        self.area = area
        villages = Region.tree.filter(code__startswith=area, level=Level.VILLAGE).select_related(
            "parent"
        )
        self.by_code = {v.code: v for v in villages}
        self.by_key: dict[str, list[Region]] = {}
        for village in self.by_code.values():
            for key in _keys(village.name):
                self.by_key.setdefault(key, []).append(village)
        # Longest names first, so "新盛居委会" is tried before "新盛".
        self.keys = sorted(self.by_key, key=len, reverse=True)

    def names_only(self, text: str | None, code: str) -> bool:
        """Whether `text` says no more than the village's (and its town's) name."""
        text = re.sub(r"\s+", "", text or "")
        village = self.by_code.get(code)
        if not text or village is None:
            return True
        town = village.parent.name if village.parent else ""
        return any(text in (key, town + key) for key in _keys(village.name)) or text == code

    def resolve(self, text: str | None) -> tuple[str | None, str | None]:
        """The village code for `text`, or None with the reason in Chinese."""
        text = re.sub(r"\s+", "", text or "")
        if not text:
            if len(self.area) == 12:
                return self.area, None
            return None, "没有填写所在村，无法确定户籍所在村（社区）"
        if text.isdigit():
            if text in self.by_code:
                return text, None
            return None, f"村代码“{text}”不在本辖区"
        for key in self.keys:
            if key not in text:
                continue
            candidates = self.by_key[key]
            if len(candidates) == 1:
                return candidates[0].code, None
            in_town = [v for v in candidates if v.parent and v.parent.name in text]
            if len(in_town) == 1:
                return in_town[0].code, None
            towns = "、".join(sorted({v.parent.name for v in candidates if v.parent}))
            return None, f"“{key}”在本辖区有多个同名村（{towns}），请写明乡镇"
        if len(self.area) == 12:
            return self.area, None  # a village's own ledger: the address is a group or street
        return None, f"“{text[:20]}”不是本辖区的村（社区），请核对"
