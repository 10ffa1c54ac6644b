"""What 暖木 sells: the category tree, warehouses and, per leaf category, how its products look.

Each product line lists the words its product names are made of, its colours, sizes, materials
(with a price factor), list-price range, selling points and FAQ. The size charts and the
store-wide FAQ are in ``knowledge.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

BRAND = "暖木"

WAREHOUSES = [("hz-main", "杭州主仓", "浙江杭州"), ("gz", "广州仓", "广东广州"), ("tj", "天津仓", "天津")]

# Company prefix of the demo barcodes: 69x is the GS1 China range.
BARCODE_PREFIX = "697351"


@dataclass(frozen=True)
class Material:
    name: str
    price_factor: float
    highlights: tuple[str, ...]  # how the product name advertises it


@dataclass(frozen=True)
class Line:
    """A leaf category and the shape of its products."""

    parent: str
    noun: str  # the category name, also the last word of each product name
    prefix: str  # two letters in the product code: NM-DJ2601
    per_scale: int  # products at demo size small
    leads: tuple[str, ...]  # first words of a name: season or collection
    styles: tuple[str, ...]
    tags: tuple[str, ...]  # selling words in the name: 显瘦, 百搭 …
    materials: tuple[Material, ...]
    colours: tuple[tuple[str, str], ...]  # (颜色, code)
    colours_per_product: tuple[int, int]
    sizes: tuple[tuple[str, str], ...]  # (尺码, code)
    size_price_steps: tuple[float, ...]  # price factor per size (bedding costs more when bigger)
    price: tuple[int, int]  # list price range in yuan
    low_stock_threshold: int
    fills: tuple[str, ...]  # 充绒量 / 被芯重量, quoted in selling points and FAQ answers
    points: tuple[str, ...]
    faqs: tuple[tuple[str, str], ...]


APPAREL_4 = (("S", "S"), ("M", "M"), ("L", "L"), ("XL", "XL"))
SAME_PRICE_4 = (1.0, 1.0, 1.0, 1.0)
SIZE_FAQ = (
    "偏大还是偏小？怎么选码？",
    "版型标准，按平时尺码选择即可；介于两个尺码之间建议选大一码，详见{noun}尺码表。",
)
CARE_FAQ = ("可以机洗吗？怎么洗护？", "{care}。")
SPRING_SUMMER = ("2026春季新款", "2026夏季新款", "2026早秋新款")
AUTUMN_WINTER = ("2026冬季新款", "2026秋冬新款", "2025冬季")
WEAR_TAGS = ("显瘦", "百搭", "气质", "高级感", "通勤", "小个子")
HOME_TAGS = ("亲肤", "裸睡级", "柔软", "透气", "抗菌", "舒适")
GIFT_TAGS = ("百搭", "保暖", "高级感", "送礼", "韩系", "复古")
HOME = ("2026新款", "A类母婴级", "酒店风", "轻奢")

LINES: tuple[Line, ...] = (
    Line(
        parent="女装",
        noun="连衣裙",
        prefix="LY",
        per_scale=10,
        leads=SPRING_SUMMER,
        styles=("法式方领", "收腰V领", "碎花", "赫本风", "衬衫式", "吊带", "针织长款"),
        tags=WEAR_TAGS,
        materials=(
            Material("真丝", 2.2, ("22姆米重磅真丝", "桑蚕丝")),
            Material("棉", 1.0, ("纯棉", "精梳棉")),
            Material("醋酸", 1.5, ("醋酸缎面", "垂感醋酸")),
            Material("涤纶", 0.9, ("雪纺", "垂感")),
        ),
        colours=(("黑色", "BLK"), ("杏色", "APR"), ("雾霾蓝", "BLU"), ("酒红", "WIN"), ("碎花白", "FLW")),
        colours_per_product=(2, 3),
        sizes=APPAREL_4,
        size_price_steps=SAME_PRICE_4,
        price=(199, 459),
        low_stock_threshold=10,
        fills=(),
        points=(
            "{material}面料，垂坠感好，上身不闷热",
            "收腰剪裁，显瘦又遮肉",
            "有内衬不透，单穿外穿都可以",
            "后中隐形拉链，穿脱方便",
            "通勤约会两相宜，搭开衫或西装外套都好看",
        ),
        faqs=(
            ("会透吗？需要穿打底吗？", "浅色款有内衬，正常光线下不透；白色、杏色在强光下建议搭配肤色内衣。"),
            ("容易皱吗？", "{material}面料久坐会有轻微褶皱，挂起或用蒸汽熨斗低温熨烫即可恢复。"),
            SIZE_FAQ,
            CARE_FAQ,
        ),
    ),
    Line(
        parent="女装",
        noun="T恤",
        prefix="TX",
        per_scale=8,
        leads=SPRING_SUMMER,
        styles=("宽松圆领", "修身短袖", "落肩", "印花", "长袖打底"),
        tags=WEAR_TAGS,
        materials=(
            Material("棉", 1.0, ("新疆长绒棉", "纯棉", "重磅纯棉")),
            Material("莫代尔", 1.2, ("莫代尔", "冰丝莫代尔")),
        ),
        colours=(("白色", "WHT"), ("黑色", "BLK"), ("燕麦色", "OAT"), ("浅灰", "LGY"), ("豆沙粉", "PNK")),
        colours_per_product=(3, 4),
        sizes=APPAREL_4,
        size_price_steps=SAME_PRICE_4,
        price=(59, 169),
        low_stock_threshold=10,
        fills=(),
        points=(
            "{material}亲肤透气，夏天贴身穿不黏",
            "罗纹领口加固，洗多次不松垮",
            "预缩处理，按洗标洗涤几乎不缩水",
            "百搭基础款，配牛仔裤、半身裙都合适",
        ),
        faqs=(
            ("会缩水吗？", "面料经过预缩处理，按洗标洗涤缩率在3%以内。"),
            ("领口会变形吗？", "领口采用罗纹加固，反复洗涤不易松垮。"),
            SIZE_FAQ,
            CARE_FAQ,
        ),
    ),
    Line(
        parent="女装",
        noun="羽绒服",
        prefix="DJ",
        per_scale=8,
        leads=AUTUMN_WINTER,
        styles=("轻薄短款", "连帽中长款", "面包款", "立领短款", "过膝长款"),
        tags=WEAR_TAGS,
        materials=(
            Material("白鸭绒", 1.0, ("90白鸭绒", "90%白鸭绒 高蓬松")),
            Material("白鹅绒", 1.6, ("95白鹅绒", "95%白鹅绒 高充绒")),
        ),
        colours=(("黑色", "BLK"), ("奶白", "IVY"), ("驼色", "CML"), ("藏青", "NVY"), ("雾霾蓝", "BLU")),
        colours_per_product=(2, 3),
        sizes=(*APPAREL_4, ("XXL", "XXL")),
        size_price_steps=(1.0, 1.0, 1.0, 1.0, 1.0),
        price=(399, 999),
        low_stock_threshold=10,
        fills=("120g", "150g", "180g", "220g", "260g"),
        points=(
            "{material}，充绒量{fill}，轻盈保暖",
            "防钻绒面料加高密内胆，不易跑绒",
            "面料防泼水，小雨小雪不怕",
            "可拆卸帽子，一衣两穿",
            "袖口防风设计，冷风不往里灌",
        ),
        faqs=(
            ("羽绒服可以机洗吗？", "{care}。"),
            ("充绒量是多少？零下几度能穿？", "本款充绒量约{fill}，建议0℃至-10℃穿着，北方户外可内搭毛衣。"),
            (
                "会跑绒吗？",
                "采用防钻绒面料和高密内胆；少量细绒从针孔带出属正常现象，轻拍或剪掉即可，不要往外拉。",
            ),
            SIZE_FAQ,
        ),
    ),
    Line(
        parent="女装",
        noun="针织衫",
        prefix="ZZ",
        per_scale=7,
        leads=AUTUMN_WINTER,
        styles=("圆领套头", "V领开衫", "半高领", "慵懒风宽松", "短款开衫"),
        tags=WEAR_TAGS,
        materials=(
            Material("羊毛", 1.4, ("100%美利奴羊毛", "澳洲羊毛")),
            Material("羊绒", 2.5, ("山羊绒", "100%羊绒")),
            Material("棉", 0.8, ("纯棉针织", "精梳棉")),
        ),
        colours=(("燕麦色", "OAT"), ("奶白", "IVY"), ("驼色", "CML"), ("墨绿", "GRN"), ("黑色", "BLK")),
        colours_per_product=(3, 4),
        sizes=APPAREL_4,
        size_price_steps=SAME_PRICE_4,
        price=(159, 399),
        low_stock_threshold=10,
        fills=(),
        points=(
            "{material}手感柔软，贴身穿不扎",
            "细针密织，不易起球变形",
            "宽松版型，内搭衬衫外搭大衣都可以",
            "袖口下摆罗纹收口，保暖不漏风",
        ),
        faqs=(
            ("会起球吗？", "{material}纤维较长，日常穿着很少起球；摩擦多的部位偶有小球，可用剪毛器修剪。"),
            ("会扎人吗？", "{material}手感柔软，敏感肌也可贴身穿；对羊毛敏感的顾客建议内搭打底衫。"),
            SIZE_FAQ,
            CARE_FAQ,
        ),
    ),
    Line(
        parent="女装",
        noun="半身裙",
        prefix="BS",
        per_scale=6,
        leads=SPRING_SUMMER,
        styles=("A字", "百褶", "包臀", "高腰伞摆", "开衩直筒"),
        tags=WEAR_TAGS,
        materials=(
            Material("羊毛", 1.5, ("羊毛混纺", "精纺羊毛")),
            Material("涤纶", 0.9, ("垂感", "抗皱")),
            Material("棉麻", 1.0, ("棉麻", "亚麻混纺")),
        ),
        colours=(("黑色", "BLK"), ("卡其", "KHK"), ("燕麦色", "OAT"), ("藏青", "NVY")),
        colours_per_product=(2, 3),
        sizes=APPAREL_4,
        size_price_steps=SAME_PRICE_4,
        price=(129, 329),
        low_stock_threshold=10,
        fills=(),
        points=(
            "高腰设计，拉长腿部比例",
            "{material}面料挺括有型，久坐不易皱",
            "全衬设计，不透不起静电",
            "后腰松紧，吃饭也不勒",
        ),
        faqs=(
            ("有内衬吗？", "有，全衬设计，不透也不起静电。"),
            ("腰头是松紧的吗？", "后腰有约4cm松紧，前腰平整，上身更显腰细。"),
            SIZE_FAQ,
            CARE_FAQ,
        ),
    ),
    Line(
        parent="家纺",
        noun="四件套",
        prefix="SJ",
        per_scale=6,
        leads=HOME,
        styles=("纯色简约", "水洗", "北欧格纹", "刺绣花边", "撞色包边"),
        tags=HOME_TAGS,
        materials=(
            Material("长绒棉", 1.0, ("全棉长绒棉", "100支长绒棉")),
            Material("天丝", 1.3, ("兰精天丝", "冰丝天丝")),
            Material("真丝", 3.0, ("19姆米桑蚕丝", "重磅真丝")),
        ),
        colours=(("奶白", "IVY"), ("浅灰", "LGY"), ("雾霾蓝", "BLU"), ("豆沙粉", "PNK"), ("墨绿", "GRN")),
        colours_per_product=(2, 4),
        sizes=(("1.5m床", "150"), ("1.8m床", "180"), ("2.0m床", "200")),
        size_price_steps=(1.0, 1.15, 1.3),
        price=(299, 699),
        low_stock_threshold=5,
        fills=(),
        points=(
            "{material}，亲肤柔软，越洗越软",
            "活性印染，不易褪色",
            "被套拉链隐藏式设计，四角有系带防滑",
            "A类母婴级标准，宝宝也能用",
        ),
        faqs=(
            ("洗了会掉色吗？", "采用活性印染，首次洗涤有少量浮色属正常，建议单独洗涤。"),
            ("1.8m的床选哪个规格？", "选1.8m床规格：被套220×240cm，床单245×250cm，适配200×230cm以内的被芯。"),
            ("会起球吗？", "{material}纤维长、表面光滑，正常使用不易起球。"),
            CARE_FAQ,
        ),
    ),
    Line(
        parent="家纺",
        noun="被子",
        prefix="BZ",
        per_scale=5,
        leads=HOME,
        styles=("春秋", "加厚冬季", "夏凉", "子母"),
        tags=HOME_TAGS,
        materials=(
            Material("蚕丝", 2.0, ("100%桑蚕丝", "长丝蚕丝")),
            Material("白鸭绒", 1.6, ("95白鸭绒", "羽绒")),
            Material("大豆纤维", 0.8, ("大豆纤维", "抗菌大豆")),
        ),
        colours=(("奶白", "IVY"), ("浅灰", "LGY"), ("豆沙粉", "PNK")),
        colours_per_product=(1, 2),
        sizes=(("150×200cm", "150"), ("200×230cm", "200"), ("220×240cm", "220")),
        size_price_steps=(1.0, 1.3, 1.5),
        price=(259, 999),
        low_stock_threshold=5,
        fills=("1.0kg", "1.5kg", "2.0kg", "2.5kg"),
        points=(
            "{material}填充，重量{fill}，蓬松保暖",
            "全棉面料，防钻绒、不闷汗",
            "四角定位扣，被芯不跑位",
            "独立包装，附赠收纳袋",
        ),
        faqs=(
            ("被子可以机洗吗？", "{care}。"),
            (
                "被芯多重？适合什么季节？",
                "本款被芯重{fill}：1.0kg适合夏季空调房，1.5–2.0kg适合春秋，2.5kg适合冬季（南方无暖气也够用）。",
            ),
            ("新被子有异味吗？", "{material}填充拆封后可能有轻微气味，通风晾晒半天即可散去。"),
        ),
    ),
    Line(
        parent="家纺",
        noun="枕头",
        prefix="ZT",
        per_scale=4,
        leads=HOME,
        styles=("护颈", "一对装", "单只装", "可调节"),
        tags=HOME_TAGS,
        materials=(
            Material("乳胶", 1.5, ("泰国天然乳胶", "天然乳胶")),
            Material("羽绒", 1.2, ("羽绒", "白鹅绒")),
            Material("荞麦", 0.7, ("荞麦壳", "荞麦")),
        ),
        colours=(("白色", "WHT"), ("浅灰", "LGY")),
        colours_per_product=(1, 2),
        sizes=(("低枕", "LOW"), ("中枕", "MID"), ("高枕", "HIGH")),
        size_price_steps=(1.0, 1.0, 1.1),
        price=(69, 259),
        low_stock_threshold=5,
        fills=(),
        points=(
            "{material}枕芯，贴合颈椎曲线",
            "低中高三种枕高可选，仰睡侧睡都合适",
            "枕套可拆洗，枕芯透气不闷",
        ),
        faqs=(
            ("枕头高度怎么选？", "仰睡选中枕，侧睡或肩宽选高枕，趴睡或体型偏瘦选低枕，详见枕头尺码表。"),
            ("枕芯可以水洗吗？", "{care}。"),
            ("新枕头有味道吗？", "{material}枕芯拆封后有轻微气味属正常，放在通风处1–3天即可散去。"),
        ),
    ),
    Line(
        parent="配饰",
        noun="围巾",
        prefix="WJ",
        per_scale=4,
        leads=AUTUMN_WINTER,
        styles=("纯色流苏", "格纹", "双面", "长款披肩"),
        tags=GIFT_TAGS,
        materials=(
            Material("羊绒", 2.5, ("100%羊绒", "内蒙古山羊绒")),
            Material("羊毛", 1.2, ("羊毛", "美利奴羊毛")),
            Material("真丝", 1.5, ("真丝", "桑蚕丝")),
        ),
        colours=(("驼色", "CML"), ("燕麦色", "OAT"), ("酒红", "WIN"), ("黑色", "BLK"), ("格纹灰", "GRY")),
        colours_per_product=(3, 5),
        sizes=(("均码", "F"),),
        size_price_steps=(1.0,),
        price=(99, 299),
        low_stock_threshold=8,
        fills=(),
        points=(
            "{material}材质，轻薄却很保暖",
            "200×70cm大尺寸，可当披肩",
            "精致礼盒包装，送礼合适",
        ),
        faqs=(
            ("会掉毛吗？", "首次佩戴可能有少量浮毛，轻拍或用粘毛器处理即可，之后会明显减少。"),
            ("可以当披肩吗？", "可以，尺寸为200×70cm，展开可作披肩。"),
            CARE_FAQ,
        ),
    ),
    Line(
        parent="配饰",
        noun="帽子",
        prefix="MZ",
        per_scale=2,
        leads=AUTUMN_WINTER,
        styles=("针织毛线", "渔夫", "贝雷"),
        tags=GIFT_TAGS,
        materials=(Material("羊毛", 1.2, ("羊毛", "羊毛混纺")), Material("棉", 1.0, ("纯棉", "灯芯绒"))),
        colours=(("黑色", "BLK"), ("燕麦色", "OAT"), ("驼色", "CML"), ("酒红", "WIN")),
        colours_per_product=(2, 4),
        sizes=(("M", "M"), ("L", "L")),
        size_price_steps=(1.0, 1.0),
        price=(59, 159),
        low_stock_threshold=8,
        fills=(),
        points=("{material}材质，保暖不闷头", "显脸小的版型", "内里加绒，冬天戴不冷耳朵"),
        faqs=(
            ("头围大能戴吗？", "M码适合头围56–58cm，L码适合58–60cm，针织款有弹性可适当大一点。"),
            ("戴了会压头发吗？", "帽檐内侧有柔软包边，压痕较轻，摘下后用手抓一抓就能恢复。"),
            CARE_FAQ,
        ),
    ),
)

# Washing advice by material, used in FAQ answers.
CARE = {
    "真丝": "建议干洗或冷水手洗（真丝专用洗涤剂），不可拧干，阴干避免暴晒",
    "棉": "可机洗（放入洗衣袋，水温30℃以下），深浅色分开洗，避免暴晒",
    "长绒棉": "可机洗（水温30℃以下），首次洗涤单独洗，避免暴晒",
    "醋酸": "建议冷水手洗或干洗，不可拧干，低温熨烫",
    "涤纶": "可机洗，水温40℃以下，不可高温熨烫",
    "莫代尔": "可机洗（洗衣袋、轻柔模式），不可高温烘干",
    "羊毛": "建议干洗或冷水手洗，平铺晾干防止变形，不可机洗甩干",
    "羊绒": "建议干洗或冷水手洗（羊绒专用洗涤剂），平铺晾干，不可挂晾",
    "棉麻": "建议手洗，水温30℃以下，洗后有轻微褶皱可蒸汽熨烫",
    "天丝": "建议轻柔模式机洗或手洗，水温30℃以下，阴干",
    "白鸭绒": "不建议机洗，建议手洗或专业干洗，水温不超过30℃，洗后平铺晾干并轻拍恢复蓬松",
    "白鹅绒": "不建议机洗，建议手洗或专业干洗，水温不超过30℃，洗后平铺晾干并轻拍恢复蓬松",
    "蚕丝": "蚕丝被芯不可水洗，可定期晾晒（避免暴晒），被套单独拆洗",
    "大豆纤维": "被芯不建议整体水洗，可晒太阳除螨，脏污处局部擦洗",
    "乳胶": "乳胶枕芯不可水洗、不可暴晒，枕套拆下单独清洗，枕芯放阴凉通风处",
    "羽绒": "不建议机洗，可专业干洗，日常晾晒保持蓬松，枕套可机洗",
    "荞麦": "荞麦壳不可水洗，可倒出晾晒，枕套可机洗",
}

CATEGORY_TREE = {"女装": 1, "家纺": 2, "配饰": 3}  # root → sort order
