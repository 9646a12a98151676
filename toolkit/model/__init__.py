"""The data model and what every layer shares: the schema, code lists, the programme's
configuration, paths, errors, findings, periods and how outputs are written.
"""
