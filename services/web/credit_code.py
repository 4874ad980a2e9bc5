"""The unified social credit code (GB 32100-2015) checked as it is typed, before the server."""

from __future__ import annotations

from services.mallctl.credit_code import ALPHABET, check_character  # the project's one copy

LENGTH = 18


def problems(raw: str) -> list[str]:
    """Chinese sentences for what is wrong with a code; empty when it is well formed."""
    code = (raw or "").strip().upper()
    if not code:
        return []
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        return [f"含有不能出现的字符：{''.join(bad)}（不用 I、O、Z、S、V）"]
    if len(code) != LENGTH:
        return [f"应为 18 位，现在是 {len(code)} 位"]
    if check_character(code[:17]) != code[17]:
        return [f"校验位不对：最后一位应为 {check_character(code[:17])}，请核对前 17 位"]
    return []
