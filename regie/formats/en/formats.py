"""English as written in Europe (en-GB): day-first dates ("1 Dec 2026", 01/12/2026), weeks from Monday.

Django's `en` formats are American (12/01/2026 for 1 December): the British ones replace them whole.
"""

from django.conf.locale.en_GB.formats import *  # noqa: F403
