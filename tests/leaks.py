"""Full personal numbers in every written form, and a detector that finds them in any text.

The detector is the tests' own, not `crypto.mask_text`: it folds full-width characters, drops
every separator a number may be written with, and looks for the numbers a test planted.
"""

import io
import re
import unicodedata

from openpyxl import load_workbook

from homeward.codes import idnumber

_SEPARATORS = re.compile(r"%20|%2[BbDd]|[\s\-‐‑‒–—―－.·・+_()（）]")
FULL_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
FULL_ID = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def phone_forms(p: str) -> list[str]:
    """A mobile number as people write it: plain, grouped, with a country code, full-width."""
    return [
        p,
        f"{p[:3]}-{p[3:7]}-{p[7:]}",
        f"{p[:3]} {p[3:7]} {p[7:]}",
        f"+86 {p}",
        f"86{p}",
        f"+86-{p[:3]}-{p[3:7]}-{p[7:]}",
        f"0086{p}",
        full_width(p),
        f"（+86）{p[:3]}　{p[3:7]}　{p[7:]}",  # ideographic spaces
    ]


def id_forms(n: str) -> list[str]:
    """An ID number as people write it: plain, with dashes, spaced, full-width, lower-case x."""
    return [
        n,
        f"{n[:6]}-{n[6:14]}-{n[14:]}",
        f"{n[:6]} {n[6:10]} {n[10:14]} {n[14:]}",
        full_width(n),
        n.lower(),
    ]


def flatten(text: str) -> str:
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()


def leaked(text: str, numbers) -> set[str]:
    """Which of `numbers` appear in full in `text`, in any written form."""
    flat = flatten(text)
    return {n for n in numbers if n.upper() in flat}


def any_full_numbers(text: str, allowed=frozenset()) -> set[str]:
    """Full mobile numbers and valid ID numbers in `text`, whoever they belong to."""
    flat = unicodedata.normalize("NFKC", text)
    ids = {n for n in FULL_ID.findall(flat) if idnumber.is_valid(n)}
    return ids | (set(FULL_PHONE.findall(flat)) - set(allowed))


def xlsx_cells(content: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return [
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]


def body_texts(response) -> list[str]:
    """The response's text: each cell of an Excel file, each paragraph and table cell of a Word
    file (the dispute documents), else the decoded body."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK" and b"word/document.xml" in content:
        return docx_texts(content)
    if content[:2] == b"PK":
        return xlsx_cells(content)
    return [content.decode("utf-8", "replace")]


def docx_texts(content: bytes) -> list[str]:
    import docx

    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return texts
