from django import forms
from django.utils.translation import gettext_lazy as _

from . import registry


class UploadForm(forms.Form):
    target = forms.ChoiceField(label=_("Data to import"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (any delimiter, UTF-8 or Windows encoding) or Excel XLSX; the first line holds the titles."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def __init__(self, *args, role, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(t.key, t.label) for t in registry.targets_for(role)]


class MappingForm(forms.Form):
    """One choice per field of the target: which column of the file holds it."""

    def __init__(self, *args, job, target, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not imported —")), *((str(i), h) for i, h in enumerate(job.headers))]
        for field in target.fields:
            self.fields[field.name] = forms.ChoiceField(label=field.label, required=field.required, choices=choices)
        self.option_names = [option.name for option in target.options]
        for option in target.options:
            self.fields[f"option_{option.name}"] = forms.BooleanField(
                label=option.label, help_text=option.help_text, required=False
            )

    def mapping(self):
        return {
            name: (int(value) if value != "" else None)
            for name, value in self.cleaned_data.items()
            if not name.startswith("option_")
        }

    def options(self):
        return {name: bool(self.cleaned_data.get(f"option_{name}")) for name in self.option_names}
