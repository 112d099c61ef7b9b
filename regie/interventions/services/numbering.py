from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Counter


def next_number(organization, prefix):
    """The next number of a yearly sequence (DI-2026-000042), locked so two requests never share one."""
    year = timezone.localdate().year
    with transaction.atomic():
        try:
            with transaction.atomic():
                Counter.objects.get_or_create(organization=organization, prefix=prefix, year=year)
        except IntegrityError:  # created concurrently by another transaction: fine, lock it below
            pass
        counter = Counter.objects.select_for_update().get(organization=organization, prefix=prefix, year=year)
        counter.value += 1
        counter.save(update_fields=["value"])
    return f"{prefix}-{year}-{counter.value:06d}"
