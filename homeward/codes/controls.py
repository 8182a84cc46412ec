"""Control characters out of text people type or files carry: one function for every door.

Pure, no Django. Forms call it through `homeward.core.fields.CleanTextMixin`, the ledger import
on every text cell. Removed: NUL and the other C0 controls, DEL, the C1 controls (U+0080–U+009F)
and the bidirectional overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069, U+061C)
that can make a name read backwards on a page or in a spreadsheet. Line and paragraph breaks
(including U+2028/U+2029 and CR) become one space in single-line text and "\n" in multi-line
text, where a tab is kept too.
"""

import re

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85]")


def strip_controls(text: str, *, multiline: bool = False) -> str:
    """`text` without control characters; single-line text also without tabs and breaks."""
    if not text:
        return text
    text = _BREAKS.sub("\n", text)
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return _CONTROLS.sub("", text)


def has_controls(text: str, *, multiline: bool = False) -> bool:
    return strip_controls(text, multiline=multiline) != text
