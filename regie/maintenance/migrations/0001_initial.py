from django.db import migrations


class Migration(migrations.Migration):
    """The app's first migration: the plans and inspections migrations follow it."""

    initial = True
    dependencies = []
    operations = []
