"""The demo conversations as plans: who writes on which channel, about what, what the agent answers
and how it ends. ``b`` lines are the buyer's, ``a`` the agent's, ``n`` an internal note; the
variables of canned replies in them (``{订单号}`` …) are filled from the conversation's order.
Minutes in ``ago`` are before the build for the first round; later rounds are days older."""

from __future__ import annotations

from dataclasses import dataclass

WAITING, OPEN, RESOLVED, CLOSED = "waiting", "open", "resolved", "closed"
PAID, SHIPPED = "paid", "shipped"  # the kind of order a conversation is about


@dataclass(frozen=True)
class Plan:
    channel: str
    store: str  # the platform of the demo store
    lines: tuple[tuple[str, str], ...]
    outcome: str
    ago: int  # minutes before the build the buyer first wrote
    order: str = ""  # PAID, SHIPPED or "" (none named)


PLANS: tuple[Plan, ...] = (
    # --- pre-sale: size, material, promotions ---
    Plan(
        "taobao",
        "tmall",
        (
            ("b", "这件连衣裙我身高160体重50kg穿什么码？"),
            ("a", "亲，{买家昵称}您好，建议您拍S码，这款版型正常偏修身~"),
            ("b", "好的谢谢"),
        ),
        RESOLVED,
        26 * 60,
    ),
    Plan(
        "taobao",
        "taobao",
        (("b", "这个四件套是纯棉的吗？洗了会不会掉色"), ("a", "亲，是100%新疆长绒棉的，活性印染，正常洗涤不掉色哦~")),
        RESOLVED,
        50 * 60,
    ),
    Plan(
        "taobao",
        "tmall",
        (
            ("b", "现在有什么优惠活动吗？满减能和券叠加吗"),
            ("a", "亲，店铺现在满299减30，还可以叠加店铺优惠券一起用哦~"),
        ),
        OPEN,
        40,
    ),
    Plan("taobao", "taobao", (("b", "在吗？这款羽绒服还有黑色L码吗"),), WAITING, 12),
    Plan("douyin", "douyin", (("b", "主播说这件偏小，我平时穿M要拍L吗"),), WAITING, 8),
    Plan(
        "jd",
        "jd",
        (
            ("b", "这款床品是A类标准吗，宝宝能用吗"),
            ("a", "亲，是A类婴幼儿标准的，可以放心给宝宝使用~"),
            ("b", "那我下单了"),
        ),
        RESOLVED,
        30 * 60,
    ),
    Plan(
        "pdd",
        "pdd",
        (("b", "拼单价还能再便宜点吗"), ("a", "亲，活动价已经是最低价了，您可以领取店铺券再减5元哦~")),
        RESOLVED,
        70 * 60,
    ),
    Plan(
        "douyin",
        "douyin",
        (("b", "直播间说的赠品会一起发吗"), ("a", "亲，赠品会随包裹一起发出的，请放心~")),
        RESOLVED,
        5 * 60,
    ),
    Plan(
        "web",
        "own",
        (("b", "你们官网买和天猫买是一样的吗？"), ("a", "亲，是同一个仓库发货，品质和售后完全一样的~")),
        RESOLVED,
        8 * 60,
    ),
    Plan(
        "web",
        "own",
        (("b", "官网下单可以开发票吗？"), ("a", "可以的亲，下单时填写发票抬头和税号，确认收货后开具电子发票~")),
        OPEN,
        25,
    ),
    Plan("email", "tmall", (("b", "您好，我们公司想批量采购200套四件套作为员工福利，请问有团购价吗？"),), WAITING, 95),
    # --- in-sale: 催发货, address changes ---
    Plan(
        "taobao",
        "tmall",
        (
            ("b", "我的订单{订单号}什么时候发货啊，都两天了"),
            ("a", "亲，已经帮您催仓库加急了，预计{预计发货}前发出~"),
            ("n", "已联系仓库加急，明早第一批"),
            ("b", "好的，麻烦快点"),
        ),
        RESOLVED,
        20 * 60,
        PAID,
    ),
    Plan(
        "taobao",
        "taobao",
        (
            ("b", "地址填错了，能帮我改成杭州市西湖区文三路100号吗，订单{订单号}"),
            ("a", "亲，订单{订单号}还没发货，已经帮您把地址改好了~"),
        ),
        RESOLVED,
        9 * 60,
        PAID,
    ),
    Plan("taobao", "taobao", (("b", "快递到哪了？单号{物流单号}好几天没动了"),), WAITING, 6, SHIPPED),
    Plan(
        "jd",
        "jd",
        (
            ("b", "京东不是当天发吗，订单{订单号}怎么还没发"),
            ("a", "亲，抱歉久等了，订单{订单号}预计{预计发货}前发出，已为您加急~"),
        ),
        RESOLVED,
        3 * 60,
        PAID,
    ),
    Plan("pdd", "pdd", (("b", "发货了吗？订单{订单号}"),), WAITING, 30, PAID),
    Plan(
        "phone",
        "tmall",
        (
            ("b", "来电：订单{订单号}能不能今天发货，周末要用"),
            ("n", "电话已答复：今天下午随第一批发出"),
            ("a", "亲，刚才电话里说的订单{订单号}今天下午发出，物流单号出来后发给您~"),
        ),
        RESOLVED,
        4 * 60,
        PAID,
    ),
    # --- after-sales: returns and complaints ---
    Plan(
        "taobao",
        "tmall",
        (
            ("b", "收到的衣服有个破洞，太失望了，我要投诉"),
            ("a", "亲，非常抱歉！麻烦拍一下破洞的照片发给我，我们马上为您处理"),
            ("n", "质量问题，建议补发并送20元券"),
            ("b", "照片发了，尽快处理"),
        ),
        OPEN,
        55,
        SHIPPED,
    ),
    Plan(
        "taobao",
        "taobao",
        (
            ("b", "衣服小了想退货，订单{订单号}怎么操作"),
            ("a", "亲，在订单{订单号}页面申请退货退款，寄回后1-2天内处理退款~"),
            ("b", "好的"),
        ),
        CLOSED,
        4 * 24 * 60,
        SHIPPED,
    ),
    Plan(
        "douyin",
        "douyin",
        (
            ("b", "物流{物流单号}显示签收了，但我没收到啊"),
            ("a", "亲，别着急，已经帮您联系快递核实，有结果第一时间告诉您"),
            ("n", "快递员放驿站了，已让其送货上门"),
        ),
        RESOLVED,
        28 * 60,
        SHIPPED,
    ),
    Plan(
        "email",
        "tmall",
        (
            ("b", "我上周申请的退款到现在还没到账，订单{订单号}，请尽快处理。"),
            ("a", "您好，订单{订单号}的退款已原路退回，一般1-3个工作日到账，请留意查收。"),
        ),
        CLOSED,
        3 * 24 * 60,
        SHIPPED,
    ),
)

# A missed call to the shop's hotline (logged, to be called back), and an answered one, per round.
MISSED_CALLS = 2
