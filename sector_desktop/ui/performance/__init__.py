"""The Performance page: the WIOA employer measures and outcomes of a program year, and recording outcomes."""
