"""Rules to findings: the Great Expectations suites built from the schema, and the
results-framework rules that span several rows or tables.
"""
