"""The unified social credit code (GB 32100-2015) checked as it is typed, before the server."""

from __future__ import annotations

from services.web.i18n import gettext as _
from shared.reference.credit_codes import ALPHABET, LENGTH, check_character  # the one copy


def problems(raw: str) -> list[str]:
    """Sentences (in the page's language) for what is wrong with a code; empty when it is well formed."""
    code = (raw or "").strip().upper()
    if not code:
        return []
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        return [_("含有不能出现的字符：{chars}（不用 I、O、Z、S、V）", chars="".join(bad))]
    if len(code) != LENGTH:
        return [_("应为 18 位，现在是 {n} 位", n=len(code))]
    if check_character(code[:17]) != code[17]:
        return [_("校验位不对：请核对每一位（最后一位是校验位）")]
    return []
