"""Template filters of the venture pages."""

from django import template

from homeward.crypto import mask_name

register = template.Library()


@register.filter
def masked_person(name: str) -> str:
    """张三 → 张*: people employed by a venture may live in another area."""
    return mask_name(name or "")
