"""The Taobao/Tmall seller-centre order export as a pair of files, generated: orders and their lines.

    .venv/bin/python bench/taobao_export.py --rows 20000 --out /tmp/pair   # write a pair to look at or import

``generate`` makes the orders (1, 2, 1 or 3 lines each, 1.75 on average; statuses, buyers, times,
carriers, messages in realistic shares) from a fixed seed, so every importer and baseline of
``order_import.py`` sees the same data; ``write_files`` writes them as the seller centre does
(CSV, UTF-8 with BOM, ``="…"`` numbers), ``write_xlsx`` the same pair as XLSX. Every 商家编码 is
``sku_code(i)`` for i below ``SKU_COUNT``: the catalogue the importing side creates first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from random import Random

ORDER_HEADER = [
    *("订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "买家应付邮费", "总金额", "买家实际支付金额"),
    *("订单状态", "买家留言", "收货人姓名", "收货地址", "联系手机", "订单创建时间", "订单付款时间", "宝贝标题"),
    *("宝贝种类", "物流单号", "物流公司", "订单备注", "宝贝总数量", "退款金额"),
]
LINE_HEADER = [
    *("订单编号", "标题", "价格", "购买数量", "外部系统编号", "商品属性", "套餐信息", "备注", "订单状态", "商家编码"),
]

PRODUCTS, COLOURS, SIZES = 500, ("白色", "黑色", "藏青", "燕麦"), ("M", "L")
SKU_COUNT = PRODUCTS * len(COLOURS) * len(SIZES)
GOODS = (
    "纯棉短袖T恤女宽松百搭上衣",
    "高腰直筒牛仔裤显瘦",
    "法式碎花连衣裙收腰",
    "冰丝防晒衬衫薄款",
    "休闲运动卫衣连帽",
)
# Taobao status text → ours, with its share of orders (out of 20).
STATUSES = (
    ("交易成功", "completed", 12),
    ("卖家已发货，等待买家确认", "shipped", 3),
    ("买家已付款，等待卖家发货", "awaiting_shipment", 3),
    ("等待买家付款", "pending_payment", 1),
    ("交易关闭", "closed", 1),
)
STATUS_OF_ORDER = [(text, ours) for text, ours, share in STATUSES for _ in range(share)]
CARRIERS = (("顺丰速运", "SF{:013d}"), ("中通快递", "78{:012d}"), ("圆通速递", "YT{:013d}"), ("韵达快递", "46{:013d}"))
ADDRESSES = (
    ("浙江省", "杭州市", "西湖区", "文三路", "310000"),
    ("上海", "上海市", "浦东新区", "张杨路", "200120"),
    ("广东省", "深圳市", "南山区", "科技园南路", "518057"),
    ("北京", "北京市", "朝阳区", "建国路", "100022"),
    ("四川省", "成都市", "武侯区", "人民南路四段", "610041"),
    ("江苏省", "南京市", "鼓楼区", "中山北路", "210008"),
    ("湖北省", "武汉市", "洪山区", "珞喻路", "430074"),
)
SURNAMES, GIVEN = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高", ("小明", "丽", "伟", "芳", "静", "磊", "婷婷", "浩然")
NICKNAMES = ("tb", "快乐的小鱼", "夏天的风", "猫咪爱吃鱼", "lucky_")
MESSAGES = ("请尽快发货，谢谢", "加急，周五前要用", "麻烦发顺丰", "送人的，别放价格单")  # "加急" holds a paid order
BASE_TIME = dt.datetime(2026, 8, 1)
SPAN_SECONDS = 90 * 86400


@dataclass
class GeneratedOrder:
    """One order as the generator made it: what both files and the raw baseline are written from."""

    number: str
    buyer: int  # buyer index; nickname, name and phone follow from it
    status_text: str
    status: str
    created: dt.datetime
    paid: dt.datetime | None
    shipping_fee: Decimal
    message: str
    memo: str
    carrier: str
    tracking: str
    lines: list[tuple[int, int, Decimal]]  # (sku index, quantity, unit price)

    @property
    def goods(self) -> Decimal:
        return sum((price * qty for _sku, qty, price in self.lines), Decimal("0.00"))


def sku_code(index: int) -> str:
    return f"MC{index:06d}"


def sku_title(index: int) -> tuple[str, str]:
    product = index // (len(COLOURS) * len(SIZES))
    colour, size = COLOURS[index % len(COLOURS)], SIZES[(index // len(COLOURS)) % len(SIZES)]
    return f"2026夏季新款{GOODS[product % len(GOODS)]} {product}", f"颜色分类：{colour};尺码：{size}"


def sku_price(index: int) -> Decimal:
    return Decimal(59 + (index // 8) % 240) + Decimal("0.90")


def buyer_fields(index: int) -> tuple[str, str, str]:
    """Nickname, receiver name and mobile number of buyer ``index``."""
    nickname = f"{NICKNAMES[index % len(NICKNAMES)]}{index}"
    name = SURNAMES[index % len(SURNAMES)] + GIVEN[(index // len(SURNAMES)) % len(GIVEN)]
    return nickname, name, f"1{3 + index % 7}{(index * 7919) % 10**9:09d}"


def buyer_address(index: int) -> tuple[str, str, str, str, str]:
    province, city, district, street, postcode = ADDRESSES[index % len(ADDRESSES)]
    return province, city, district, f"{street}{1 + index % 300}号", postcode


def generate(line_count: int, seed: int = 7) -> Iterator[GeneratedOrder]:
    """Orders whose lines add up to exactly ``line_count``: 1, 2, 1 or 3 lines (1.75 on average)."""
    rng = Random(seed)
    expected_orders = max(1, round(line_count / 1.75))
    buyers = max(1, expected_orders * 3 // 5)  # two orders in five come from a returning buyer
    written, n = 0, 0
    while written < line_count:
        size = min((1, 2, 1, 3)[n % 4], line_count - written)
        text, ours = STATUS_OF_ORDER[n % len(STATUS_OF_ORDER)]
        created = BASE_TIME + dt.timedelta(seconds=n * SPAN_SECONDS // expected_orders + rng.randrange(60))
        paid = None if ours in ("pending_payment", "closed") else created + dt.timedelta(seconds=rng.randrange(30, 900))
        carrier, tracking = "", ""
        if ours in ("completed", "shipped"):
            carrier, pattern = CARRIERS[n % len(CARRIERS)]
            tracking = pattern.format(10**11 + n)
        chosen = rng.sample(range(SKU_COUNT), size)
        lines = [(sku, 1 if rng.random() < 0.8 else rng.randint(2, 3), sku_price(sku)) for sku in chosen]
        yield GeneratedOrder(
            number=str(3_480_000_000_000_000_000 + n * 7919),
            buyer=rng.randrange(buyers),
            status_text=text,
            status=ours,
            created=created,
            paid=paid,
            shipping_fee=Decimal("10.00") if n % 8 == 0 else Decimal("0.00"),
            message=MESSAGES[n // 7 % len(MESSAGES)] if n % 7 == 0 else "",
            memo="已核对地址" if n % 20 == 7 else "",
            carrier=carrier,
            tracking=tracking,
            lines=lines,
        )
        written += size
        n += 1


def quoted(number: str) -> str:
    return f'="{number}"'


def file_rows(order: GeneratedOrder) -> tuple[list[str], list[list[str]]]:
    """The order file's row and the line file's rows of one order, as the seller centre writes them."""
    nickname, name, phone = buyer_fields(order.buyer)
    province, city, district, detail, postcode = buyer_address(order.buyer)
    goods = order.goods
    total = goods + order.shipping_fee
    paid = total if order.paid else Decimal("0.00")
    first_title = sku_title(order.lines[0][0])[0]
    row = [
        quoted(order.number),
        nickname,
        f"{phone[:3]}****{phone[-4:]}",
        str(goods),
        str(order.shipping_fee),
        str(total),
        str(paid),
        order.status_text,
        order.message,
        name,
        f"{province} {city} {district} {detail} ({postcode})",
        quoted(phone),
        f"{order.created:%Y-%m-%d %H:%M:%S}",
        f"{order.paid:%Y-%m-%d %H:%M:%S}" if order.paid else "",
        first_title,
        str(len(order.lines)),
        quoted(order.tracking) if order.tracking else "",
        order.carrier,
        order.memo,
        str(sum(qty for _sku, qty, _price in order.lines)),
        "0.00",
    ]
    lines = []
    for sku, qty, price in order.lines:
        title, attributes = sku_title(sku)
        lines.append(
            [
                quoted(order.number),
                title,
                str(price),
                str(qty),
                sku_code(sku),
                attributes,
                "",
                "",
                order.status_text,
                sku_code(sku),
            ]
        )
    return row, lines


def write_files(directory: Path, line_count: int) -> tuple[Path, Path, int]:
    """The order file and the line file of ``line_count`` lines; returns their paths and the orders.

    Written as the seller centre writes them: ``="…"`` cells are not CSV-quoted (a reader sees the
    text ``="…"``); no generated value holds a comma, a quote or a line break.
    """
    orders_path, lines_path = directory / "ExportOrderList.csv", directory / "ExportOrderDetailList.csv"
    count = 0
    with (
        orders_path.open("w", encoding="utf-8-sig") as order_file,
        lines_path.open("w", encoding="utf-8-sig") as line_file,
    ):
        order_file.write(",".join(ORDER_HEADER) + "\n")
        line_file.write(",".join(LINE_HEADER) + "\n")
        for order in generate(line_count):
            row, lines = file_rows(order)
            order_file.write(",".join(row) + "\n")
            line_file.writelines(",".join(line) + "\n" for line in lines)
            count += 1
    return orders_path, lines_path, count


def write_xlsx(directory: Path, orders_path: Path, lines_path: Path) -> tuple[Path, Path]:
    """The same pair saved as XLSX (openpyxl, write-only): numbers are text cells, without ``="…"``."""
    from openpyxl import Workbook

    paths = []
    for source in (orders_path, lines_path):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        with source.open(encoding="utf-8-sig") as handle:
            for line in handle:
                sheet.append([cell[2:-1] if cell[:2] == '="' else cell for cell in line.rstrip("\n").split(",")])
        path = source.with_suffix(".xlsx")
        workbook.save(path)
        paths.append(path)
    return paths[0], paths[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="order lines (default 100000)")
    parser.add_argument("--quick", action="store_true", help="5000 lines")
    parser.add_argument("--out", type=Path, help="directory to keep the pair in (default: a temporary one)")
    args = parser.parse_args()
    count = 5000 if args.quick else args.rows
    with tempfile.TemporaryDirectory(prefix="zhanggui-taobao-") as tmp:
        directory = args.out or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        orders_path, lines_path, orders = write_files(directory, count)
        seconds = time.perf_counter() - started
        print(f"{count:,} lines of {orders:,} orders in {seconds:.1f} s: {orders_path}, {lines_path}")
    print(json.dumps({"orders": orders, "rows": count, "write_rows_per_s": round(count / seconds)}, sort_keys=True))


if __name__ == "__main__":
    main()
