"""Guidance to the buyer: the usage and installation guides of a case's goods, and the messages sent."""

from __future__ import annotations

import pytest

from zhanggui.aftersales.models import CaseMessage
from zhanggui.aftersales.selectors import guidance_for_case
from zhanggui.aftersales.services import CaseLineInput, case_close, case_create, case_message_send
from zhanggui.catalog.services import knowledge_entry_create
from zhanggui.core.exceptions import ConflictError, PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.testing.factories import ListingFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guides(make_staff, goods, store):  # type: ignore[no-untyped-def]
    """A guide for the white SKU, one for the black, one for the whole T-shirt, an FAQ, another product's."""
    editor = make_staff("aftersales")  # holds knowledge.edit
    product = goods.product

    def guide(title, kind="usage", skus=(), product=product):  # type: ignore[no-untyped-def]
        return knowledge_entry_create(
            by=editor, kind=kind, title=title, body=f"{title}的内容", product=product, skus=skus
        )

    return {
        "white": guide("白色款洗涤说明", skus=[goods.white]),
        "black": guide("黑色款洗涤说明", kind="installation", skus=[goods.black]),
        "product": guide("T恤通用洗涤说明"),
        "faq": guide("T恤会缩水吗", kind="faq"),
        "other": guide(
            "别的商品说明", product=ListingFactory(store=store, product=ProductFactory(name="羽绒服")).product
        ),
    }


@pytest.fixture
def case(make_order, specialist, reason):  # type: ignore[no-untyped-def]
    """A return of one white T-shirt."""
    order = make_order(shipped=True)
    white = order.lines.get(merchant_code="TEE-WHT-M")
    return case_create(
        by=specialist,
        order=order,
        type="return_refund",
        reason=reason("quality"),
        lines=[CaseLineInput(order_line_id=white.pk, quantity=1)],
    )


def test_guidance_lists_the_guides_of_the_case_skus_first_then_the_products(case, guides):
    titles = [entry.title for entry in guidance_for_case(case)]
    assert titles == ["白色款洗涤说明", "T恤通用洗涤说明"]


def test_sending_a_guide_records_its_text_and_audits_it(case, guides, agent):
    # given
    audits = AuditEvent.objects.count()
    # when an agent sends the white guide without a note
    message = case_message_send(by=agent, case=case, article=guides["white"])
    # then the guide's own text is what the buyer gets
    assert (message.body, message.article_id, message.sent_by_id) == (
        "白色款洗涤说明\n\n白色款洗涤说明的内容",
        guides["white"].pk,
        agent.pk,
    )
    assert AuditEvent.objects.count() == audits + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.object_id) == ("aftersales.case.message", str(case.pk))
    assert event.after == {"message": message.pk, "article": guides["white"].pk, "body": message.body}


def test_a_note_without_a_guide_is_sent_as_written(case, agent):
    message = case_message_send(by=agent, case=case, body="  请先拍一张吊牌照片  ")
    assert (message.body, message.article_id) == ("请先拍一张吊牌照片", None)


def test_a_guide_for_other_goods_or_an_empty_message_is_refused(case, guides, agent):
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as other:
        case_message_send(by=agent, case=case, article=guides["black"])
    with pytest.raises(ValidationFailed) as empty:
        case_message_send(by=agent, case=case, body="   ")
    assert [e.field for e in other.value.errors] == ["article"]
    assert [e.message for e in empty.value.errors] == ["Write a message or choose a guide."]
    assert not CaseMessage.objects.exists()
    assert AuditEvent.objects.count() == audits


def test_nothing_is_sent_from_a_closed_case(case, specialist, agent):
    case_close(by=specialist, case=case, note="买家撤销")
    audits = AuditEvent.objects.count()
    with pytest.raises(ConflictError):
        case_message_send(by=agent, case=case, body="您好")
    assert not CaseMessage.objects.exists()
    assert AuditEvent.objects.count() == audits


@pytest.mark.parametrize("role", ["operator", "order_clerk"])
def test_sending_needs_the_create_permission(case, make_staff, role):
    audits = AuditEvent.objects.count()
    with pytest.raises(PermissionDeniedError):
        case_message_send(by=make_staff(role), case=case, body="您好")
    assert not CaseMessage.objects.exists()
    assert AuditEvent.objects.count() == audits


def test_the_guidance_view_sends_and_the_partial_lists_the_guides(case, guides, agent, client_for):
    client = client_for(agent)
    page = client.get(f"/aftersales/cases/{case.pk}/guidance/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "白色款洗涤说明" in html and "黑色款洗涤说明" not in html
    response = client.post(f"/aftersales/cases/{case.pk}/guidance/", {"article": guides["product"].pk, "body": ""})
    assert response.status_code == 302
    assert list(CaseMessage.objects.values_list("article_id", flat=True)) == [guides["product"].pk]


def test_the_api_lists_guides_and_records_a_message(case, guides, agent, api_client_for):
    client = api_client_for(agent)
    body = client.get(f"/api/v1/aftersales/guidance/cases/{case.pk}").json()
    assert [guide["title"] for guide in body["guides"]] == ["白色款洗涤说明", "T恤通用洗涤说明"]
    sent = client.post(
        f"/api/v1/aftersales/guidance/cases/{case.pk}/messages",
        {"article_id": guides["white"].pk, "body": "请按说明清洗"},
        content_type="application/json",
    )
    assert sent.status_code == 201
    assert (sent.json()["body"], sent.json()["article_id"]) == ("请按说明清洗", guides["white"].pk)
    refused = client.post(
        f"/api/v1/aftersales/guidance/cases/{case.pk}/messages",
        {"article_id": guides["black"].pk},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert CaseMessage.objects.count() == 1
