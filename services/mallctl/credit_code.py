"""Build valid unified social credit codes (GB 32100-2015) for demo merchants."""

from __future__ import annotations

from shared.reference.credit_codes import ALPHABET, check_character


def credit_code(region: str, serial: int) -> str:
    """Return the code of demo company number `serial` registered in `region`.

    "91" marks an enterprise registered with the market regulator; the nine-character
    organisation code is the serial in base 31, so distinct serials give distinct codes.
    """
    if not (region.isdigit() and len(region) == 6):
        raise ValueError("region must be a 6-digit division code")
    digits = []
    n = serial
    for _ in range(9):
        n, r = divmod(n, len(ALPHABET))
        digits.append(ALPHABET[r])
    if n:
        raise ValueError("serial too large")
    first17 = "91" + region + "".join(reversed(digits))
    return first17 + check_character(first17)
