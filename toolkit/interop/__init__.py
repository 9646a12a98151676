"""Data in and out of other tools: IATI activity files, the Excel workbook and the data
dictionary.
"""
