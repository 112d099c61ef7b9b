"""Reference data of the interventions app: categories, priorities, budget lines, cost codes.

Plain records: the generic services check the matrix, validate (model constraints included), audit.
"""

from regie.core.services import record_services

from ..models import BudgetLine, Category, CostCode, Priority

create_category, update_category = record_services(Category, "category")
create_priority, update_priority = record_services(Priority, "priority")
create_budget_line, update_budget_line = record_services(BudgetLine, "budgetline")
create_cost_code, update_cost_code = record_services(CostCode, "costcode")
