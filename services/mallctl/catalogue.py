"""Words the demo data is built from: brands, streets and products per subcategory."""

from __future__ import annotations

BRANDS: list[tuple[str, str]] = [
    ("椰风", "Coconut Breeze"),
    ("南海", "South Sea"),
    ("椰林", "Palm Grove"),
    ("琼州", "Qiongzhou"),
    ("鹿回头", "Deer Turning"),
    ("五指山", "Five Finger"),
    ("万泉河", "Wanquan River"),
    ("红树林", "Mangrove"),
    ("槟榔谷", "Areca Valley"),
    ("天涯", "Tianya"),
    ("海角", "Haijiao"),
    ("椰乡", "Coconut Home"),
    ("清水湾", "Clearwater Bay"),
    ("骑楼", "Arcade House"),
    ("黎锦", "Li Brocade"),
    ("火山", "Volcano"),
    ("热带", "Tropic"),
    ("蓝湾", "Blue Bay"),
]

STREETS = [
    "龙华路",
    "国兴大道",
    "滨海大道",
    "解放路",
    "海秀路",
    "南海大道",
    "迎宾路",
    "凤凰路",
    "友谊路",
    "人民大道",
    "文明路",
    "新华路",
]

# subcategory -> (Chinese, English, kind, lowest and highest list price in yuan)
PRODUCTS_BY_CATEGORY: dict[str, list[tuple[str, str, str, int, int]]] = {
    "tropical-fruit": [
        ("妃子笑荔枝礼盒", "Feizixiao lychee gift box", "goods", 60, 160),
        ("三亚芒果5斤装", "Sanya mangoes, 2.5 kg", "goods", 40, 90),
        ("文昌椰子10个", "Wenchang coconuts, 10 pieces", "goods", 50, 100),
    ],
    "farm-produce": [
        ("白沙绿茶", "Baisha green tea", "goods", 60, 300),
        ("澄迈福橙", "Chengmai oranges", "goods", 40, 120),
        ("兴隆咖啡豆", "Xinglong coffee beans", "goods", 50, 200),
    ],
    "grain-oil": [
        ("山兰稻米5公斤", "Shanlan upland rice, 5 kg", "goods", 50, 120),
        ("椰子油1升", "Coconut oil, 1 litre", "goods", 40, 110),
    ],
    "restaurants": [
        ("文昌鸡双人套餐", "Wenchang chicken set for two", "service", 80, 200),
        ("和乐蟹海鲜宴", "Hele crab seafood dinner", "service", 200, 600),
        ("东山羊火锅", "Dongshan lamb hotpot", "service", 120, 300),
    ],
    "snacks-drinks": [
        ("清补凉", "Qingbuliang coconut dessert", "goods", 10, 30),
        ("海南粉", "Hainan rice noodles", "goods", 10, 30),
        ("老爸茶套餐", "Old-dad tea set", "service", 20, 60),
    ],
    "health-tours": [
        ("职工健康游·五指山两日", "Worker health tour: Wuzhishan, two days", "activity", 600, 1500),
        ("职工健康游·琼海温泉", "Worker health tour: Qionghai hot springs", "activity", 400, 1200),
    ],
    "hotels": [
        ("海景房一晚", "Sea-view room, one night", "service", 300, 1200),
        ("温泉酒店套票", "Hot-spring hotel package", "service", 500, 1500),
    ],
    "gyms": [
        ("健身月卡", "Gym monthly pass", "service", 150, 400),
        ("游泳次卡10次", "Swimming pass, 10 visits", "service", 150, 300),
    ],
    "sport-venues": [
        ("羽毛球场2小时", "Badminton court, two hours", "service", 40, 120),
        ("冲浪体验课", "Surfing lesson", "activity", 200, 600),
    ],
    "cleaning": [
        ("家庭深度保洁4小时", "Home deep clean, four hours", "service", 200, 500),
        ("空调清洗", "Air-conditioner cleaning", "service", 80, 200),
    ],
    "childcare-eldercare": [
        ("托育半日班月卡", "Half-day childcare, monthly", "service", 800, 2500),
        ("居家养老护理", "Elder care at home, per visit", "service", 100, 300),
    ],
    "checkups": [
        ("职工年度体检套餐", "Annual worker health checkup", "service", 300, 1200),
        ("女职工专项体检", "Women workers' health checkup", "service", 400, 1000),
    ],
    "pharmacy": [
        ("家庭常备药箱", "Family medicine kit", "goods", 80, 200),
        ("防暑降温包", "Heat-relief pack", "goods", 20, 60),
    ],
    "books": [
        ("海南地方志丛书", "Hainan local history series", "goods", 80, 300),
        ("职工读书卡", "Worker reading card", "goods", 50, 200),
    ],
    "training": [
        ("电工技能培训", "Electrician skills course", "activity", 500, 2000),
        ("外卖骑手安全课", "Delivery rider safety course", "activity", 50, 200),
    ],
    "phones": [
        ("工会专享流量套餐", "Union members' data plan", "service", 30, 120),
        ("老人手机", "Phone for the elderly", "goods", 200, 600),
    ],
    "electronics": [
        ("骑手头盔蓝牙耳机", "Rider helmet Bluetooth headset", "goods", 100, 400),
        ("充电宝20000毫安", "Power bank, 20,000 mAh", "goods", 80, 200),
    ],
    "household": [
        ("防潮收纳箱", "Damp-proof storage box", "goods", 30, 100),
        ("蚊帐", "Mosquito net", "goods", 40, 150),
    ],
    "personal-care": [
        ("防晒霜", "Sunscreen", "goods", 50, 200),
        ("椰子洗护套装", "Coconut bath set", "goods", 60, 180),
    ],
}
