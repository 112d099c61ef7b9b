"""Files a form accepted while refusing the rest of it: kept aside, so that whoever fixes the form need not choose
them again (a phone's photo is often gone from the picker by then).

`keep` stores each checked file (its bytes and thumbnail, as `validation.check_file` left them) in the attachments'
storage under `pending/<organization>/<user>/`, and answers a signed token per file; the form sends the tokens back
in hidden inputs, and `take` turns them into checked files again, for the same user in the same organization only,
within `MAX_AGE`, deleting what it read. A token names no path the client can choose (it is signed), and files
nobody came back for are swept the next time the same person keeps one (`_sweep`).
"""

import datetime
import uuid

from django.core import signing
from django.core.files.base import ContentFile
from django.utils import timezone

from .models import Attachment
from .validation import MAX_FILES, CheckedFile

MAX_AGE = datetime.timedelta(hours=24)
SALT = "regie.attachments.pending"
PREFIX = "pending"


def _storage():
    return Attachment._meta.get_field("file").storage


def _folder(user, organization):
    return f"{PREFIX}/{organization.pk}/{user.pk}"


def keep(files, *, user, organization) -> list[tuple[str, str]]:
    """Store checked files aside: (token, file name) for each, in order."""
    storage, folder = _storage(), _folder(user, organization)
    _sweep(storage, folder)
    kept = []
    for item in files[:MAX_FILES]:
        base = f"{folder}/{uuid.uuid4().hex}"
        content = storage.save(base, ContentFile(item.content))
        thumbnail = storage.save(f"{base}.thumb", ContentFile(item.thumbnail)) if item.thumbnail else ""
        payload = {"o": organization.pk, "u": user.pk, "c": content, "t": thumbnail, "n": item.name}
        payload.update(m=item.mime, k=item.kind)
        kept.append((signing.dumps(payload, salt=SALT, compress=True), item.name))
    return kept


def take(tokens, *, user, organization) -> list[CheckedFile]:
    """The files these tokens name, read and deleted; a forged, expired or foreign token is no file."""
    storage, files = _storage(), []
    for token in list(tokens)[:MAX_FILES]:
        try:
            data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        except signing.BadSignature:  # SignatureExpired is one
            continue
        if data.get("o") != organization.pk or data.get("u") != user.pk:
            continue
        try:
            with storage.open(data["c"]) as handle:
                content = handle.read()
            thumbnail = None
            if data["t"]:
                with storage.open(data["t"]) as handle:
                    thumbnail = handle.read()
        except OSError:  # already taken (the form sent twice) or swept
            continue
        for name in (data["c"], data["t"]):
            if name:
                storage.delete(name)
        files.append(CheckedFile(name=data["n"], mime=data["m"], kind=data["k"], content=content, thumbnail=thumbnail))
    return files


def _sweep(storage, folder):
    """Delete what this person kept and never came back for (older than MAX_AGE)."""
    try:
        _dirs, names = storage.listdir(folder)
    except OSError:  # nothing kept yet
        return
    limit = timezone.now() - MAX_AGE
    for name in names:
        path = f"{folder}/{name}"
        try:
            if storage.get_modified_time(path) < limit:
                storage.delete(path)
        except OSError:
            continue
