"""What the demo's after-sales desk holds: one case per plan, in every state, at realistic ages, with
reasons and buyers' words that fit what was bought (女装, 家纺, 配饰)."""

from __future__ import annotations

from dataclasses import dataclass

from ..states import CaseStatus, CaseType

S, T = CaseStatus, CaseType


@dataclass(frozen=True)
class CasePlan:
    """A case to open and take to ``target``: ``ages`` are hours ago, the request first, then one per
    step (``steps``). ``variant``: ``waybill`` (the buyer sent the return), ``failed`` (inspection),
    ``before_shipment`` (the parcel never left), ``withdrawn`` (closed by the buyer's withdrawal)."""

    target: str
    type: str
    ages: tuple[float, ...]
    variant: str = ""
    by_agent: bool = False  # opened by customer service from a conversation, not by the platform
    assigned: bool = True


GOODS_BACK = ["approve", "return_ship", "receive", "inspect"]

# With the default rules: 48 h to answer, 7 days to send a return, 10 days to receive it, a day to
# inspect and a day to resolve. The comments say where each case stands against its step's deadline.
PLANS: tuple[CasePlan, ...] = (
    CasePlan(S.REQUESTED, T.RETURN_REFUND, (2,), assigned=False),  # new, nobody has it yet
    CasePlan(S.REQUESTED, T.REFUND_ONLY, (44,)),  # due soon: 4 h left to answer
    CasePlan(S.REQUESTED, T.EXCHANGE, (53,), by_agent=True),  # overdue by 5 h
    CasePlan(S.REVIEWING, T.REFUND_ONLY, (20, 18), by_agent=True),
    CasePlan(S.REVIEWING, T.RETURN_REFUND, (45.5, 40)),  # due soon
    CasePlan(S.APPROVED, T.REFUND_ONLY, (30, 26)),  # the refund is 2 h overdue
    CasePlan(S.APPROVED, T.REISSUE, (12, 10)),
    CasePlan(S.REJECTED, T.REFUND_ONLY, (70, 60, 50)),
    CasePlan(S.REJECTED, T.RETURN_REFUND, (30, 28, 27)),
    CasePlan(S.AWAITING_RETURN, T.RETURN_REFUND, (200, 194)),  # the buyer's 7 days lapsed a day ago
    CasePlan(S.AWAITING_RETURN, T.EXCHANGE, (170, 164)),  # due soon
    CasePlan(S.AWAITING_RETURN, T.RETURN_REFUND, (80, 78, 50), "waybill"),
    CasePlan(S.AWAITING_RETURN, T.REPAIR, (270, 266, 245), "waybill"),  # not received in 10 days: overdue
    CasePlan(S.RECEIVED, T.RETURN_REFUND, (120, 116, 90, 20)),  # inspection due soon
    CasePlan(S.RECEIVED, T.EXCHANGE, (100, 98, 70, 2)),
    CasePlan(S.INSPECTED, T.RETURN_REFUND, (150, 146, 110, 60, 30)),  # passed; the refund is overdue
    CasePlan(S.INSPECTED, T.RETURN_REFUND, (100, 96, 70, 30, 5), "failed"),
    CasePlan(S.REFUNDED, T.REFUND_ONLY, (6, 5, 4.5)),
    # opened by customer service from the conversation: a staff request before shipment covers the
    # whole order (a platform's covers only its line, and that order still ships)
    CasePlan(S.REFUNDED, T.REFUND_ONLY, (30, 29, 28), "before_shipment", by_agent=True),
    CasePlan(S.REFUNDED, T.RETURN_REFUND, (200, 190, 150, 100, 90, 88)),  # not yet back on the shelf
    CasePlan(S.EXCHANGED, T.EXCHANGE, (220, 215, 180, 130, 120, 110)),
    CasePlan(S.REPAIRED, T.REPAIR, (400, 390, 350, 300, 290, 250, 120)),
    CasePlan(S.REISSUED, T.REISSUE, (60, 55, 50)),
    CasePlan(S.CLOSED, T.REFUND_ONLY, (400, 396, 395, 227)),  # closed by the rule 7 days after its refund
    CasePlan(S.CLOSED, T.RETURN_REFUND, (50, 49), "withdrawn"),
)


