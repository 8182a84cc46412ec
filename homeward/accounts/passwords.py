"""Password complexity as 等保 asks for it: characters from several classes (SECURITY.md S2)."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

CLASSES = (
    string.ascii_lowercase,
    string.ascii_uppercase,
    string.digits,
)


def character_classes(password: str) -> int:
    """How many of lower case, upper case, digits and other characters the password uses."""
    used = sum(any(c in chars for c in password) for chars in CLASSES)
    return used + any(not any(c in chars for chars in CLASSES) for c in password)


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return ngettext(
            "Your password must mix at least %(n)d kind of character "
            "(lower case, upper case, digits, symbols).",
            "Your password must mix at least %(n)d kinds of characters "
            "(lower case, upper case, digits, symbols).",
            self.min_classes,
        ) % {"n": self.min_classes}
