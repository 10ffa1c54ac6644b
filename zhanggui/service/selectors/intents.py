"""What a buyer's message is about (咨询商品, 尺码, 催发货 …): its intent label."""

from __future__ import annotations

from ..constants import Intent

# Replaced by the trained classifier of the suggestions area; these cue words are its fallback.
_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (Intent.COMPLAINT, ("投诉", "差评", "骗子", "12315")),
    (Intent.RETURN, ("退货", "退款", "换货", "退换")),
    (Intent.ADDRESS, ("地址", "改收货")),
    (Intent.SHIPPING, ("发货", "快递", "物流", "到哪")),
    (Intent.INVOICE, ("发票", "开票")),
    (Intent.PROMOTION, ("优惠", "券", "满减", "活动")),
    (Intent.SIZE, ("尺码", "码", "身高", "体重")),
)


def intent_classify(text: str) -> str:
    """The intent of ``text``, or ``product`` when it asks about the goods, or "" for no text."""
    text = text.strip()
    if not text:
        return ""
    for intent, cues in _CUES:
        if any(cue in text for cue in cues):
            return str(intent)
    return str(Intent.PRODUCT)
