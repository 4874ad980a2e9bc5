"""Generate a deterministic catalog of N products (Chinese and English names, 椰子 included).

`python -m benchmarks.seed_catalog DATABASE_URL N` migrates the database, then bulk-loads 600
merchants with stores and N products (COPY on PostgreSQL), and analyzes the tables.
"""

from __future__ import annotations

import json
import random
import sys
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select, text

from services.catalog.adapters.orm import merchants, products
from services.catalog.bootstrap import migrate
from services.catalog.domain.search import document_tokens, pack
from shared.db import make_engine
from shared.reference.regions import REGIONS

# (Chinese, English, category, kind)
ITEMS = [
    ("椰子水", "coconut water", "snacks-drinks", "goods"),
    ("椰子糖", "coconut candy", "snacks-drinks", "goods"),
    ("椰子片", "coconut chips", "tropical-fruit", "goods"),
    ("芒果干", "dried mango", "tropical-fruit", "goods"),
    ("菠萝蜜", "jackfruit", "tropical-fruit", "goods"),
    ("荔枝", "lychee", "tropical-fruit", "goods"),
    ("文昌鸡", "Wenchang chicken", "farm-produce", "goods"),
    ("胡椒", "black pepper", "farm-produce", "goods"),
    ("咖啡豆", "coffee beans", "snacks-drinks", "goods"),
    ("大米", "rice", "grain-oil", "goods"),
    ("花生油", "peanut oil", "grain-oil", "goods"),
    ("海鲜套餐", "seafood set meal", "restaurants", "service"),
    ("清补凉", "qingbuliang dessert", "snacks-drinks", "goods"),
    ("职工健康游", "worker health tour", "health-tours", "activity"),
    ("温泉酒店", "hot spring hotel", "hotels", "service"),
    ("健身月卡", "gym monthly pass", "gyms", "service"),
    ("羽毛球场", "badminton court", "sport-venues", "service"),
    ("家庭保洁", "home cleaning", "cleaning", "service"),
    ("养老陪护", "elder care visit", "childcare-eldercare", "service"),
    ("体检套餐", "health checkup", "checkups", "service"),
    ("维生素", "vitamins", "pharmacy", "goods"),
    ("图书", "books", "books", "goods"),
    ("技能培训", "skills training", "training", "activity"),
    ("手机套餐", "phone plan", "phones", "service"),
    ("蓝牙耳机", "bluetooth earphones", "electronics", "goods"),
    ("洗衣液", "laundry liquid", "household", "goods"),
    ("牙膏", "toothpaste", "personal-care", "goods"),
    ("毛巾", "towels", "household", "goods"),
]
PREFIXES = [
    ("海南", "Hainan"),
    ("三亚", "Sanya"),
    ("琼中", "Qiongzhong"),
    ("万宁", "Wanning"),
    ("精选", "selected"),
    ("有机", "organic"),
    ("新鲜", "fresh"),
    ("特惠", "special"),
]
SUFFIXES = [
    ("礼盒", "gift box"),
    ("家庭装", "family pack"),
    ("单人", "single"),
    ("两日", "two days"),
    ("500克", "500g"),
    ("套装", "set"),
]
STATUSES = ["published"] * 95 + ["draft"] * 3 + ["withdrawn"] * 2
BASE = datetime(2026, 1, 1, tzinfo=UTC)
MERCHANTS = 600


def _merchants(rng: random.Random) -> list[dict]:
    regions = list(REGIONS)
    rows = []
    for i in range(MERCHANTS):
        mid = f"BM{i:04d}"
        stores = [
            {"id": f"{mid}-s{j}", "name": f"门店{j}", "region": rng.choice(regions), "address": ""}
            for j in range(rng.randint(1, 3))
        ]
        rows.append(
            dict(
                merchant_id=mid,
                legal_name=f"海南商户{i:04d}有限公司",
                partner_type="discount_partner" if i % 7 else "welfare_partner",
                status="suspended" if i % 50 == 49 else "active",
                region=stores[0]["region"],
                categories=[],
                stores=stores,
                snapshot_at=BASE,
                updated_at=BASE,
            )
        )
    return rows


def _products(rng: random.Random, n: int, shops: list[dict]):
    tokens: dict[tuple, str] = {}  # names repeat: tokenize each combination once
    for i in range(n):
        shop = shops[rng.randrange(len(shops))]
        (zh, en, category, kind), (pz, pe), (sz, se) = (
            rng.choice(ITEMS),
            rng.choice(PREFIXES),
            rng.choice(SUFFIXES),
        )
        name, name_en = f"{pz}{zh}{sz}", f"{pe} {en} {se}"
        description = f"{zh}，工会会员专享价"
        key = (name, name_en)
        if key not in tokens:
            tokens[key] = pack(document_tokens(name, name_en, description))
        list_price = rng.randint(5, 2000) * 100
        member_price = list_price * rng.randint(50, 98) // 100
        store_ids = [s["id"] for s in shop["stores"] if rng.random() < 0.7]
        online = not store_ids or rng.random() < 0.5
        regions = sorted({s["region"] for s in shop["stores"] if s["id"] in store_ids})
        at = BASE + timedelta(seconds=i * 7)
        yield dict(
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            merchant_id=shop["merchant_id"],
            name=name,
            name_en=name_en,
            description=description,
            kind=kind,
            category=category,
            list_price=list_price,
            member_price=member_price,
            discount_bp=(list_price - member_price) * 10000 // list_price,
            stock=rng.randint(0, 500),
            online=online,
            store_ids=store_ids,
            regions=" " + " ".join(regions) + " " if regions else " ",
            images=[f"https://img.example.cn/p/{i}.jpg"],
            status=rng.choice(STATUSES),
            search_tokens=tokens[key],
            created_at=at,
            updated_at=at,
        )


def seed(database_url: str, n: int, seed_value: int = 42) -> int:
    """Load N products (and the merchants) into an empty catalog database; return N."""
    migrate(database_url)
    rng = random.Random(seed_value)
    engine = make_engine(database_url)
    shops = _merchants(rng)
    with engine.begin() as conn:
        conn.execute(insert(merchants), shops)
    columns = [c.name for c in products.c]
    rows = _products(rng, n, shops)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            cursor = conn.connection.dbapi_connection.cursor()
            with cursor.copy(f"COPY products ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    row["store_ids"], row["images"] = (
                        json.dumps(row["store_ids"]),
                        json.dumps(row["images"]),
                    )
                    copy.write_row([row[c] for c in columns])
            conn.execute(text("ANALYZE products"))
            conn.execute(text("ANALYZE merchants"))
    else:
        batch: list[dict] = []
        with engine.begin() as conn:
            for row in rows:
                batch.append(row)
                if len(batch) == 5000:
                    conn.execute(insert(products), batch)
                    batch = []
            if batch:
                conn.execute(insert(products), batch)
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(products)).scalar_one()
    engine.dispose()
    return count


def main() -> None:
    url, n = sys.argv[1], int(sys.argv[2])
    print(f"seeded {seed(url, n)} products into {url}")


if __name__ == "__main__":
    main()
