"""The recorded lottery of a gig market (零工市场): who among the qualified people signed in is
sent first. Pure (no Django), so anyone can re-run a stored draw and get the same order.

The order is each person's SHA-256 of "<seed>:<person id>", smallest first: the seed (drawn at
random when the lottery is run, and stored with the pool) decides everything, every person of
the pool is equally likely to come first (the hashes are uniform), and the order does not
depend on the order the pool is listed in. Machete's rule: the draw is fair only if it can be
checked afterwards — `order(seed, pool)` is that check.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

SEED_BYTES = 16


def new_seed() -> str:
    """A fresh seed: 128 random bits in hex."""
    return secrets.token_hex(SEED_BYTES)


def rank(seed: str, person: int) -> str:
    return hashlib.sha256(f"{seed}:{person}".encode()).hexdigest()


def order(seed: str, pool: Iterable[int]) -> list[int]:
    """The pool in the lottery's order for `seed` (each person once)."""
    return sorted(set(pool), key=lambda person: (rank(seed, person), person))


def draw(seed: str, pool: Iterable[int], count: int) -> list[int]:
    """The first `count` people of the lottery's order."""
    if count < 0:
        raise ValueError("count must not be negative")
    return order(seed, pool)[:count]
