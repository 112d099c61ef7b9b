"""Agents imported from an HR system's export: the employee number is the natural key (re-importing the file
updates each agent instead of creating a second one). Teams and skills are named by their code or name."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regie.imports.registry import ImportField, register_import

from . import services
from .models import Agent, Department, Skill, Team


def _by_code_or_name(model, organization):
    index = {}
    for obj in model.objects.for_org(organization).filter(archived_at__isnull=True):
        index.setdefault(obj.name.casefold(), obj)
        index[obj.code.casefold()] = obj  # a code wins over a name that happens to be the same text
    return index


def reference_data(organization):
    return {
        "team": _by_code_or_name(Team, organization),
        "department": _by_code_or_name(Department, organization),
        "skill": _by_code_or_name(Skill, organization),
    }


def _one_of(kind, message):
    def parse(text, lookups):
        try:
            return lookups[kind][text.casefold()]
        except KeyError:
            raise ValidationError(message % {"value": text}) from None

    return parse


def parse_skills(text, lookups):
    names = [part.strip() for part in re.split(r"[,;|/]", text) if part.strip()]
    missing = [name for name in names if name.casefold() not in lookups["skill"]]
    if missing:
        raise ValidationError(_("No skill has the code or name: %(names)s.") % {"names": ", ".join(missing)})
    return list({lookups["skill"][name.casefold()].pk: lookups["skill"][name.casefold()] for name in names}.values())


def parse_hours(text, lookups):
    try:
        return Decimal(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("Enter a number of hours, such as 35 or 35,5.")) from None


def apply_agent_row(*, by, organization, values, existing):
    m2m = {"skills": values.pop("skills")} if "skills" in values else None
    if existing is None:
        return services.create_agent(by=by, organization=organization, data=values, m2m=m2m)
    return services.update_agent(existing, by=by, data=values, m2m=m2m)


register_import(
    target="people.agents",
    label=gettext_lazy("Agents (HR export)"),
    model=Agent,
    natural_key="employee_number",
    permission="agent.manage",
    apply=apply_agent_row,
    lookups=reference_data,
    fields=[
        ImportField(
            "employee_number",
            gettext_lazy("Employee number"),
            required=True,
            aliases=("matricule", "numéro d'agent", "n° agent", "personnel number", "personalnummer"),
        ),
        ImportField("last_name", gettext_lazy("Last name"), required=True, aliases=("nom", "surname", "nachname")),
        ImportField("first_name", gettext_lazy("First name"), required=True, aliases=("prénom", "vorname")),
        ImportField("email", gettext_lazy("E-mail"), aliases=("courriel", "mail", "adresse e-mail", "email")),
        ImportField(
            "department",
            gettext_lazy("Department"),
            parse=_one_of("department", gettext_lazy("No department has the code or name “%(value)s”.")),
            aliases=("service", "direction", "abteilung"),
        ),
        ImportField(
            "team",
            gettext_lazy("Team"),
            parse=_one_of("team", gettext_lazy("No team has the code or name “%(value)s”.")),
            aliases=("équipe", "equipe", "team"),
        ),
        ImportField(
            "skills", gettext_lazy("Skills"), parse=parse_skills, aliases=("compétences", "métiers", "fähigkeiten")
        ),
        ImportField(
            "weekly_hours",
            gettext_lazy("Weekly hours"),
            parse=parse_hours,
            aliases=("heures hebdomadaires", "durée hebdomadaire", "heures par semaine", "wochenstunden"),
        ),
    ],
)
