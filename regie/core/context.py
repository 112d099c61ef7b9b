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
