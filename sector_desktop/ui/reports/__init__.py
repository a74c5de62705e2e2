"""Printing: the Reports page, the in-app PDF preview with Print… and Save as PDF…"""
