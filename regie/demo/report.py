"""What `manage.py demo` prints after a build, gathered from the apps' `demo` modules (none is named here).

An app's `demo` module or package may define, beside its steps:

- `summary() -> list[str]`: lines of figures about what it built, read from the database;
- `logins() -> list[Login]`: the accounts one can sign in with;
- `notes() -> list[str]`: what the logins table does not say (a user of several organizations...).

Each is optional; the command prints the summaries, then one table of every app's logins, then the notes.
"""

import os
from dataclasses import dataclass

from . import generator


@dataclass(frozen=True)
class Login:
    organization: str
    role: str
    username: str
    password: str


def _gathered(hook: str) -> list:
    return [item for module in generator.demo_modules() if hasattr(module, hook) for item in getattr(module, hook)()]


def summary() -> list[str]:
    return _gathered("summary")


def logins() -> list[Login]:
    return _gathered("logins")


def notes() -> list[str]:
    return _gathered("notes")


def format_logins(rows: list[Login]) -> str:
    header = Login("Organization", "Role", "Username", "Password")
    widths = [
        max(len(getattr(r, f)) for r in [header, *rows]) for f in ("organization", "role", "username", "password")
    ]

    def line(row):
        cells = (row.organization, row.role, row.username, row.password)
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def server_url() -> str:
    return f"http://127.0.0.1:{os.environ.get('PORT') or 8000}/"
