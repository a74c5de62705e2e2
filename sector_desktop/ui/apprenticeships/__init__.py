"""The Apprenticeships section: the pipeline board and each program's paperwork."""
