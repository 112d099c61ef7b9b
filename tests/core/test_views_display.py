"""How a record page shows a field's value."""

from django.utils import translation

from regie.core.views import display_value


class Row:
    class _meta:  # the attribute Django models have
        @staticmethod
        def get_field(name):
            class Field:
                many_to_many = False
                choices = None

            return Field()

    cumulative = True
    closed = False
    note = ""


def test_yes_no_and_empty_values_read_as_words():
    with translation.override("fr"):
        assert (display_value(Row(), "cumulative"), display_value(Row(), "closed")) == ("Oui", "Non")
    assert display_value(Row(), "note") == "—"
