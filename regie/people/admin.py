from regie.core.admin import TenantAdmin, admin_site

from . import services
from .models import Agent, Contractor, Department, Skill, Team


class DepartmentAdmin(TenantAdmin):
    services = (services.create_department, services.update_department)
    list_display = ("code", "name", "kind")
    search_fields = ("code", "name")


class SkillAdmin(TenantAdmin):
    services = (services.create_skill, services.update_skill)
    list_display = ("code", "name", "hourly_rate")
    search_fields = ("code", "name")


class TeamAdmin(TenantAdmin):
    services = (services.create_team, services.update_team)
    list_display = ("code", "name", "department")
    search_fields = ("code", "name")


class AgentAdmin(TenantAdmin):
    services = (services.create_agent, services.update_agent)
    list_display = ("employee_number", "last_name", "first_name", "department", "team")
    search_fields = ("employee_number", "last_name", "first_name")
    filter_horizontal = ()


class ContractorAdmin(TenantAdmin):
    services = (services.create_contractor, services.update_contractor)
    list_display = ("name", "siret", "email")
    search_fields = ("name", "siret")


for model, model_admin in (
    (Department, DepartmentAdmin),
    (Skill, SkillAdmin),
    (Team, TeamAdmin),
    (Agent, AgentAdmin),
    (Contractor, ContractorAdmin),
):
    admin_site.register(model, model_admin)
