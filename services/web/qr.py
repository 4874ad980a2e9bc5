"""A voucher code as an inline SVG QR code (the `qrcode` package's path image)."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from markupsafe import Markup, escape


def qr_svg(code: str, label: str) -> Markup:
    """Return an <svg> a till's scanner reads; the code itself is what it encodes."""
    image = qrcode.make(code, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    svg = svg[svg.index("<svg") :]
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" class="qr" ', 1)
    return Markup(svg)  # noqa: S704 - made here from the code, the label escaped
