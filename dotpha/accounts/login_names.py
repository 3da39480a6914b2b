"""A login name as typed, reduced to the name the account is stored under.

Django stores usernames NFKC-normalised and compares them exactly; accounts are made in the admin, which
keeps their case, so "GiamDoc" is another (unknown) name and cannot be used to guess giamdoc's password.
What a typist or an attacker can vary without changing the account — spaces and tabs around it, full-width
or other compatibility forms ("ｇｉａｍｄｏｃ") — is folded here, once, for signing in and for counting
failed sign-ins alike, so every variant counts against the one account it would open.
"""

import unicodedata

from django.http import HttpRequest


def normalise_username(value: object) -> str:
    if not isinstance(value, str):
        return ""
    # NFKC first: it turns the full-width space (U+3000) into a plain one, which strip() then removes.
    return unicodedata.normalize("NFKC", value).strip()


def lockout_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the name axes counts failures under, from the credentials Django checked or,
    before the form ran, from the posted field."""
    if credentials and "username" in credentials:
        return normalise_username(credentials["username"])
    data = getattr(request, "data", None) or request.POST
    return normalise_username(data.get("username"))
