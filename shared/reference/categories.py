"""The mall's category tree (slug, English, Chinese, children) to seed from."""

from __future__ import annotations

CATEGORY_TREE: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    (
        "groceries",
        "Groceries and tropical farm produce",
        "生鲜与热带农产品",
        [
            ("tropical-fruit", "Tropical fruit", "热带水果"),
            ("farm-produce", "Farm produce", "农副产品"),
            ("grain-oil", "Grain and oil", "粮油"),
        ],
    ),
    (
        "dining",
        "Dining",
        "餐饮美食",
        [
            ("restaurants", "Restaurants", "餐厅"),
            ("snacks-drinks", "Snacks and drinks", "小吃饮品"),
        ],
    ),
    (
        "travel-health",
        "Travel and health tours",
        "旅游与职工健康游",
        [
            ("health-tours", "Worker health tours", "职工健康游"),
            ("hotels", "Hotels", "酒店住宿"),
        ],
    ),
    (
        "fitness",
        "Fitness and sport",
        "运动健身",
        [
            ("gyms", "Gyms", "健身房"),
            ("sport-venues", "Sport venues", "运动场馆"),
        ],
    ),
    (
        "housekeeping",
        "Housekeeping and family services",
        "家政与家庭服务",
        [
            ("cleaning", "Cleaning", "保洁"),
            ("childcare-eldercare", "Childcare and elder care", "育儿养老"),
        ],
    ),
    (
        "health-medical",
        "Health and medical",
        "医疗健康",
        [
            ("checkups", "Health checkups", "体检"),
            ("pharmacy", "Pharmacy", "药房"),
        ],
    ),
    (
        "education-books",
        "Education and books",
        "教育与图书",
        [
            ("books", "Books", "图书"),
            ("training", "Skills training", "技能培训"),
        ],
    ),
    (
        "digital-telecoms",
        "Digital and telecoms",
        "数码与通信",
        [
            ("phones", "Phones and plans", "手机与套餐"),
            ("electronics", "Electronics", "电子产品"),
        ],
    ),
    (
        "daily-goods",
        "Daily goods",
        "日用百货",
        [
            ("household", "Household", "家居日用"),
            ("personal-care", "Personal care", "个人护理"),
        ],
    ),
]


def all_slugs() -> set[str]:
    slugs = set()
    for slug, _en, _zh, children in CATEGORY_TREE:
        slugs.add(slug)
        slugs.update(child for child, _e, _z in children)
    return slugs


def parent_of(slug: str) -> str | None:
    for parent, _en, _zh, children in CATEGORY_TREE:
        if any(child == slug for child, _e, _z in children):
            return parent
    return None
