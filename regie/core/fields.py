"""Model fields with the bounds Django leaves to forms."""

from django.core.validators import MaxLengthValidator
from django.db import models


class BoundedTextField(models.TextField):
    """A TextField whose `max_length` is enforced by `full_clean` too (Django's own is checked by forms only),
    so a service or an import cannot store a 5 MB description that no form would have accepted."""

    def __init__(self, *args, max_length, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(self.max_length))
