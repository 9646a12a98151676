"""Raw text to typed cells: the readers (CSV, workbooks), the conversion of each column
kind and the parsers of French project documents (numbers, dates, claims, sources,
countries, persons).
"""
