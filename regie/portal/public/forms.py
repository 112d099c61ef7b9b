"""The residents' report form: plain HTML fields that work without JavaScript (the map only fills the hidden
latitude and longitude), the service's extra questions as typed fields named as Open311 names them
(`attribute[code]`, so the service's errors land on them), a honeypot, and up to three photos.

The form collects and bounds what was typed; the rules (service offered, place given, answers, photos decoded)
are the submission service's, whose errors `add_service_errors` puts back on the fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from regie.attachments.validation import ACCEPT
from regie.core.forms import model_form_field

from ..models import CategoryQuestion, Report
from ..services.answers import MAX_ANSWER, questions_of
from ..services.submission import MAX_PHOTOS

K = CategoryQuestion.Kind
# Photos only, from the attachments' own list (JPEG, PNG, WebP, HEIC/HEIF: iPhones' photos are converted).
PHOTO_ACCEPT = ",".join(kind for kind in ACCEPT.split(",") if "pdf" not in kind)
HONEYPOT = "website"

# The service's error keys (Open311's names) → the field of the form that shows them.
ERROR_FIELDS = {
    "service_code": "service",
    "long": "place",
    "latitude": "place",
    "longitude": "place",
    "address": "address",
    "media": "photos",
    "files": "photos",
    "description": "description",
    "email": "email",
}


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS files in one input (the decoding is the submission service's)."""

    widget = MultiplePhotoInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("At most %(n)s photos.") % {"n": MAX_PHOTOS})
        return [super(PhotosField, self).clean(f, initial) for f in files]


def question_field(question):
    """The form field of an extra question, by its Open311 datatype."""
    common = {"label": question.label, "help_text": question.help, "required": False}
    attrs = {"aria-required": "true", "required": True} if question.required else {}
    choices = [(c["key"], c["name"]) for c in question.choices]
    if question.kind == K.SINGLE:
        return forms.ChoiceField(choices=[("", "—"), *choices], widget=forms.Select(attrs=attrs), **common)
    if question.kind == K.MULTI:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if question.kind == K.TEXT:
        return forms.CharField(
            max_length=MAX_ANSWER[K.TEXT], widget=forms.Textarea(attrs={"rows": 3, **attrs}), **common
        )
    if question.kind == K.NUMBER:
        attrs |= {"inputmode": "decimal"}  # a French comma is accepted: the answer's rules read it
        return forms.CharField(max_length=30, widget=forms.TextInput(attrs=attrs), **common)
    if question.kind == K.DATETIME:
        attrs |= {"type": "datetime-local"}
        return forms.CharField(max_length=30, widget=forms.TextInput(attrs=attrs), **common)
    return forms.CharField(max_length=MAX_ANSWER[K.STRING], widget=forms.TextInput(attrs=attrs), **common)


class ReportForm(forms.Form):
    service = forms.CharField(max_length=20, widget=forms.HiddenInput)
    asset = forms.CharField(max_length=16, required=False, widget=forms.HiddenInput)
    latitude = model_form_field(Report, "latitude", widget=forms.HiddenInput)
    longitude = model_form_field(Report, "longitude", widget=forms.HiddenInput)
    address = model_form_field(
        Report, "address", label=_("Address or place"),
        help_text=_("A street and number, a crossing, a landmark: what helps the team find it."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )  # fmt: skip
    description = model_form_field(
        Report, "description", label=_("What is the problem?"), widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = PhotosField(
        label=_("Photos (up to 3)"), required=False,
        help_text=_("JPEG, PNG or HEIC (iPhone). Their location and camera details are removed."),
        widget=MultiplePhotoInput(attrs={"accept": PHOTO_ACCEPT}),
    )  # fmt: skip
    email = forms.EmailField(
        label=_("Your e-mail, to be kept informed (optional)"), required=False, max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Used only to tell you how your report progresses; never shown to anyone."),
    )  # fmt: skip
    # Duplicates: the place (service|lat|lon|asset) whose open reports the resident was shown before sending.
    seen = forms.CharField(max_length=120, required=False, widget=forms.HiddenInput)
    # Honeypot: hidden from people and assistive technologies; robots fill it.
    website = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )  # fmt: skip

    def __init__(self, *args, service=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service
        self.questions = questions_of(service) if service is not None else []
        for question in self.questions:
            self.fields[f"attribute[{question.code}]"] = question_field(question)

    @property
    def question_fields(self):
        return [self[f"attribute[{q.code}]"] for q in self.questions]

    @property
    def place_errors(self):
        return self.errors.get("place", [])

    def raw_answers(self):
        return {q.code: self.cleaned_data.get(f"attribute[{q.code}]") for q in self.questions}

    def add_service_errors(self, error):
        """The submission service's ValidationError, on the fields that show it."""
        for key, messages in error.message_dict.items():
            name = key if key in self.fields else ERROR_FIELDS.get(key)
            if name == "place":
                self._errors.setdefault("place", self.error_class()).extend(messages)
            elif name in self.fields:
                self.add_error(name, messages)
            else:
                self.add_error(None, messages)


class SupportForm(forms.Form):
    """ "Add my voice" to an open report nearby, with an optional e-mail to follow it."""

    report = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    support_email = forms.EmailField(
        label=_("Your e-mail, to be kept informed (optional)"), required=False, max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )  # fmt: skip
