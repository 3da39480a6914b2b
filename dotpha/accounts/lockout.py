"""Failed sign-ins: which client they come from and when an address is stopped.

Failures count per login name *and* client address (AXES_LOCKOUT_PARAMETERS): five wrong passwords for
`giamdoc` stop that address for `giamdoc`, while the owner signs in from anywhere else. On top of that, one
address is stopped for every name once it has failed `DOTPHA_LOGIN_ADDRESS_FAILURE_LIMIT` times within the
cool-off, which ends password spraying (five guesses at each of hundreds of names). That limit is set well
above the per-name one because a whole office often reaches the server through one NAT address: ordinary
typing mistakes of its staff must not lock the office out.
"""

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def trusted_proxy_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """DOTPHA_TRUSTED_PROXY_ADDRESSES: the addresses (or CIDR networks) of the reverse proxies in front."""
    raw = getattr(settings, "DOTPHA_TRUSTED_PROXY_ADDRESSES", "") or ""
    return [ipaddress.ip_network(part.strip(), strict=False) for part in raw.split(",") if part.strip()]


def lockout_key(address: str) -> str:
    """The address failures are counted under: an IPv6 client by its /64, the block one home or office
    line is given, so rotating addresses inside it does not reset the limits; IPv4 as it is."""
    parsed = ipaddress.ip_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False).network_address)
    return str(parsed)


def forwarded_client(request: HttpRequest, peer: str) -> str:
    """The client as the trusted proxy chain reports it, if the socket's peer is one of those proxies.

    Each of `AXES_IPWARE_PROXY_COUNT` proxies appends the address it received the connection from to
    X-Forwarded-For, so the client is that many entries from the right; anything further left the client
    may have written itself. A request whose peer is not a trusted proxy reached the server directly (say
    gunicorn bound to a public address): its header is the client's own words and is not read.
    """
    proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    if proxies <= 0 or not any(ipaddress.ip_address(peer) in net for net in trusted_proxy_networks()):
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return peer  # not through the proxy chain as configured: the socket's peer is the client
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return peer


def client_address(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address a client's failed sign-ins are counted under.

    The socket's peer (REMOTE_ADDR), or the address the trusted proxy forwarded when the peer is that proxy
    (`forwarded_client`); IPv6 grouped by /64 (`lockout_key`).
    """
    remote = request.META.get("REMOTE_ADDR") or None
    if not remote:
        return None
    try:
        ipaddress.ip_address(remote)
    except ValueError:
        return remote
    return lockout_key(forwarded_client(request, remote))


def address_failures(request: HttpRequest) -> int:
    """Failures from this request's address, over every login name, within the cool-off."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    recent = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0


def address_is_locked(request: HttpRequest) -> bool:
    limit = settings.DOTPHA_LOGIN_ADDRESS_FAILURE_LIMIT
    return bool(limit) and address_failures(request) >= limit


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with the address-wide limit added to its per-name-and-address one."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or address_is_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not request.axes_locked_out and address_is_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the lockout page, saying in Vietnamese what happened and for how long."""
    return render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "address_limit": settings.DOTPHA_LOGIN_ADDRESS_FAILURE_LIMIT,
            "address_wide": address_is_locked(request),
            "minutes": round(settings.AXES_COOLOFF_TIME * 60),
        },
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),  # axes fills in its default
    )
