"""Money shared by every context: splitting an amount over parts in proportion, to the cent.

The one allocation rule (DESIGN.md): an order-level discount, a paid amount or a refund is split
over lines in proportion to their weights (their amounts), each share rounded down to the cent, and
the cents left over go one each to the parts with the largest remainders (ties: the earlier part).
So the shares always add up to the total exactly, and the same inputs always give the same split.
The after-sales refunds use it for each line's paid share; the pricing engine uses it for discounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal

CENT = Decimal("0.01")


def allocate(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``total`` split over ``weights`` in proportion, to the cent, adding up to ``total`` exactly.

    Weights must not be negative. With no positive weight, the total is split evenly.
    """
    if any(weight < 0 for weight in weights):
        raise ValueError("weights must not be negative")
    if not weights:
        if total:
            raise ValueError("cannot allocate an amount over no parts")
        return []
    cents = int((total / CENT).to_integral_value())
    if cents != total / CENT:
        raise ValueError("total must be in whole cents")
    basis = list(weights) if sum(weights) > 0 else [Decimal(1)] * len(weights)
    whole = sum(basis)
    exact = [Decimal(cents) * weight / whole for weight in basis]
    shares = [int(share.to_integral_value(rounding=ROUND_FLOOR)) for share in exact]
    left = cents - sum(shares)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - shares[i]), i))
    for index in by_remainder[: abs(left)]:
        shares[index] += 1 if left > 0 else -1
    return [Decimal(share) * CENT for share in shares]