def steps_of(plan: CasePlan) -> list[str]:
    """The services a plan's case goes through after it is opened, in order."""
    target, type_ = plan.target, plan.type
    if target == S.REQUESTED:
        return []
    if target == S.REVIEWING:
        return ["review"]
    if target == S.APPROVED:
        return ["approve"]
    if target == S.REJECTED:
        return ["review", "reject"]
    if target == S.AWAITING_RETURN:
        return ["approve", "return_ship"] if plan.variant == "waybill" else ["approve"]
    if target == S.RECEIVED:
        return GOODS_BACK[:3]
    if target == S.INSPECTED:
        return GOODS_BACK
    if target == S.REFUNDED:
        # (the returned goods wait to be restocked: the demo leaves the catalog's stock as it built it)
        return ["approve", "refund"] if type_ == T.REFUND_ONLY else [*GOODS_BACK, "refund"]
    if target == S.EXCHANGED:
        return [*GOODS_BACK, "replace"]
    if target == S.REPAIRED:
        return [*GOODS_BACK, "repair_send", "repair_return"]
    if target == S.REISSUED:
        return ["approve", "replace"]
    return ["close"] if plan.variant == "withdrawn" else ["approve", "refund", "close"]


# Reasons by what was bought (the demo catalog's top categories) and by what the buyer wants.
REASONS: dict[str, dict[str, tuple[str, ...]]] = {
    "女装": {
        T.REFUND_ONLY: ("quality", "missing_item", "late_shipment"),
        T.RETURN_REFUND: ("size", "not_as_described", "no_reason"),
        T.EXCHANGE: ("size", "not_as_described"),
        T.REISSUE: ("missing_item",),
        T.REPAIR: ("faulty",),
    },
    "家纺": {
        T.REFUND_ONLY: ("damaged_in_transit", "quality"),
        T.RETURN_REFUND: ("quality", "damaged_in_transit", "changed_mind"),
        T.EXCHANGE: ("wrong_item", "not_as_described"),
        T.REISSUE: ("missing_item",),
        T.REPAIR: ("faulty",),
    },
    "配饰": {
        T.REFUND_ONLY: ("not_received", "quality"),
        T.RETURN_REFUND: ("not_as_described", "changed_mind"),
        T.EXCHANGE: ("not_as_described",),
        T.REISSUE: ("missing_item",),
        T.REPAIR: ("faulty",),
    },
}
BEFORE_SHIPMENT_REASONS = ("changed_mind", "late_shipment")

# What buyers write, by reason (and by category where it differs).
DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "size": ("平时穿M，这件M偏小，腰围紧", "袖子偏长，想换小一码", "肩宽不合适，穿着不舒服"),
    "not_as_described": ("实物颜色比图片深很多", "颜色和详情页差别大，偏黄", "款式和模特图不一样"),
    "no_reason": ("不太适合我，七天无理由退", "买重了，吊牌都在"),
    "quality": ("穿了一次就起球了", "袖口开线", "洗了一次严重掉色"),
    "quality:家纺": ("被套洗后起球严重", "枕芯有异味", "被子掉毛，床上都是绒"),
    "missing_item": ("少发了腰带", "买了两件只收到一件"),
    "missing_item:家纺": ("四件套少了一个枕套", "只收到被套，床单没发"),
    "missing_item:配饰": ("买了两顶只收到一顶", "围巾礼盒没发"),
    "late_shipment": ("说好48小时发货，三天了还没发", "等不及了，不要了"),
    "damaged_in_transit": ("外包装破了，被子受潮", "快递到的时候箱子压扁了", "包装袋破损，商品脏了"),
    "changed_mind": ("拍错了，不想要了", "家里已经有了"),
    "not_received": ("物流一周没更新", "显示签收但没收到"),
    "wrong_item": ("买的灰色发来蓝色", "尺寸发错了，要1.8米的"),
    "faulty": ("拉链拉不上了", "拉链头掉了", "按扣脱落"),
    "faulty:家纺": ("被套拉链坏了", "枕套拉链卡住拉不动"),
}

REFUSALS = ("商品已拆封使用，影响二次销售", "已超过七天无理由退换期限", "未提供问题照片，请补充后重新申请")
FAILED_INSPECTION = ("吊牌已剪，有明显穿着痕迹", "退回商品有污渍，非质量问题", "退回的不是本店商品")
WITHDRAWN = "买家撤销申请：尺码问题已和客服沟通解决"
REPAIR_NOTE = "寄回工厂更换拉链"
