"""The payroll ledger's keyed hash chain (S14).

Each row's `row_hash` is HMAC-SHA256, under the personal-data hash key (`crypto`), of the
previous row's hash and the row's content in a fixed canonical form (the ID number and phone by
their keyed hashes, not in clear). Rows are chained in id order across the whole ledger; a new
row is written under a lock on the newest one, so two uploads cannot both chain to it.
`verify` recomputes the chain and names the first row whose stored hash or link is wrong: an
edit made past the triggers, a deleted row, a row inserted out of the chain.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass

from homeward import crypto

GENESIS = "0" * 64


def canonical(row) -> bytes:
    """The content a row's hash covers, read from a stored (or about to be stored) row."""
    return canonical_values(
        project=row.project_id,
        entry=row.entry_id,
        employer=row.employer_name,
        month=row.month,
        paid_on=row.paid_on,
        name=row.name,
        id_hash=crypto.lookup_hash(crypto.ID_NUMBER, row.id_number),
        phone_hash=crypto.lookup_hash(crypto.PHONE, row.phone),
        days=row.days_worked,
        due=row.amounts_due,
        deductions=row.deductions,
        net=row.net_paid,
        voucher=row.bank_voucher,
        special=row.from_special_account,
        recorded_at=row.recorded_at,
        by=row.recorded_by,
    )


def canonical_values(
    *,
    project,
    entry,
    employer,
    month,
    paid_on,
    name,
    id_hash,
    phone_hash,
    days,
    due,
    deductions,
    net,
    voucher,
    special,
    recorded_at,
    by,
) -> bytes:
    """The same bytes as `canonical`, from the values themselves: a bulk import builds rows
    without model objects, and passes the keyed hashes of the ID number and phone it already
    holds (the roster's, computed once per person) instead of hashing them again."""
    content = {
        "project": project,
        "entry": entry,
        "employer": employer,
        "month": month.isoformat(),
        "paid_on": paid_on.isoformat(),
        "name": name,
        "id": id_hash,
        "phone": phone_hash,
        "days": f"{days:.2f}",
        "due": due,
        "deductions": deductions,
        "net": f"{net:.2f}",
        "voucher": voucher,
        "special": bool(special),
        "recorded_at": recorded_at.isoformat(),
        "by": by,
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True).encode()


def row_hash(previous: str, row) -> str:
    return hash_content(previous, canonical(row))


def hash_content(previous: str, content: bytes) -> str:
    return hasher()(previous, content)


def hasher():
    """`hash_content` with the key set up once, for chaining many rows."""
    base = hmac.new(crypto._hash_key(), b"wages.payroll:", hashlib.sha256)

    def one(previous: str, content: bytes) -> str:
        digest = base.copy()
        digest.update(previous.encode())
        digest.update(content)
        return digest.hexdigest()

    return one


def seal(row, previous: str) -> None:
    """Set the row's link and hash (before it is inserted)."""
    row.previous_hash = previous
    row.row_hash = row_hash(previous, row)


def head() -> str:
    """The newest row's hash, locked until the transaction ends (GENESIS for an empty ledger)."""
    from .models import PayrollEntry

    newest = (
        PayrollEntry._base_manager.select_for_update()
        .order_by("-pk")
        .values_list("row_hash", flat=True)
        .first()
    )
    return newest or GENESIS


@dataclass
class Report:
    checked: int
    broken: int | None  # the id of the first broken row
    reason: str = ""


def verify(batch: int = 2000) -> Report:
    from .models import PayrollEntry

    previous = GENESIS
    checked = 0
    rows = PayrollEntry._base_manager.order_by("pk").iterator(chunk_size=batch)
    for row in rows:
        if row.previous_hash != previous:
            return Report(checked, row.pk, "与上一行的链接不符（之前的行被删除、插入或改动）")
        if row.row_hash != row_hash(previous, row):
            return Report(checked, row.pk, "本行内容与其哈希不符（被改动）")
        previous = row.row_hash
        checked += 1
    return Report(checked, None)
