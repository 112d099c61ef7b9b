"""The Python-rendered <select> writes what Django's templates write, option for option."""

import re

import pytest
from django import forms

from regie.core.forms import FastSelects
from regie.core.widgets import FastSelect, FastSelectMultiple, fast
from regie.people.factories import AgentFactory
from regie.people.models import Agent

CHOICES = [("", "All"), ("x", 'X <b> & "quoted"'), ("Group", [("y", "Y"), ("z", "Z")])]


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, required=False)
    required = forms.ChoiceField(choices=[("1", "one"), ("2", "two")])
    several = forms.MultipleChoiceField(choices=[("1", "one"), ("2", "two"), ("3", "three")], required=False)
    flag = forms.NullBooleanField(required=False)  # its own Select subclass: left alone
    record = forms.ModelChoiceField(queryset=Agent.objects.none(), required=False)


def markup(html):
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [None, {"plain": "y", "required": "2", "several": ["1", "3"]}, {"plain": "x", "several": ["9"], "required": ""}],
)
def test_same_markup_as_django(data, org_a):
    AgentFactory.create_batch(3, organization=org_a)
    django_form, fast_form = Sample(data), Sample(data)
    for form in (django_form, fast_form):
        form.fields["record"].queryset = Agent.objects.for_org(org_a)
    for field in fast_form.fields.values():
        field.widget = fast(field.widget)
    assert type(fast_form.fields["plain"].widget) is FastSelect
    assert type(fast_form.fields["several"].widget) is FastSelectMultiple
    assert type(fast_form.fields["flag"].widget) is forms.NullBooleanSelect
    for name in Sample.base_fields:
        assert markup(str(fast_form[name])) == markup(str(django_form[name])), name


@pytest.mark.django_db
def test_mixin_keeps_choices_set_after_it(org_a):
    agents = AgentFactory.create_batch(2, organization=org_a)

    class Filter(FastSelects, forms.Form):
        agent = forms.ModelChoiceField(queryset=Agent.objects.none(), required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["agent"].queryset = Agent.objects.for_org(org_a)

    html = str(Filter({"agent": str(agents[1].pk)})["agent"])
    assert html.count("<option") == 3 and f'value="{agents[1].pk}" selected' in html
