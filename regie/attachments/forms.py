"""The upload input: several files at once, each checked (and photos re-encoded) while the form validates."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Attachment
from .validation import ACCEPT, MAX_FILES, check_files, max_bytes


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleaned into `validation.CheckedFile`s that the services store as they are."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = [single(item, initial) for item in data] if isinstance(data, list | tuple) else [single(data, initial)]
        try:
            return check_files([f for f in files if f])
        except ValidationError as error:
            raise ValidationError(error.message_dict.get("files", error.messages)) from None


def files_help_text():
    return _("Photos (JPEG, PNG, WebP, HEIC) or PDF documents, %(size)s each at most, %(n)s files at most.") % {
        "size": filesizeformat(max_bytes()),
        "n": MAX_FILES,
    }


class UploadForm(forms.Form):
    """Files chosen from the device; on records with stages (work in the field: photos before and after), also
    photos taken with the camera (`capture`: a phone opens its rear camera; a desktop shows a file chooser)."""

    files = MultipleFileField(label=gettext_lazy("Photos or documents"))
    camera = MultipleFileField(
        label=gettext_lazy("Take photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), choices=Attachment.Stage.choices, required=False)
    # the file this upload is the next version of (the "new version" form beside a document)
    replaces = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)

    def __init__(self, *args, stages=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = files_help_text()
        if stages:
            self.fields["files"].required = False  # either input will do; `clean` wants one file at least
        else:
            del self.fields["stage"], self.fields["camera"]

    def clean(self):
        cleaned = super().clean()
        if "camera" not in self.fields or self.errors:
            return cleaned
        files = [*(cleaned.get("files") or []), *(cleaned.get("camera") or [])]
        if not files:
            raise ValidationError(_("Choose a file or take a photo."), code="required")
        cleaned["files"] = check_files(files)  # the limit counts both inputs (each file is checked already)
        return cleaned
