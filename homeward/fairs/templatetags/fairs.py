from django import template

from homeward.fairs.services import mask_name

register = template.Library()


@register.filter
def masked_name(value):
    """{{ worker.name|masked_name }} → 张*: attendees' names on the fair's pages."""
    return mask_name(value)
