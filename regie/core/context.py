"""The channel a change comes through (web, API, import, mobile, system job), for the audit trail.

Set once per request by the tenant middleware (web) or the API base view (API), and by commands and
tasks; read by `audit.record`. A context variable, so threads and async tasks do not mix them up.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_channel: ContextVar[str] = ContextVar("regie_channel", default="system")


def current_channel() -> str:
    return _channel.get()


def set_channel(channel: str):
    return _channel.set(channel)


def reset_channel(token):
    _channel.reset(token)


@contextmanager
def channel(name: str):
    token = _channel.set(name)
    try:
        yield
    finally:
        _channel.reset(token)


# A request's memo: values read once per request (what is shared with the organization…), set by the tenant
# middleware around each request; outside a request (commands, tasks, tests calling services) nothing is memoized.
_memo: ContextVar[dict | None] = ContextVar("regie_request_memo", default=None)


@contextmanager
def request_memo():
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memoized(key, compute):
    """`compute()`, once per request for `key` (a tuple whose first item names what it is)."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget(kind):
    """Drop the request's memoized values of `kind` (a write changed them)."""
    memo = _memo.get()
    if memo:
        for key in [k for k in memo if k[0] == kind]:
            del memo[key]
