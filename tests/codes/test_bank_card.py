from homeward.codes import bank_card


def test_the_luhn_digit_decides():
    assert bank_card.is_valid("6222021234567890128")  # the check digit of 622202123456789012
    assert not bank_card.is_valid("6222021234567890127")


def test_only_12_to_19_plain_digits():
    assert not bank_card.is_valid("62220212345")  # 11 digits
    assert not bank_card.is_valid("6222 0212 3456 7890 128")  # spaces are cleaned before
    assert not bank_card.is_valid("62220212345678901280")  # 20 digits
