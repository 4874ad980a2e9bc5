"""Chinese first: templates say `_("中文")`; English comes from a catalogue keyed by the Chinese."""

from __future__ import annotations

from flask import g, request

from services.web.strings_en import EN

LANGS = ("zh-CN", "en")


def current_lang() -> str:
    lang = request.cookies.get("lang", "zh-CN")
    return lang if lang in LANGS else "zh-CN"


def gettext(text: str, **values) -> str:
    """Return the text in the page's language (Chinese when no English is known)."""
    lang = g.get("lang") or current_lang()
    out = EN.get(text, text) if lang == "en" else text
    return out.format(**values) if values else out


def pick(zh: str | None, en: str | None) -> str:
    """Choose between a record's Chinese and English names."""
    if (g.get("lang") or current_lang()) == "en" and en:
        return en
    return zh or en or ""
