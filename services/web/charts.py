"""The KPI charts, drawn on the server as SVG by pygal (no chart script runs in the page)."""

from __future__ import annotations

import base64

import pygal
from pygal.style import Style

from services.web.i18n import gettext as _

MEMBER_SERVICES_GOAL = 2_000_000
REVIEW_TARGET_HOURS = 48  # 2 working days, shown as 48 hours of the clock
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222",
    foreground_strong="#111",
    foreground_subtle="#555",
    colors=("#c8102e", "#1f5fa8", "#7a7a7a", "#e5a100"),
    font_family="'Noto Sans CJK SC', 'Noto Sans', sans-serif",
    title_font_size=18,
    label_font_size=13,
    legend_font_size=13,
)


def _config(**kw) -> dict:
    # No script: pygal's tooltips load a script from the internet, which the CSP forbids anyway.
    return {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "width": 640,
        "height": 360,
        "legend_at_bottom": True,
        "print_values": True,
        **kw,
    }


def data_uri(chart) -> str:
    svg = chart.render()
    svg = svg.encode() if isinstance(svg, str) else svg
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def partners(kpis: dict) -> str:
    chart = pygal.Bar(**_config(title=_("合作商户：在册 vs 目标")))
    types = ("discount_partner", "welfare_partner")
    chart.x_labels = [_("折扣合作商户"), _("福利合作商户")]
    counts = kpis.get("partners", {})
    chart.add(_("在册"), [counts.get(t, {}).get("active", 0) for t in types])
    chart.add(_("目标"), [counts.get(t, {}).get("target", 0) for t in types])
    return data_uri(chart)


def member_services(months: list[tuple[str, int]], total_now: int) -> str:
    chart = pygal.Line(**_config(title=_("会员服务人次（累计） vs 200 万"), print_values=False))
    chart.x_labels = [m for m, _n in months] + [_("现在")]
    running, series = 0, []
    for _month, n in months:
        running += n
        series.append(running)
    chart.add(_("累计核销"), [*series, None])
    chart.add(_("领取+核销（现在）"), [None] * len(months) + [total_now])
    chart.add(_("目标 200 万"), [MEMBER_SERVICES_GOAL] * (len(months) + 1))
    return data_uri(chart)


def subsidy(kpis: dict) -> str:
    rows = kpis.get("subsidy_by_campaign", [])
    chart = pygal.HorizontalBar(
        **_config(
            title=_("各活动补贴：已核销、已承诺 vs 预算（元）"),
            height=120 + 90 * max(1, len(rows)),
            print_values=False,
        )
    )
    chart.x_labels = [r.get("name", "")[:18] for r in rows]
    chart.add(_("已核销"), [r.get("spent", 0) / 100 for r in rows])
    chart.add(_("已承诺"), [r.get("committed", 0) / 100 for r in rows])
    chart.add(_("预算"), [r.get("budget", 0) / 100 for r in rows])
    return data_uri(chart)


def reviews(kpis: dict) -> str:
    r = kpis.get("reviews", {})
    chart = pygal.Bar(**_config(title=_("审核用时（小时，中位数） vs 2 个工作日")))
    chart.x_labels = [_("审核用时中位数")]
    chart.add(_("实际"), [round(float(r.get("median_review_hours") or 0), 1)])
    chart.add(_("目标"), [REVIEW_TARGET_HOURS])
    return data_uri(chart)
