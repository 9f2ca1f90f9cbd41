"""Getting replies to Telegram through outages: bounded retries of Bot API calls, one request at a time.

Retries happen per HTTP request (one `sendMessage`), never per update: re-running a whole handler
after its second message failed would send its first message twice. Faults and what happens:

* **429 Too Many Requests** — python-telegram-bot's `AIORateLimiter` waits `retry_after` seconds and
  repeats the call (Telegram's own rule); it also keeps the bot under Telegram's 30 messages per
  second overall and 20 per minute per group, so the bot rarely sees a 429 at all.
* **The request never reached Telegram** — connection refused or reset while connecting, connect or
  pool timeout, the request could not be written: retried here with exponential backoff. Safe: the
  server cannot have acted on a request it never received.
* **Telegram answered 500, 502, 503 or 504** — retried the same way: the server says the call failed.
* **Ambiguous: the request was sent but no answer came** — read timeout, connection dropped before
  the response. Telegram may or may not have delivered the message, and the Bot API has no
  idempotency key to ask. The bot retries these too (at-least-once): a lost answer leaves a person
  waiting forever, a duplicate is a nuisance. To keep duplicates rare the read timeout is generous
  (BOT_READ_TIMEOUT, 10 s by default, while Telegram answers in well under a second), so this case
  means a real outage rather than a slow reply.
* **400 Bad Request, 403 Forbidden, 401/404** — never retried: repeating cannot help.

Long polling (`getUpdates`) has its own request object without these retries: python-telegram-bot's
updater already retries it forever with its own backoff, and an update is only confirmed after it
was fetched, so an outage there loses nothing.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({500, 502, 503, 504})
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteError, httpx.WriteTimeout)
Sleep = Callable[[float], Awaitable[None]]


class Failure(enum.Enum):
    """How a failed Bot API request failed, for the retry decision."""

    NOT_SENT = "not sent"  # the server never got the request: safe to repeat
    SERVER_ERROR = "server error"  # the server answered 5xx: it did not do it
    AMBIGUOUS = "no response"  # sent, but the answer was lost: it may or may not have been done


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a failed request is repeated.

    Delays grow `backoff`, 2·`backoff`, 4·`backoff`, ... capped at `max_delay`; with the defaults
    (4 retries, 0.5 s) a reply survives an outage of about 7.5 s plus the time the attempts take.
    """

    retries: int = 4
    backoff: float = 0.5
    max_delay: float = 8.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait before retry number `attempt` (0-based)."""
        return min(self.max_delay, self.backoff * (2**attempt))


def classify(error: BaseException) -> Failure | None:
    """The kind of transport failure behind a python-telegram-bot error, or None if not transient.

    python-telegram-bot wraps httpx's exceptions (`TimedOut`/`NetworkError` with the httpx error as
    `__cause__`); the httpx class tells whether the request can have reached the server.
    """
    if not isinstance(error, NetworkError):
        return None
    cause = error.__cause__
    if isinstance(cause, _NOT_SENT):
        return Failure.NOT_SENT
    if isinstance(cause, httpx.TransportError) or isinstance(error, TimedOut):
        return Failure.AMBIGUOUS
    return None


class RetryingRequest(HTTPXRequest):
    """python-telegram-bot's HTTPX request layer with bounded retries of transient failures.

    Log lines name the Bot API method only, never the URL (it contains the token).
    """

    def __init__(self, policy: RetryPolicy, *, sleep: Sleep = asyncio.sleep, **kwargs: object) -> None:
        """`kwargs` go to `HTTPXRequest` (timeouts, connection pool size)."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.policy = policy
        self._sleep = sleep

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = HTTPXRequest.DEFAULT_NONE,
        write_timeout: object = HTTPXRequest.DEFAULT_NONE,
        connect_timeout: object = HTTPXRequest.DEFAULT_NONE,
        pool_timeout: object = HTTPXRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One Bot API call, repeated after transient failures as the policy allows."""
        endpoint = url.rsplit("/", 1)[-1]
        attempt = 0
        while True:
            try:
                code, payload = await super().do_request(
                    url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout  # type: ignore[arg-type]
                )
            except NetworkError as error:
                failure = classify(error)
                if failure is None or attempt >= self.policy.retries:
                    raise
                reason = f"{failure.value}: {type(error.__cause__ or error).__name__}"
            else:
                if code not in RETRY_STATUSES or attempt >= self.policy.retries:
                    return code, payload
                reason = f"{Failure.SERVER_ERROR.value}: HTTP {code}"
            delay = self.policy.delay(attempt)
            attempt += 1
            log.warning(
                "%s failed (%s); retry %d of %d in %.1f s", endpoint, reason, attempt, self.policy.retries, delay
            )
            await self._sleep(delay)
