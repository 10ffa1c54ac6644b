from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhanggui.core.money import allocate

D = Decimal


def test_allocate_splits_in_proportion_and_gives_the_leftover_cent_to_the_largest_remainder():
    # given 10.00 over lines of 100, 100 and 100 (3.333… each)
    # when / then the first part (ties: the earlier) gets the leftover cent
    assert allocate(D("10.00"), [D("100"), D("100"), D("100")]) == [D("3.34"), D("3.33"), D("3.33")]


def test_allocate_follows_the_weights():
    assert allocate(D("20.00"), [D("150.00"), D("50.00")]) == [D("15.00"), D("5.00")]
    assert allocate(D("0.05"), [D("1"), D("2"), D("7")]) == [D("0.01"), D("0.01"), D("0.03")]  # .5 ties: earlier


def test_allocate_with_no_weight_splits_evenly():
    assert allocate(D("1.00"), [D("0"), D("0"), D("0")]) == [D("0.34"), D("0.33"), D("0.33")]


def test_allocate_refuses_fractions_of_a_cent_and_negative_weights():
    with pytest.raises(ValueError):
        allocate(D("1.005"), [D("1")])
    with pytest.raises(ValueError):
        allocate(D("1.00"), [D("-1"), D("2")])


@given(
    cents=st.integers(min_value=0, max_value=10_000_000),
    weights=st.lists(st.integers(min_value=0, max_value=1_000_000), min_size=1, max_size=12),
)
def test_allocate_always_adds_up_and_stays_within_a_cent_of_the_exact_share(cents, weights):
    total = Decimal(cents) / 100
    parts = [Decimal(w) for w in weights]
    shares = allocate(total, parts)
    assert sum(shares) == total
    basis = parts if sum(parts) else [Decimal(1)] * len(parts)
    for share, weight in zip(shares, basis, strict=True):
        assert abs(share - total * weight / sum(basis)) < Decimal("0.01")
        assert share >= 0
