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
    files = MultipleFileField(label=gettext_lazy("Photos or documents"))
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), choices=Attachment.Stage.choices, required=False)

    def __init__(self, *args, stages=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = files_help_text()
        if not stages:
            del self.fields["stage"]
