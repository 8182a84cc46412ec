"""Pure checks for Chinese codes: ID numbers, credit codes, mobile numbers. No Django here."""
