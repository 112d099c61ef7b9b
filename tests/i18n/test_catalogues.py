"""The translation catalogues: complete, well-formed, compiled, and used by the pages.

A fresh `makemessages` runs into a scratch directory (the committed `locale/` is never touched); every string it
finds must have a non-empty, non-fuzzy translation in locale/fr and locale/de. When this fails: `make makemessages`,
translate the new entries in locale/<lang>/LC_MESSAGES/django.po, then `make messages`.
"""

import re
import shutil
import subprocess

import pytest
from django.conf import settings

from regie.core import i18n_check
from regie.core.i18n_check import LANGUAGES, catalogue, read_header, read_po

MSGFMT = shutil.which("msgfmt")
NO_GETTEXT = "GNU gettext (msgfmt, xgettext) is not installed: `make system-deps`"

PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdif]|\{\w*\}")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """The locale directory of a fresh extraction of the project's strings."""
    if shutil.which("xgettext") is None:
        pytest.fail(NO_GETTEXT)
    return i18n_check.extract(tmp_path_factory.mktemp("extraction"))


def msgfmt(*args):
    if MSGFMT is None:
        pytest.fail(NO_GETTEXT)
    return subprocess.run([MSGFMT, *map(str, args)], capture_output=True, text=True, check=False)  # noqa: S603


def committed(language, domain):
    return catalogue(language, domain)


def test_the_extraction_finds_the_project_strings(fresh):
    # Guards against a vacuous check: the extraction really scans templates and Python code.
    msgids = {entry.msgid for entry in read_po(catalogue("fr", "django", root=fresh))}
    assert {"Log in", "Audit trail", "Skip to main content"} <= msgids


@pytest.mark.parametrize("domain", i18n_check.DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(fresh, language, domain):
    fresh_po = catalogue(language, domain, root=fresh)
    if not fresh_po.exists():
        pytest.skip(f"no {domain} string in the sources")  # makemessages writes nothing for an empty domain
    missing = i18n_check.missing(fresh_po, committed(language, domain))
    assert not missing, (
        f"{len(missing)} string(s) missing or fuzzy in {committed(language, domain).relative_to(settings.BASE_DIR)}"
        " — run `make makemessages`, translate, then `make messages`:\n  " + "\n  ".join(map(str, missing))
    )


def test_the_checker_sees_a_missing_string(tmp_path):
    committed_po = tmp_path / "committed.po"
    committed_po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Save"\nmsgstr "Enregistrer"\n\n'
        '#, fuzzy\nmsgid "Edit"\nmsgstr "Éditer"\n\n'
        'msgid "Cancel"\nmsgstr ""\n',
        encoding="utf-8",
    )
    fresh_po = tmp_path / "fresh.po"
    fresh_po.write_text(
        'msgid ""\nmsgstr ""\n\n'
        + "".join(f'#: x.py:1\nmsgid "{m}"\nmsgstr ""\n\n' for m in ("Save", "Edit", "Cancel", "Archive")),
        encoding="utf-8",
    )
    assert [entry.msgid for entry in i18n_check.missing(fresh_po, committed_po)] == ["Edit", "Cancel", "Archive"]


def committed_catalogues():
    """(language, domain) of the committed catalogues: django always, djangojs once the JavaScript has strings."""
    return [
        (language, domain)
        for language in LANGUAGES
        for domain in i18n_check.DOMAINS
        if domain == "django" or committed(language, domain).exists()
    ]


@pytest.mark.parametrize(("language", "domain"), committed_catalogues())
def test_catalogue_is_well_formed(language, domain):
    path = committed(language, domain)
    result = msgfmt("--check", "--statistics", "-o", "/dev/null", path)
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr

    header, header_fuzzy = read_header(path)
    assert not header_fuzzy, "the header is still marked fuzzy"
    assert header["Language"] == language
    assert "Plural-Forms" in header

    entries = read_po(path)
    # msgfmt and this module's parser agree on the number of entries
    assert f"{len(entries)} translated message" in result.stderr, result.stderr
    problems = []
    for entry in entries:
        if not entry.translated:
            problems.append(f"untranslated or fuzzy: {entry}")
        if entry.msgid_plural is None:
            if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(entry.msgstr[0])):
                problems.append(f"placeholders differ: {entry} → {entry.msgstr[0]!r}")
        else:  # a form may leave the count out where the language's plural rule allows it (msgfmt checks that)
            known = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural))
            problems += [
                f"unknown placeholder: {entry} → {form!r}"
                for form in entry.msgstr.values()
                if not set(PLACEHOLDER.findall(form)) <= known
            ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("language", "domain"), committed_catalogues())
def test_compiled_catalogue_is_current(language, domain, tmp_path):
    """The .mo files are not committed: `make messages` compiles them (also part of `make install`)."""
    path = committed(language, domain)
    compiled = path.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} is missing: run `make messages`"
    fresh_mo = tmp_path / f"{domain}.mo"
    assert msgfmt("--check-format", "-o", fresh_mo, path).returncode == 0  # what `compilemessages` runs
    assert compiled.read_bytes() == fresh_mo.read_bytes(), f"{compiled} is older than its .po: run `make messages`"


@pytest.mark.parametrize(
    "language", [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE and code != "en"]
)
def test_django_strings_do_not_fall_back_to_french(language):
    """Django falls back to French, not English, for a string German lacks: the project's catalogue fills the gaps
    of Django's and the installed apps' catalogues (listed in regie/core/i18n_django.py)."""
    ours = i18n_check.read_mo(committed(language, "django").with_suffix(".mo"))
    missing = sorted(key.replace("\x04", " | ") for key in i18n_check.fallback_gaps(language) if key not in ours)
    assert not missing, (
        f"{len(missing)} string(s) of Django or an installed app would show in French on {language!r} pages: add them "
        "to regie/core/i18n_django.py, then `make makemessages`, translate, `make messages`:\n  " + "\n  ".join(missing)
    )


LOGIN_TEXT = {"fr": "Se connecter", "en": "Log in", "de": "Anmelden"}
# (visible texts) of the signed-in shell, per language
HOME_TEXTS = {
    "fr": ["Accueil", "Déconnexion", "Chiffres clés", "Services", "Journal d’audit"],
    "en": ["Home", "Log out", "Key figures", "Departments", "Audit trail"],
    "de": ["Startseite", "Abmelden", "Kennzahlen", "Abteilungen", "Änderungsprotokoll"],
}


def lang_attribute(html):
    match = re.search(r'<html lang="([^"]+)"', html)
    return match and match.group(1)


def get(client, url, language=None, **headers):
    if language is not None:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", [None, "fr", "en", "de"])
def test_login_page_language(client, language):
    html = get(client, "/accounts/login/", language)
    expected = language or "fr"  # French by default
    assert lang_attribute(html) == expected
    assert LOGIN_TEXT[expected] in html
    for other, text in LOGIN_TEXT.items():
        if other != expected:
            assert f">{text}<" not in html, f"{other!r} text {text!r} on the {expected!r} page"


@pytest.mark.django_db
def test_login_page_follows_the_browser_language(client):
    html = get(client, "/accounts/login/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")
    assert lang_attribute(html) == "de"
    assert "Anmelden" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", [None, "fr", "en", "de"])
def test_home_page_language(org_a, admin_a, client_for, language):
    client = client_for(admin_a)
    html = get(client, "/", language)
    expected = language or "fr"
    assert lang_attribute(html) == expected
    missing = [text for text in HOME_TEXTS[expected] if text not in html]
    assert not missing, f"not on the {expected!r} home page: {missing}"
