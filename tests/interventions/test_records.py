"""The interventions' records through the generated cases (tests/cases.py): reference data read and written
through the API; requests and work orders read through it (they are written by their workflow, tested there)."""

from regie.interventions import services
from regie.interventions.factories import BudgetLineFactory, CategoryFactory, CostCodeFactory, PriorityFactory
from regie.interventions.models import InterventionRequest, WorkOrder
from tests.cases import APIReadCases, APIRecordCases


class TestCategoryAPI(APIRecordCases):
    resource, path, factory = "category", "/api/v1/categories/", CategoryFactory
    create_data = {"code": "PLB", "name": "Plomberie"}
    update_data = {"name": "Plomberie sanitaire"}
    invalid_data = ({"code": "pas un code !"}, "code")
    conflict_with, conflict_data = {"code": "PLB"}, {"code": "PLB"}


class TestPriorityAPI(APIRecordCases):
    resource, path, factory = "priority", "/api/v1/priorities/", PriorityFactory
    create_data = {"code": "P9", "name": "Très basse", "rank": 5, "response_hours": 240, "resolution_hours": 2000}
    update_data = {"name": "Différable"}
    invalid_data = ({"response_hours": -1}, "response_hours")
    conflict_with, conflict_data = {"code": "P9"}, {"code": "P9"}


class TestBudgetLineAPI(APIRecordCases):
    resource, path, factory = "budgetline", "/api/v1/budget-lines/", BudgetLineFactory
    create_data = {"code": "615221", "name": "Entretien de bâtiments", "section": "operating", "amount": "12000.00"}
    update_data = {"name": "Entretien et réparations de bâtiments"}
    invalid_data = ({"section": "imaginaire"}, "section")
    conflict_with, conflict_data = {"code": "615221"}, {"code": "615221"}


class TestCostCodeAPI(APIRecordCases):
    resource, path, factory = "costcode", "/api/v1/cost-codes/", CostCodeFactory
    create_data = {"code": "EVT-14J", "name": "Fête nationale"}
    update_data = {"name": "Fête de la musique"}
    invalid_data = ({"code": ""}, "code")
    conflict_with, conflict_data = {"code": "EVT-14J"}, {"code": "EVT-14J"}


def _by(organization):
    from regie.core.permissions import Role
    from tests.cases import member

    return member(organization, Role.MANAGER)


class TestRequestAPI(APIReadCases):
    resource, path, model = "request", "/api/v1/requests/", InterventionRequest

    def make(self, organization, **fields):
        data = {"title": "Banc cassé", "description": "Latte arrachée", "location": "Parc des Ormes"}
        data["category"] = CategoryFactory(organization=organization)
        data["priority"] = PriorityFactory(organization=organization)
        obj, _created = services.create_request(by=_by(organization), organization=organization, data=data)
        return obj


class TestWorkOrderAPI(APIReadCases):
    resource, path, model = "workorder", "/api/v1/work-orders/", WorkOrder

    def make(self, organization, **fields):
        data = {"title": "Remplacer la latte", "category": CategoryFactory(organization=organization)}
        data["priority"] = PriorityFactory(organization=organization)
        return services.create_work_order(by=_by(organization), organization=organization, data=data)
