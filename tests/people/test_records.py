"""The people records through the generated cases (tests/cases.py): pages and API, every role."""

import datetime

from django.utils import timezone

from regie.core.factories import siret_for
from regie.people.factories import (
    AbsenceFactory,
    AgentFactory,
    ContractorFactory,
    DepartmentFactory,
    SkillFactory,
    TeamFactory,
)
from tests.cases import APIRecordCases, HTMLRecordCases


def a_team(organization):
    return TeamFactory(organization=organization).pk


class TestDepartmentAPI(APIRecordCases):
    resource, path, factory = "department", "/api/v1/departments/", DepartmentFactory
    create_data = {"code": "VOIRIE", "name": "Voirie", "kind": "technical", "email": "voirie@ville-a.fr"}
    update_data = {"name": "Voirie et réseaux"}
    invalid_data = ({"email": "pas une adresse"}, "email")
    conflict_with, conflict_data = {"code": "VOIRIE"}, {"code": "VOIRIE"}


class TestSkillAPI(APIRecordCases):
    resource, path, factory = "skill", "/api/v1/skills/", SkillFactory
    create_data = {"code": "PLB", "name": "Plomberie", "hourly_rate": "41.00"}
    update_data = {"hourly_rate": "43.50"}
    invalid_data = ({"hourly_rate": "-3"}, "hourly_rate")
    conflict_with, conflict_data = {"code": "PLB"}, {"code": "PLB"}


class TestTeamAPI(APIRecordCases):
    resource, path, factory = "team", "/api/v1/teams/", TeamFactory
    create_data = {"code": "EV", "name": "Espaces verts"}
    update_data = {"name": "Espaces verts nord"}
    invalid_data = ({"name": ""}, "name")
    conflict_with, conflict_data = {"code": "EV"}, {"code": "EV"}


class TestAgentAPI(APIRecordCases):
    resource, path, factory = "agent", "/api/v1/agents/", AgentFactory
    create_data = {"employee_number": "M900", "first_name": "Jeanne", "last_name": "Martin", "weekly_hours": "35.0"}
    update_data = {"weekly_hours": "28.0"}
    invalid_data = ({"team": 987654321}, "team")
    conflict_with, conflict_data = {"employee_number": "M900"}, {"employee_number": "M900"}


class TestContractorAPI(APIRecordCases):
    resource, path, factory = "contractor", "/api/v1/contractors/", ContractorFactory
    create_data = {"name": "Michelin", "siret": siret_for(4242)}
    update_data = {"phone": "04 73 00 00 00"}
    invalid_data = ({"siret": "12345678901234"}, "siret")
    conflict_with, conflict_data = {"siret": siret_for(4242)}, {"siret": siret_for(4242)}


def an_agent(organization):
    return AgentFactory(organization=organization).pk


def next_week(hour):
    day = timezone.localdate() + datetime.timedelta(days=7)
    return f"{day.isoformat()}T{hour:02d}:00"


class TestAbsenceAPI(APIRecordCases):
    resource, path, factory = "absence", "/api/v1/absences/", AbsenceFactory
    create_data = {"agent": an_agent, "kind": "training", "start": next_week(8), "end": next_week(12)}
    update_data = {"kind": "sickness"}
    invalid_data = ({"start": "1990-05-02T08:00:00"}, "start")


class TestDepartmentPages(HTMLRecordCases):
    resource, url_prefix, factory = "department", "people:department", DepartmentFactory
    form_data = {"code": "VOIRIE", "name": "Voirie", "kind": "technical"}
    invalid_form_data = ({"code": ""}, "code")


class TestSkillPages(HTMLRecordCases):
    resource, url_prefix, factory = "skill", "people:skill", SkillFactory
    form_data = {"code": "PLB", "name": "Plomberie", "hourly_rate": "41.00"}
    invalid_form_data = ({"hourly_rate": "-3"}, "hourly_rate")


class TestTeamPages(HTMLRecordCases):
    resource, url_prefix, factory = "team", "people:team", TeamFactory
    form_data = {"code": "EV", "name": "Espaces verts"}
    invalid_form_data = ({"name": ""}, "name")


class TestAgentPages(HTMLRecordCases):
    resource, url_prefix, factory = "agent", "people:agent", AgentFactory
    form_data = {"employee_number": "M900", "first_name": "Jeanne", "last_name": "Martin", "weekly_hours": "35.0",
                 "team": a_team}  # fmt: skip
    invalid_form_data = ({"weekly_hours": "-1"}, "weekly_hours")


class TestContractorPages(HTMLRecordCases):
    resource, url_prefix, factory = "contractor", "people:contractor", ContractorFactory
    form_data = {"name": "Michelin", "siret": siret_for(4243)}
    invalid_form_data = ({"siret": "12345678901234"}, "siret")


class TestAbsencePages(HTMLRecordCases):
    resource, url_prefix, factory = "absence", "people:absence", AbsenceFactory
    form_data = {"agent": an_agent, "kind": "leave", "start": next_week(13), "end": next_week(17)}
    invalid_form_data = ({"end": next_week(7)}, "end")
