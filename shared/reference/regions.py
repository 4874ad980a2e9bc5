"""Hainan's cities and counties by administrative division code."""

from __future__ import annotations

REGIONS: dict[str, tuple[str, str]] = {
    "460100": ("Haikou", "海口"),
    "460200": ("Sanya", "三亚"),
    "460300": ("Sansha", "三沙"),
    "460400": ("Danzhou", "儋州"),
    "469001": ("Wuzhishan", "五指山"),
    "469002": ("Qionghai", "琼海"),
    "469005": ("Wenchang", "文昌"),
    "469006": ("Wanning", "万宁"),
    "469007": ("Dongfang", "东方"),
    "469021": ("Ding'an", "定安"),
    "469022": ("Tunchang", "屯昌"),
    "469023": ("Chengmai", "澄迈"),
    "469024": ("Lingao", "临高"),
    "469025": ("Baisha", "白沙"),
    "469026": ("Changjiang", "昌江"),
    "469027": ("Ledong", "乐东"),
    "469028": ("Lingshui", "陵水"),
    "469029": ("Baoting", "保亭"),
    "469030": ("Qiongzhong", "琼中"),
}


def is_hainan_region(code: object) -> bool:
    return isinstance(code, str) and code in REGIONS
