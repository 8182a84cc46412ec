"""Region codes as text: levels, parents, ancestors and areas. Pure, no Django.

The statistics bureau's codes have 2, 4, 6, 9 and 12 digits by level (province, city, county,
town, village), each beginning with its parent's, so every question about the hierarchy that
needs no names is arithmetic on the prefix. It is done here and nowhere else: a slice such as
`code[:6]` in a caller is this module's job (`county_of(code)`).
"""

LEVELS = ("province", "city", "county", "town", "village")
LENGTHS = (2, 4, 6, 9, 12)
LENGTH = dict(zip(LEVELS, LENGTHS, strict=True))
LEVEL_OF_LENGTH = dict(zip(LENGTHS, LEVELS, strict=True))


def is_code(text: str) -> bool:
    """Whether `text` has the form of a region code (digits, 2/4/6/9/12 of them)."""
    return text.isascii() and text.isdigit() and len(text) in LEVEL_OF_LENGTH


def level_of(code: str) -> str:
    """ "province" … "village" by the code's length; ValueError for a length no level has."""
    try:
        return LEVEL_OF_LENGTH[len(code)]
    except KeyError:
        raise ValueError(f"not a region code: {code!r}") from None


def prefix_at(code: str, level: str) -> str:
    """The code of the region at `level` that contains `code`; a code already at or above that
    level is returned whole (the county of a city is the city)."""
    return code[: LENGTH[level]]


def province_of(code: str) -> str:
    return prefix_at(code, "province")


def city_of(code: str) -> str:
    return prefix_at(code, "city")


def county_of(code: str) -> str:
    return prefix_at(code, "county")


def town_of(code: str) -> str:
    return prefix_at(code, "town")


def at_or_below(code: str, level: str) -> bool:
    """Whether `code` names a region at `level` or under it (a village is at or below "town")."""
    return len(code) >= LENGTH[level]


def padded(code: str) -> str:
    """The code padded with zeros to 12 digits, the form the engine compares ("3213" → a city's
    "321300000000"); "" stays "000000000000" (anywhere)."""
    return code.ljust(LENGTHS[-1], "0")


def same_digits(a: str, b: str, digits: int) -> bool:
    """Whether two codes (of any levels, padded) share their first `digits` digits; 0 digits is
    always true (anywhere). The digit form of `same_at`, for rules stated in digits."""
    return padded(a)[:digits] == padded(b)[:digits]


def ancestor_codes(code: str) -> list[str]:
    """The codes of every region above `code`, top first."""
    return [code[:n] for n in LENGTHS if n < len(code)]


def parent_code(code: str) -> str | None:
    """The code of the region directly above `code`; None for a province."""
    ancestors = ancestor_codes(code)
    return ancestors[-1] if ancestors else None


def covers(area: str | None, code: str) -> bool:
    """Whether a record with region `code` lies inside `area` ("" is the whole country, None
    nowhere)."""
    return area is not None and code.startswith(area)


def same_at(a: str, b: str, level: str) -> bool:
    """Whether two codes lie in the same region at `level` (two villages of one town: "town")."""
    return prefix_at(a, level) == prefix_at(b, level)
