"""Time entries: one agent's day stays within the organization's cap (`WorkflowSettings.max_daily_hours`)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from regie.interventions import services
from regie.interventions.services.settings import update_workflow_settings

from .api_support import API


def _work_order(town):
    data = {"title": "Fuite", "category": town.category, "priority": town.priorities[2]}
    return services.create_work_order(by=town.manager, organization=town.org, data=data, m2m={"agents": [town.agent]})


def _record(town, wo, hours, **kwargs):
    return services.record_time(
        by=town.manager, work_order=wo, agent=town.agent, date=timezone.localdate(), hours=Decimal(hours), **kwargs
    )


def test_an_agent_day_is_capped_at_10_hours_by_default(town):
    first, second = _work_order(town), _work_order(town)
    _record(town, first, "6")
    with pytest.raises(ValidationError) as error, translation.override("en"):
        _record(town, second, "4.5")
    assert error.value.message_dict["hours"] == [
        f"At most 10 h a day can be recorded for one agent in your organization: {town.agent} already has 6 h "
        "on this day."
    ]
    _record(town, second, "4")  # exactly 10 h
    with pytest.raises(ValidationError):
        _record(town, _work_order(town), "11")  # one entry above the cap, on another day too
    second.refresh_from_db()
    assert second.hours == Decimal("4.00")


def test_the_cap_is_the_organizations_setting(town):
    update_workflow_settings(by=town.admin, organization=town.org, data={"max_daily_hours": Decimal(12)})
    wo = _work_order(town)
    _record(town, wo, "6")
    _record(town, wo, "6")
    with pytest.raises(ValidationError) as error, translation.override("fr"):
        _record(town, wo, "0.25")
    assert error.value.message_dict["hours"] == [
        "Votre organisation permet de saisir au plus 12 h par jour pour un agent : "
        f"{town.agent} a déjà 12 h ce jour-là."
    ]


def test_cancelled_entries_and_other_days_do_not_count(town):
    wo = _work_order(town)
    mistaken = _record(town, wo, "8")
    services.record_time(
        by=town.manager,
        work_order=wo,
        agent=town.agent,
        date=timezone.localdate() - timezone.timedelta(days=1),
        hours=Decimal(9),
    )
    services.cancel_time_entry(mistaken, by=town.manager, reason="Saisie en double")
    _record(town, wo, "10")


def test_the_page_and_the_api_give_the_cap_message(town, client_for, api_for):
    wo = _work_order(town)
    _record(town, wo, "9")
    response = api_for(town.manager).post(
        f"{API}/work-orders/{wo.pk}/time-entries/",
        {"agent": town.agent.pk, "date": timezone.localdate().isoformat(), "hours": "2"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400, response.content
    assert "höchstens 10 h pro Tag" in str(response.json()["fields"]["hours"])
    page = client_for(town.manager).post(
        f"/interventions/work-orders/{wo.pk}/time/",
        {"time-agent": town.agent.pk, "time-date": timezone.localdate().isoformat(), "time-hours": "2"},
    )
    assert page.status_code == 400 and "au plus 10 h par jour" in page.content.decode()
    wo.refresh_from_db()
    assert wo.hours == Decimal("9.00")
