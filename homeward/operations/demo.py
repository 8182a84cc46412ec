"""Demo staff accounts for the seed regions, with passwords made once and kept in var/."""

import json
import secrets
import string
from pathlib import Path

from django.conf import settings

from homeward.accounts.models import Role, User
from homeward.regions.loader import SEED_AREAS
from homeward.regions.models import Level, Region

ACCOUNTS_FILE = "demo-accounts.json"


def _password() -> str:
    # 14 characters from every class: passes the 等保 complexity rules.
    alphabet = string.ascii_letters + string.digits
    core = "".join(secrets.choice(alphabet) for _ in range(10))
    return core + secrets.choice(string.ascii_uppercase) + secrets.choice("23456789") + "#a"


def _first_with_villages(parent: Region) -> Region | None:
    """The first child of `parent` that has villages loaded below it."""
    for child in Region.tree.filter(parent=parent).order_by("code"):
        if Region.tree.filter(code__startswith=child.code, level=Level.VILLAGE).exists():
            return child
    return None


def demo_regions(area: str) -> dict[str, Region]:
    """The chain of regions from the seed area down to one village."""
    chain = {}
    region = Region.tree.get(code=area)
    while region is not None:
        chain[region.level] = region
        region = _first_with_villages(region) if region.level != Level.VILLAGE else None
    return chain


def ensure_demo_accounts(var_dir: Path | None = None) -> list[dict]:
    """Create (once) staff at each level of each seed region; return name, password, area, role."""
    path = Path(var_dir or settings.VAR_DIR) / ACCOUNTS_FILE
    known = json.loads(path.read_text()) if path.exists() else {}
    rows = []
    for area in SEED_AREAS:
        chain = demo_regions(area)
        top = chain[Region.tree.get(code=area).level]
        wanted = [(level, region, Role.STAFF) for level, region in chain.items()]
        wanted += [("leader", top, Role.LEADER), ("admin", top, Role.ADMIN)]
        for label, region, role in wanted:
            username = f"demo-{area}-{label}"
            user = User.objects.filter(username=username).first()
            password = known.get(username)
            if user is None or password is None or not user.check_password(password):
                password = _password()
                user = user or User(username=username)
                user.region, user.role, user.is_active = region, role, True
                user.last_name = "演示"
                user.first_name = f"{region.name}{Role(role).label}"
                user.set_password(password)
                user.save()
                known[username] = password
            rows.append(
                {
                    "username": username,
                    "password": password,
                    "region": f"{region.full_name()} ({region.code})",
                    "level": region.get_level_display(),
                    "role": user.get_role_display(),
                    "second_factor": user.needs_second_factor(),
                }
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(json.dumps(known, indent=2, ensure_ascii=False))
    return rows
