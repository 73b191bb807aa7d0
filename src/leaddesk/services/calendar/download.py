"""Fetching a subscribed calendar over https.

Imported only when an address is fetched: ``urllib.request`` brings ``http.client`` and the
``email`` package, about 3 MB of a session that never subscribes to an address.
"""

from __future__ import annotations

import logging
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.client import HTTPMessage
from typing import IO

log = logging.getLogger(__name__)


@dataclass
class Response:
    """What the server answered: the calendar's bytes, or why there are none."""

    data: bytes = b""
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False  # 304: the copy we have is current
    failure: str = ""  # plain words for the status line; "" when the calendar came


class _SameSchemeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same scheme (never from https down to http)."""

    max_redirections = 5

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        old = urllib.parse.urlsplit(req.full_url).scheme
        new = urllib.parse.urlsplit(newurl).scheme
        if new != old:
            raise urllib.error.HTTPError(
                req.full_url, code, "redirect to another scheme refused", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def get(
    url: str,
    *,
    etag: str,
    last_modified: str,
    ssl_context: ssl.SSLContext | None,
    timeout: float,
    limit: int,
    source_id: int,
) -> Response:
    """GET ``url`` (already checked) with the conditional headers of the last copy.

    At most ``limit + 1`` bytes are read, so the caller can tell a calendar over the limit.
    Logs name the source by its id only, never its address.
    """
    request = urllib.request.Request(url, headers={"User-Agent": "LeadDesk calendar"})
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    context = ssl_context or ssl.create_default_context()  # verifies certificates
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}),  # only ever the calendar's own host
        urllib.request.HTTPSHandler(context=context),
        _SameSchemeRedirects(),
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            data = response.read(limit + 1)
            headers = response.headers
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Response(not_modified=True)
        log.info("calendar source %d: HTTP %s", source_id, exc.code)
        return Response(failure=f"The server answered {exc.code}.")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        log.info("calendar source %d unreachable (%s)", source_id, type(reason).__name__)
        plain = (
            "The certificate of the calendar server could not be verified."
            if isinstance(reason, ssl.SSLError)
            else "The calendar could not be reached."
        )
        return Response(failure=plain)
    return Response(
        data,
        etag=headers.get("ETag", "") or "",
        last_modified=headers.get("Last-Modified", "") or "",
    )
