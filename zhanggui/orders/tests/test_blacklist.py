"""The buyer blacklist (黑名单): adding and removing entries, scoped and audited."""

from __future__ import annotations

import pytest

from zhanggui.core.exceptions import NotFoundError, PermissionDeniedError, ValidationFailed
from zhanggui.orders.models import BlacklistEntry
from zhanggui.orders.services import blacklist_entry_add, blacklist_entry_remove


def errors_of(caught):  # type: ignore[no-untyped-def]
    return [(e.field, e.message) for e in caught.value.errors]


def test_a_clerk_blacklists_a_buyer_by_nickname_and_phone(clerk, store, audit_rows):
    # when
    entry = blacklist_entry_add(
        by=clerk, store=store, nickname=" tb_恶意 ", phone="+86 138-0000-1111", reason="恶意退款"
    )
    # then: the phone is kept as digits, the audit row masks it
    assert (entry.store, entry.nickname, entry.phone, entry.reason, entry.created_by) == (
        store,
        "tb_恶意",
        "13800001111",
        "恶意退款",
        clerk,
    )
    (row,) = audit_rows()
    assert (row.action, row.after, row.reason) == (
        "orders.blacklist.add",
        {"nickname": "tb_恶意", "phone": "138****1111", "reason": "恶意退款"},
        "恶意退款",
    )


def test_every_bad_field_is_reported_at_once(clerk, store, audit_rows):
    with pytest.raises(ValidationFailed) as caught:
        blacklist_entry_add(by=clerk, store=store, nickname="", phone="", reason="")
    assert errors_of(caught) == [
        ("reason", "This field is required."),
        ("nickname", "Give the buyer's nickname, phone number or both."),
    ]
    with pytest.raises(ValidationFailed) as caught:
        blacklist_entry_add(by=clerk, store=store, nickname="x" * 81, phone="电话", reason="r")
    assert errors_of(caught) == [
        ("nickname", "Use at most 80 characters."),
        ("phone", "Enter a phone number."),
    ]
    assert (BlacklistEntry.objects.count(), audit_rows()) == (0, [])


def test_a_buyer_is_listed_once_per_store(clerk, store, make_staff, other_store, audit_rows):
    # given
    blacklist_entry_add(by=clerk, store=store, nickname="tb_恶意", phone="13800001111", reason="恶意退款")
    # when / then
    with pytest.raises(ValidationFailed) as caught:
        blacklist_entry_add(by=clerk, store=store, nickname="tb_恶意", phone="138 0000 1111", reason="again")
    assert errors_of(caught) == [
        ("nickname", "tb_恶意 is already on the blacklist."),
        ("phone", "138****1111 is already on the blacklist."),
    ]
    # another store keeps its own list
    other = make_staff("order_clerk", stores=[other_store])
    blacklist_entry_add(by=other, store=other_store, nickname="tb_恶意", reason="也退过款")
    assert BlacklistEntry.objects.count() == 2
    assert len(audit_rows()) == 2


def test_only_the_order_desk_of_the_store_may_blacklist(make_staff, store, other_store, audit_rows):
    with pytest.raises(PermissionDeniedError):
        blacklist_entry_add(by=make_staff("cs_agent"), store=store, nickname="tb_x", reason="r")
    with pytest.raises(NotFoundError):
        blacklist_entry_add(
            by=make_staff("order_clerk", stores=[other_store]), store=store, nickname="tb_x", reason="r"
        )
    assert (BlacklistEntry.objects.count(), audit_rows()) == (0, [])


def test_a_manager_removes_an_entry_with_a_reason(clerk, make_staff, store, audit_rows):
    # given
    entry = blacklist_entry_add(by=clerk, store=store, phone="13800001111", reason="拒收")
    pk = entry.pk
    # when
    with pytest.raises(ValidationFailed):
        blacklist_entry_remove(by=make_staff("manager"), entry=entry, reason=" ")
    blacklist_entry_remove(by=make_staff("manager"), entry=entry, reason="误会已澄清")
    # then
    assert not BlacklistEntry.objects.filter(pk=pk).exists()
    row = audit_rows()[-1]
    assert (row.action, row.object_id, row.store_id, row.before, row.reason) == (
        "orders.blacklist.remove",
        str(pk),
        store.pk,
        {"nickname": "", "phone": "138****1111", "reason": "拒收"},
        "误会已澄清",
    )


def test_removing_is_scoped_and_needs_the_permission(clerk, make_staff, store, other_store, audit_rows):
    entry = blacklist_entry_add(by=clerk, store=store, nickname="tb_x", reason="r")
    with pytest.raises(PermissionDeniedError):
        blacklist_entry_remove(by=make_staff("cs_lead"), entry=entry, reason="r")
    with pytest.raises(NotFoundError):
        blacklist_entry_remove(by=make_staff("order_clerk", stores=[other_store]), entry=entry, reason="r")
    assert (BlacklistEntry.objects.count(), len(audit_rows())) == (1, 1)
