"""The employer page's line on the arrears blacklist (through the viewer's scoped manager)."""

from django import template

from homeward.wages.models import BlacklistEntry

register = template.Library()


@register.simple_tag
def listing_of(employer):
    """The employer's newest blacklist entry the viewer's area may see, or None."""
    return BlacklistEntry.objects.filter(employer=employer).order_by("-notified_on", "-pk").first()
