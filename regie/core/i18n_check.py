"""Checks of the translation catalogues (locale/<lang>/LC_MESSAGES/<domain>.po), used by tests/i18n.

`extract(workdir)` runs Django's `makemessages` on the project's sources into a scratch locale directory, so the
committed catalogues are never touched; `read_po(path)` parses a catalogue without third-party libraries;
`missing(fresh, committed)` lists the strings of a fresh extraction that a committed catalogue does not translate;
`fallback_gaps(language)` lists the strings of Django and the installed apps that would show in French on a page in
`language` (see regie/core/i18n_django.py).
"""

import ast
import contextlib
import gettext
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

LANGUAGES = ("fr", "de")  # English is the source language: it has no catalogue
DOMAINS = ("django", "djangojs")
# Top-level entries of the project that `make makemessages` does not scan (see the Makefile).
IGNORED = {".git", ".venv", "node_modules", "var", "test-artifacts", "locale", ".ruff_cache", ".pytest_cache"}


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)

    @property
    def key(self):
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def translated(self):
        return "fuzzy" not in self.flags and bool(self.msgstr) and all(self.msgstr.values())

    def __str__(self):
        where = f" ({self.references[0]})" if self.references else ""
        context = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"{context}{self.msgid!r}{where}"


def _unquote(text):
    return ast.literal_eval(text)  # a PO string is a C string literal; Python's rules match for what gettext writes


def read_po(path):
    """The entries of a .po file (the header excluded; obsolete `#~` entries skipped), in file order."""
    entries = []
    current = None
    target = None  # (attribute, plural index)
    flags, references = set(), []

    def finish():
        nonlocal current
        if current is not None and current.msgid != "":
            entries.append(current)
        current = None

    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            target = None
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#:"):
            references += line[2:].split()
            continue
        if line.startswith("#"):
            continue
        keyword, _, value = line.partition(" ")
        if keyword.startswith('"'):  # continuation line
            attribute, index = target
            if attribute == "msgstr":
                current.msgstr[index] += _unquote(line)
            else:
                setattr(current, attribute, (getattr(current, attribute) or "") + _unquote(line))
            continue
        if keyword == "msgctxt" or (keyword == "msgid" and (current is None or current.msgid is not None)):
            finish()  # a new entry starts (a msgctxt is followed by its msgid)
            current = Entry(msgid=None, flags=flags, references=references)
            flags, references = set(), []
        if keyword == "msgctxt":
            current.msgctxt = _unquote(value)
            target = ("msgctxt", None)
        elif keyword == "msgid":
            current.msgid = _unquote(value)
            target = ("msgid", None)
        elif keyword == "msgid_plural":
            current.msgid_plural = _unquote(value)
            target = ("msgid_plural", None)
        elif keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            current.msgstr[index] = _unquote(value)
            target = ("msgstr", index)
        else:
            raise ValueError(f"{path}: cannot parse {raw!r}")
    finish()
    return entries


def read_header(path):
    """The header fields of a .po file (the msgstr of the empty msgid), and whether it is marked fuzzy."""
    text = Path(path).read_text(encoding="utf-8")
    block = text.split("\n\n", 1)[0]
    fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block.splitlines())
    body = "".join(_unquote(line) for line in block.splitlines() if line.startswith('"'))
    fields = dict(line.split(": ", 1) for line in body.splitlines() if ": " in line)
    return fields, fuzzy


def catalogue(language, domain="django", root=None):
    return Path(root or settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"{domain}.po"


def extract(workdir):
    """Runs `makemessages` for LANGUAGES and DOMAINS on the project's sources, writing only under `workdir`.

    `workdir` gets a symbolic link to each top-level entry of the project (the ignored ones excepted) and a scratch
    `locale/`; the command runs there, with LOCALE_PATHS pointing at the scratch directory. Returns that directory.
    """
    from django.core.management import call_command
    from django.test import override_settings

    base = Path(settings.BASE_DIR)
    workdir = Path(workdir)
    for entry in base.iterdir():
        if entry.name not in IGNORED:
            (workdir / entry.name).symlink_to(entry)
    locale = workdir / "locale"
    locale.mkdir()
    with override_settings(LOCALE_PATHS=[locale]), contextlib.chdir(workdir):
        for domain in DOMAINS:
            call_command(
                "makemessages",
                locale=list(LANGUAGES),
                domain=domain,
                symlinks=True,
                no_obsolete=True,
                verbosity=0,
            )
    return locale


def missing(fresh_po, committed_po):
    """Entries of `fresh_po` that `committed_po` lacks or leaves untranslated / fuzzy (`committed_po` may not exist)."""
    committed = {entry.key: entry for entry in read_po(committed_po)} if os.path.exists(committed_po) else {}
    return [entry for entry in read_po(fresh_po) if entry.key not in committed or not committed[entry.key].translated]


def read_mo(path):
    """The catalogue of a compiled .mo file, keyed like Python's gettext: "msgid", "context\x04msgid", or
    (msgid, form) for plurals — normalised here to the msgid (with its context) alone."""
    with open(path, "rb") as file:
        catalogue_ = gettext.GNUTranslations(file)._catalog
    return {
        (key[0] if isinstance(key, tuple) else key): value for key, value in catalogue_.items() if key != "" and value
    }


def installed_locale_dirs():
    """Django's own locale directory and those of the installed apps that are not the project's."""
    import django
    from django.apps import apps

    dirs = [Path(django.__file__).parent / "conf" / "locale"]
    dirs += [
        Path(app.path) / "locale"
        for app in apps.get_app_configs()
        if not app.name.startswith("regie.") and (Path(app.path) / "locale").is_dir()
    ]
    return dirs


def fallback_gaps(language, domain="django"):
    """Strings Django or an installed app translates into LANGUAGE_CODE but not into `language`.

    Django falls back to LANGUAGE_CODE for a string `language` lacks, so on a `language` page these would show in
    the default language (French) unless the project's catalogue translates them (see regie/core/i18n_django.py).
    """
    gaps = set()
    for directory in installed_locale_dirs():
        default = directory / settings.LANGUAGE_CODE / "LC_MESSAGES" / f"{domain}.mo"
        if not default.exists():
            continue
        other = directory / language / "LC_MESSAGES" / f"{domain}.mo"
        translated = read_mo(other) if other.exists() else {}
        gaps |= {key for key in read_mo(default) if key not in translated}
    return gaps
