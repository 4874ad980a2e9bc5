"""Jinja helpers: money in yuan, regions and times in the page's language."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask

from services.web.i18n import gettext, pick
from shared.reference.members import SEGMENTS
from shared.reference.regions import REGIONS

CHINA_OFFSET_HOURS = 8


def yuan(fen) -> str:
    if fen is None:
        return "—"
    return f"¥{int(fen) / 100:,.2f}"


def region_name(code) -> str:
    names = REGIONS.get(code or "")
    return pick(names[1], names[0]) if names else (code or "")


def when(value) -> str:
    """An RFC 3339 time shown in Beijing time, to the minute."""
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.timestamp() + CHINA_OFFSET_HOURS * 3600
    return datetime.fromtimestamp(local, UTC).strftime("%Y-%m-%d %H:%M")


SEGMENT_ZH = {
    "regular": "普通职工",
    "new_employment": "新就业形态劳动者",
    "hardship": "困难职工",
    "model_worker": "劳模",
    "female": "女职工",
}
STATE_ZH = {
    "submitted": "审核中", "returned": "退回修改", "approved": "已通过", "rejected": "未通过",
    "active": "正常", "suspended": "已暂停", "draft": "草稿", "published": "已发布",
    "closed": "已结束", "withdrawn": "已下架", "issued": "可使用", "redeemed": "已使用",
    "reversed": "已撤销", "expired": "已过期",
}  # fmt: skip


def state(value) -> str:
    """A status in words of the page's language."""
    return gettext(STATE_ZH[value]) if value in STATE_ZH else (value or "")


PARTNER_ZH = {"discount_partner": "折扣合作商户", "welfare_partner": "福利合作商户"}


def install(app: Flask) -> None:
    app.jinja_env.globals.update(
        _=gettext,
        pick=pick,
        REGIONS=REGIONS,
        SEGMENTS=SEGMENTS,
        SEGMENT_ZH=SEGMENT_ZH,
        PARTNER_ZH=PARTNER_ZH,
    )
    app.jinja_env.filters.update(yuan=yuan, region=region_name, when=when, state=state)
