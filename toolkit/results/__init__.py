"""Facts derived from the clean data: the portfolio the pages read, indicators and
achievement, persons reached, published figures recomputed and compared, citations.
"""
