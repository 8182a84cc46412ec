"""The name django-axes counts failed sign-ins under (settings.AXES_USERNAME_CALLABLE).

Axes keeps each attempt's user name in its table. People type a phone or ID number there (their
portal habit); such a name is kept as the keyed hash of the numbers in it, so the table holds no
full number and every written form of one number counts as one name (S3, S12).
"""

from homeward.crypto import lookup_hash, personal_numbers


def lockout_username(username: str | None) -> str | None:
    if not username:
        return username
    numbers = sorted(personal_numbers(username))
    if not numbers:
        return username
    return "#" + lookup_hash("text", "|".join(f"{kind}:{number}" for kind, number in numbers))


def axes_username(request, credentials=None) -> str | None:
    if credentials:
        return lockout_username(credentials.get("username"))
    data = getattr(request, "data", None) or request.POST
    return lockout_username(data.get("username"))
