"""What keeps the app safe by default: loopback only unless a token is set, the token checked in
constant time, read-only methods, a Host check against DNS rebinding, and strict headers
(a Content-Security-Policy that lets the page load only this server's own files and talk only to
it: nothing the app serves can make a request leave the machine)."""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

TOKEN_ENV = "MULTIPOLAR_TOKEN"
COOKIE = "multipolar_token"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}
READ_METHODS = {"GET", "HEAD"}


class UnsafeBind(ValueError):
    """A bind address other than loopback without a token."""


def loopback(host: str) -> bool:
    """Whether *host* names this machine's loopback interface only."""
    bare = host.strip("[]")
    if bare.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(bare).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve beyond loopback without a token (and a token too short to resist guessing)."""
    if token is not None and len(token) < 16:
        raise UnsafeBind("the token must be at least 16 characters")
    if not loopback(host) and not token:
        raise UnsafeBind(
            f"--host {host} makes the app reachable from other machines: give a token "
            f"(--token or ${TOKEN_ENV}) that every request must carry"
        )


def same(given: str | None, token: str) -> bool:
    """*given* equals *token*, compared in constant time."""
    return given is not None and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def presented(request: Request) -> str | None:
    """The token a request carries: ``Authorization: Bearer``, the app's cookie, or ``?token=``."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.cookies.get(COOKIE) or request.query_params.get("token")


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


class Guard:
    """The app's gate (a Starlette HTTP middleware): method, Host, token, then the headers."""

    def __init__(self, host: str, port: int, token: str | None) -> None:
        self.token = token
        names = {"localhost", "127.0.0.1", "::1", "[::1]"} if loopback(host) else set()
        self.hosts = {h for name in names for h in (name, f"{name}:{port}")}

    def refuse(self, request: Request) -> Response | None:
        if request.method not in READ_METHODS:
            return error(405, "the app is read-only: only GET and HEAD", {"Allow": "GET, HEAD"})
        if self.hosts and request.headers.get("host", "") not in self.hosts:
            return error(421, "this server answers only at its own loopback address")
        if self.token and not same(presented(request), self.token):
            return error(
                401,
                "a token is required: send 'Authorization: Bearer TOKEN' or open /?token=TOKEN",
                {"WWW-Authenticate": "Bearer"},
            )
        return None

    async def __call__(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = self.refuse(request)
        if response is None and self.token and "token" in request.query_params and request.url.path == "/":
            # the browser's first visit: keep the token in a cookie, and out of the address bar
            rest = urlencode([(k, v) for k, v in parse_qsl(request.url.query) if k != "token"])
            response = RedirectResponse("/" + (f"?{rest}" if rest else ""), status_code=303)
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict", path="/")
        if response is None:
            response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
