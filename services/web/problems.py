"""The gateway's problem codes in plain words for the people at the pages."""

from __future__ import annotations

from services.web.i18n import gettext as _

PLAIN = {
    "sold_out": "这张券已经领完了。",
    "limit_reached": "您已领到这张券的上限。",
    "not_eligible": "这个活动不面向您所在的会员群体或地区。",
    "not_open": "这个活动现在不在领取时间内。",
    "invalid_code": "券码不对：请核对每一位，最后一位是校验位。",
    "voucher_not_found": "没有这张券。",
    "not_found": "没有找到。",
    "already_redeemed": "这张券已经用过了。",
    "voucher_expired": "这张券已过期。",
    "voucher_not_yet_valid": "这张券还没到可用日期。",
    "voucher_not_usable": "这张券现在不能用。",
    "below_threshold": "订单金额没有达到这张券的门槛。",
    "out_of_scope": "这张券不能在本店或这个品类使用。",
    "unknown_store": "这不是您的门店。",
    "merchant_suspended": "商户已被暂停，暂不能办理。",
    "merchant_not_active": "商户尚未生效：刚通过审核的商户需要几秒钟同步，请稍后再试。",
    "reversal_window_closed": "已超过可撤销的时间。",
    "duplicate_credit_code": "这个统一社会信用代码已经申请过了。",
    "validation_failed": "请修改标出的内容。",
    "budget_exceeded": "预算不够：数量乘以补贴超过了预算。",
    "campaign_not_editable": "这个活动已经不能修改。",
    "invalid_status_change": "当前状态下不能这样操作。",
    "invalid_state": "当前状态下不能这样操作。",
    "invalid_status": "当前状态下不能这样操作。",
    "last_store": "至少要保留一家门店。",
    "unauthenticated": "请先登录。",
    "forbidden": "您没有权限做这件事。",
    "invalid_api_key": "API 密钥不对，或已失效。",
    "key_link_invalid": "链接无效：已用过、已过期或已被新链接取代。请联系运营重新发送。",
    "rate_limited": "操作太频繁，请稍后再试。",
    "idempotency_key_in_use": "上一次提交还在处理中，请稍候。",
}


def plain(answer) -> str:
    """One sentence for a failed answer: its code in plain words, else the problem's title."""
    code = answer.code
    detail = answer.body.get("detail") if isinstance(answer.body, dict) else None
    if code == "validation_failed" and not answer.field_errors and detail:
        return detail  # nothing on the page to mark: the server's own sentence says what
    if code in PLAIN:
        return _(PLAIN[code])
    if isinstance(answer.body, dict):
        return answer.body.get("detail") or answer.body.get("title") or _("出了点问题。")
    return _("出了点问题。")
