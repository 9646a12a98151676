"""French text shared by every layer: numbers, amounts and dates as the reports write them,
values quoted in messages, HTML building blocks and French typography.
"""
