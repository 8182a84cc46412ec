from decimal import Decimal

from django import template

from homeward.stats.events import FEN

register = template.Library()


@register.filter
def stats_money(fen) -> str:
    """A money figure stored in fen, in yuan with two decimals."""
    return f"{(Decimal(int(fen or 0)) / FEN).quantize(Decimal('0.01')):,}"
