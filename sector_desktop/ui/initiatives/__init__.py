"""The Initiatives section: budgets, expenditures, burn rate and milestones."""
