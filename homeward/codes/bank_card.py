"""Bank card numbers (银行卡号): 12–19 digits whose last is the Luhn check digit (ISO/IEC 7812),
as China UnionPay cards carry. Pure, no Django, beside the ID and credit-code checks."""


def is_valid(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != len(number) or not 12 <= len(digits) <= 19:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return total % 10 == 0
