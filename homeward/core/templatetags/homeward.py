from django import template

from homeward import crypto

register = template.Library()


@register.filter
def masked(value, kind="text"):
    """{{ worker.phone|masked:"phone" }} → 138****5678."""
    return crypto.mask(kind, value)
