"""Planning, executing and publishing the pages: papermill engines, isolated page processes,
executors, the cache, provenance and progress.
"""
