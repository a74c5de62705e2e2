"""Goals with progress, and initiatives: funding, budget lines, expenditures, milestones, and the budget
against actual with the burn rate."""

from .budget import BudgetSummary, Burn, LineBudget, budget_summary, burn_rate
from .editing import (
    ExpenditureInput,
    FundingInput,
    InitiativeInput,
    MilestoneInput,
    add_expenditure,
    attach_receipt,
    save_budget_line,
    save_funding,
    save_initiative,
    save_milestone,
    set_expenditure_cancelled,
    set_milestone_status,
)
from .goals import GoalInput, add_progress, delete_goal, save_goal

__all__ = [
    "BudgetSummary",
    "Burn",
    "ExpenditureInput",
    "FundingInput",
    "GoalInput",
    "InitiativeInput",
    "LineBudget",
    "MilestoneInput",
    "add_expenditure",
    "add_progress",
    "attach_receipt",
    "budget_summary",
    "burn_rate",
    "delete_goal",
    "save_budget_line",
    "save_funding",
    "save_goal",
    "save_initiative",
    "save_milestone",
    "set_expenditure_cancelled",
    "set_milestone_status",
]
