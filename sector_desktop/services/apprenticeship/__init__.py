"""Registered apprenticeship: rules and checklists kept as data, program checks and the stage pipeline."""
