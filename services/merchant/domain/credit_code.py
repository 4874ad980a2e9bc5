"""Unified social credit code (统一社会信用代码) checks per GB 32100-2015."""

from __future__ import annotations

import re

from shared.reference.credit_codes import ALPHABET, LENGTH, check_character

_DIVISION = re.compile(r"\d{6}")


def credit_code_problems(code: str) -> list[str]:
    """List what is wrong with a credit code; an empty list means it is valid."""
    if len(code) != LENGTH:
        return [f"Must be exactly {LENGTH} characters."]
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        return [f"Contains characters outside the GB 32100 alphabet ({ALPHABET}): {''.join(bad)}."]
    problems = []
    if not _DIVISION.fullmatch(code[2:8]):
        problems.append("Characters 3 to 8 must be a 6-digit administrative division code.")
    if check_character(code[:17]) != code[17]:
        problems.append("The check character does not match (wrong checksum).")
    return problems


def normalise_credit_code(code: str) -> str:
    """Upper-case and strip a code as people type it; validity is checked separately."""
    return code.strip().upper()
