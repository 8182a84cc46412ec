"""The showcase vote, pure (no Django): which votes look suspicious, and the results counted from
the votes themselves.

A vote is flagged, never refused, so the results stay auditable: the count shows every vote and
the votes without a flag beside it, and each flag names its reason.

- "burst": the vote is the BURST-th or later from the same address (its keyed hash) inside
  BURST_WINDOW — 82万 votes came in 内江's poll; a thousand from one Wi-Fi in an hour is a
  campaign, not a village.
- "new_number": the person's portal account was made less than NEW_NUMBER before the vote (a
  number registered to vote).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

BURST = 5
BURST_WINDOW = timedelta(hours=1)
NEW_NUMBER = timedelta(hours=24)

REASONS = {
    "burst": f"同一网络地址 1 小时内第 {BURST} 票及以后",
    "new_number": "手机号注册不到 24 小时",
}


def flags(
    *, cast_at: datetime, same_address_before: Iterable[datetime], account_created_at
) -> list[str]:
    """The flags of a vote cast at `cast_at`, given the times of the earlier votes of the same
    showcase from the same address and when the voter's portal account was made (None: unknown)."""
    out = []
    recent = [t for t in same_address_before if cast_at - BURST_WINDOW <= t <= cast_at]
    if len(recent) + 1 >= BURST:
        out.append("burst")
    if account_created_at is not None and cast_at - account_created_at < NEW_NUMBER:
        out.append("new_number")
    return out


@dataclass
class Result:
    entry_id: int
    votes: int = 0
    clean: int = 0
    flagged: int = 0
    rank: int = 0
    voter_ids: list[int] = field(default_factory=list)


def count(entry_ids: Iterable[int], votes: Iterable[tuple[int, int, list[str]]]) -> list[Result]:
    """Results of a showcase from its votes (entry id, vote id, flags): every entry (none dropped
    for having no vote), ranked by the votes without a flag, then by all votes, then entry order."""
    results = {e: Result(e) for e in entry_ids}
    for entry_id, vote_id, vote_flags in votes:
        result = results.get(entry_id)
        if result is None:
            continue
        result.votes += 1
        result.voter_ids.append(vote_id)
        if vote_flags:
            result.flagged += 1
        else:
            result.clean += 1
    ranked = sorted(results.values(), key=lambda r: (-r.clean, -r.votes, r.entry_id))
    for n, result in enumerate(ranked, start=1):
        result.rank = n
    return ranked
