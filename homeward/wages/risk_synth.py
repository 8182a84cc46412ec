"""The synthetic project history the risk score is validated on. Pure: no Django; separate from
the tests and from the score (`risk.py` reads nothing of this module).

How it is made (`history(n, seed)`): each project is drawn as *defaulting later* (an arrears
case opened in the months after the snapshot) with probability `share` (18 %). What the books
show at the snapshot, before any case, is drawn from distributions that differ by the outcome,
with heavy overlap and noise, because real defaults are often sudden:

- a third of the later defaulters ("sudden") show the same signals as sound projects;
- delay growth: sound ~ max(0, N(0, 3)) days; troubled ~ max(0, N(8, 6));
- unpaid share: sound ~ Beta(1, 40); troubled ~ Beta(2, 10);
- past warnings (weighted): sound ~ Poisson(1.0); troubled ~ Poisson(2.2) — warnings are a
  weaker signal alone, since sound projects raise yellow ones too;
- subcontractors: sound ~ Poisson(1.5); troubled ~ Poisson(2.5);
- contractor's cases elsewhere: sound ~ Poisson(0.3); troubled ~ Poisson(1.2);
- near completion: sound 30 %; troubled 55 %;
- complaints: sound ~ Poisson(0.1); troubled ~ Poisson(0.6).

`TUNING_SEED` is the one seed the weights in `risk.py` were set on; `HELD_OUT_SEEDS` are the
ones `homeward bench wages` reports on.
"""

from __future__ import annotations

import random

from .risk import Signals

TUNING_SEED = 1
HELD_OUT_SEEDS = (2, 3, 4)


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method: small means only.
    limit, k, p = pow(2.718281828459045, -lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def history(n: int = 2000, seed: int = 2, share: float = 0.18) -> list[tuple[Signals, bool]]:
    """`n` projects: (signals at the snapshot, whether an arrears case came later)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        defaults = rng.random() < share
        troubled = defaults and rng.random() >= 1 / 3
        if troubled:
            signals = Signals(
                delay_growth=max(0.0, rng.gauss(8, 6)),
                unpaid_share=rng.betavariate(2, 10),
                warnings=_poisson(rng, 2.2),
                depth=_poisson(rng, 2.5),
                contractor_history=_poisson(rng, 1.2),
                near_completion=float(rng.random() < 0.55),
                complaints=_poisson(rng, 0.6),
            )
        else:
            signals = Signals(
                delay_growth=max(0.0, rng.gauss(0, 3)),
                unpaid_share=rng.betavariate(1, 40),
                warnings=_poisson(rng, 1.0),
                depth=_poisson(rng, 1.5),
                contractor_history=_poisson(rng, 0.3),
                near_completion=float(rng.random() < 0.30),
                complaints=_poisson(rng, 0.1),
            )
        out.append((signals, defaults))
    return out
