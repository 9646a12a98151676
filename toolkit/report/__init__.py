"""What a page shows: the blocks of each page, figures, the evaluator's narrative, the
context and the data-quality page, and the page template.
"""
