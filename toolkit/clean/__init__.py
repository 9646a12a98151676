"""Typed tables to clean tables and quarantine: split by the findings, with every raw row
accounted for, then written.
"""
