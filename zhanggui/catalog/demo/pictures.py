"""Pictures of the demo products, drawn here with Pillow: no downloaded or copied file.

One picture per product line and colour (a black 连衣裙, an oat 四件套 …): every product of that line
shows the same drawing in its colours, so a build draws a few dozen pictures whatever its size.
Each goes through the same check as an upload (re-encoded, thumbnails) and is stored under a uuid
derived from line and colour, so a rerun finds the files and writes nothing.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

from zhanggui.core.uploads import check_image

from ..models import THUMBNAIL_EDGES, ProductImage, Sku, image_variant_name
from ..services import picture_files_write
from .plan import ProductPlan

SIZE = 320  # the large thumbnail's size: a bigger drawing would add nothing a page shows
BACKGROUND = (244, 241, 236)
NAMESPACE = uuid.UUID("6f1d1f1e-6b4e-4c1e-9a51-7a6e6f6d0001")  # fixed: the demo's file names never change

# Colour code (as in merchant codes) → RGB.
PALETTE: dict[str, tuple[int, int, int]] = {
    "BLK": (40, 40, 44),
    "WHT": (250, 250, 247),
    "IVY": (240, 233, 216),
    "FLW": (247, 245, 238),
    "APR": (232, 196, 158),
    "OAT": (214, 198, 170),
    "CML": (190, 144, 94),
    "KHK": (186, 168, 120),
    "LGY": (196, 198, 201),
    "GRY": (128, 130, 134),
    "BLU": (124, 148, 176),
    "NVY": (38, 50, 88),
    "GRN": (42, 84, 62),
    "PNK": (212, 158, 156),
    "WIN": (120, 32, 48),
}

Shape = list[tuple[float, float]]


def _scaled(points: Shape) -> Shape:
    """Outlines are drawn on a 0–100 grid."""
    return [(x * SIZE / 100, y * SIZE / 100) for x, y in points]


# The outline of each product line's goods, by category name.
OUTLINES: dict[str, list[Shape]] = {
    "T恤": [
        [
            (30, 20),
            (42, 16),
            (58, 16),
            (70, 20),
            (86, 34),
            (76, 44),
            (70, 38),
            (70, 84),
            (30, 84),
            (30, 38),
            (24, 44),
            (14, 34),
        ]
    ],
    "连衣裙": [[(40, 12), (60, 12), (62, 36), (58, 42), (80, 88), (20, 88), (42, 42), (38, 36)]],
    "羽绒服": [
        [
            (32, 16),
            (68, 16),
            (86, 30),
            (88, 80),
            (76, 80),
            (74, 44),
            (72, 86),
            (28, 86),
            (26, 44),
            (24, 80),
            (12, 80),
            (14, 30),
        ]
    ],
    "针织衫": [
        [
            (32, 18),
            (68, 18),
            (84, 32),
            (86, 78),
            (76, 78),
            (72, 42),
            (72, 84),
            (28, 84),
            (28, 42),
            (24, 78),
            (14, 78),
            (16, 32),
        ]
    ],
    "半身裙": [[(34, 20), (66, 20), (82, 84), (18, 84)]],
    "四件套": [
        [(12, 40), (88, 40), (88, 86), (12, 86)],
        [(18, 22), (48, 22), (48, 38), (18, 38)],
        [(52, 22), (82, 22), (82, 38), (52, 38)],
    ],
    "被子": [[(14, 22), (86, 22), (86, 80), (14, 80)]],
    "枕头": [[(16, 34), (50, 30), (84, 34), (88, 50), (84, 68), (50, 72), (16, 68), (12, 50)]],
    "围巾": [[(36, 10), (52, 10), (52, 74), (36, 74)], [(52, 20), (66, 20), (74, 86), (60, 86)]],
    "帽子": [
        [(30, 60), (32, 40), (40, 30), (50, 27), (60, 30), (68, 40), (70, 60)],
        [(18, 60), (82, 60), (82, 68), (18, 68)],
    ],
}


def _edge(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """A darker line around the shape, so white goods stand out from the background."""
    return (max(colour[0] - 60, 0), max(colour[1] - 60, 0), max(colour[2] - 60, 0))


def _pattern(draw: ImageDraw.ImageDraw, noun: str, code: str, colour: tuple[int, int, int]) -> None:
    """Stitching that tells the goods apart (a down jacket's baffles, a quilt's squares), then the colour's print."""
    if noun in ("羽绒服", "被子"):
        for y in range(SIZE // 8, SIZE, SIZE // 10):
            draw.line((0, y, SIZE, y), fill=_edge(colour), width=2)
    if noun == "被子":
        for x in range(SIZE // 8, SIZE, SIZE // 10):
            draw.line((x, 0, x, SIZE), fill=_edge(colour), width=2)
    if code == "FLW":  # 碎花白: small flowers
        for x in range(SIZE // 8, SIZE, SIZE // 9):
            for y in range(SIZE // 6, SIZE, SIZE // 9):
                draw.ellipse((x, y, x + SIZE // 40, y + SIZE // 40), fill=(206, 96, 112))
    elif code == "GRY":  # 格纹灰: a check
        for step in range(0, SIZE, SIZE // 15):
            draw.line((step, 0, step, SIZE), fill=_edge(colour), width=3)
            draw.line((0, step, SIZE, step), fill=_edge(colour), width=3)


def draw_picture(noun: str, code: str) -> bytes:
    """A PNG of the line's outline filled with the colour (and its pattern) on a light background."""
    colour = PALETTE.get(code, (160, 160, 160))
    canvas = Image.new("RGB", (SIZE, SIZE), BACKGROUND)
    fill = Image.new("RGB", (SIZE, SIZE), colour)
    _pattern(ImageDraw.Draw(fill), noun, code, colour)
    mask = Image.new("L", (SIZE, SIZE), 0)
    outline = ImageDraw.Draw(canvas)
    for shape in OUTLINES.get(noun, [[(20, 20), (80, 20), (80, 80), (20, 80)]]):
        ImageDraw.Draw(mask).polygon(_scaled(shape), fill=255)
    canvas.paste(fill, mask=mask)
    for shape in OUTLINES.get(noun, [[(20, 20), (80, 20), (80, 80), (20, 80)]]):
        outline.polygon(_scaled(shape), outline=_edge(colour), width=3)
    out = io.BytesIO()
    canvas.save(out, "PNG")
    return out.getvalue()


def demo_picture(noun: str, code: str, draw: Callable[[str, str], bytes] = draw_picture) -> tuple[str, int, int]:
    """The stored name and size of the line's picture in this colour, drawn and stored on first use."""
    key = uuid.uuid5(NAMESPACE, f"{noun}:{code}")
    name = f"{settings.ZHANGGUI_PUBLIC_MEDIA_DIR}/catalog/{key.hex[:2]}/{key.hex}.png"
    if all(default_storage.exists(n) for n in (name, *(image_variant_name(name, e) for e in THUMBNAIL_EDGES))):
        return name, SIZE, SIZE
    checked = check_image(io.BytesIO(draw(noun, code)), field="image", thumbnail_edges=THUMBNAIL_EDGES)
    for stale in (name, *(image_variant_name(name, e) for e in THUMBNAIL_EDGES)):
        default_storage.delete(stale)  # a half-written set from an interrupted build
    stored = picture_files_write(checked, key=key)
    return stored, checked.width, checked.height


def upsert_pictures(plans: list[ProductPlan], product_ids: dict[str, int], sku_ids: dict[str, int]) -> tuple[int, int]:
    """Each product without pictures gets one per colour (the first is main) and each SKU its colour's.

    Returns how many pictures were created and how many distinct drawings they show.
    """
    pictured = set(
        ProductImage.objects.filter(product_id__in=product_ids.values()).values_list("product_id", flat=True)
    )
    drawn: dict[tuple[str, str], tuple[str, int, int]] = {}
    new: list[ProductImage] = []
    picture_of_sku: dict[int, tuple[int, str]] = {}  # SKU id → (product id, picture name)
    for plan in plans:
        product_id = product_ids[plan.spu_code]
        if product_id in pictured:
            continue
        codes = dict(plan.line.colours)
        names: dict[str, str] = {}  # colour code → picture name, in the order the SKUs list the colours
        for code in dict.fromkeys(codes[sku.attributes["color"]] for sku in plan.skus):
            if (plan.line.noun, code) not in drawn:
                drawn[plan.line.noun, code] = demo_picture(plan.line.noun, code)
            name, width, height = drawn[plan.line.noun, code]
            position, names[code] = len(names), name
            new.append(ProductImage(product_id=product_id, position=position, file=name, width=width, height=height))
        for sku in plan.skus:
            picture_of_sku[sku_ids[sku.merchant_code]] = (product_id, names[codes[sku.attributes["color"]]])
    ProductImage.objects.bulk_create(new, batch_size=500)
    image_ids = {
        (product_id, name): pk
        for pk, product_id, name in ProductImage.objects.filter(
            product_id__in={image.product_id for image in new}
        ).values_list("pk", "product_id", "file")
    }
    skus = [Sku(pk=sku_id, image_id=image_ids[picture]) for sku_id, picture in picture_of_sku.items()]
    Sku.objects.bulk_update(skus, ["image"], batch_size=500)
    return len(new), len(drawn)
