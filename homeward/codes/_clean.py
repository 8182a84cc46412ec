"""Shared text clean-up for the code checks: what Excel, IMEs and copy-paste add to a code."""

import re
import unicodedata

# Characters people and spreadsheets put inside codes that carry no meaning.
_NOISE = re.compile(r"[\s'‘’`\"\-‐‑‒–—―−_\u200b\u200c\u200d\u2060\ufeff]")
# What a CSV export of an Excel number in scientific notation looks like: 4.30381199001011E+17.
SCIENTIFIC = re.compile(r"^\d+(\.\d+)?E\+?\d+$", re.IGNORECASE)


def clean(text: str) -> str:
    """NFKC (full-width to ASCII), drop spaces, quotes and dashes, upper-case."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).upper()
