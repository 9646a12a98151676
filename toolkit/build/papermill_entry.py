"""What papermill loads through the ``papermill.engine`` entry point: the build's two engines by
name, each handing over to ``toolkit.build.engine`` when papermill first calls it.

papermill loads every entry point while its own ``papermill.engines`` module is still being
imported. The engines themselves subclass papermill's classes, so they cannot be that entry
point: a process that imports them before papermill would load them again half-made. This
module imports nothing, and a process that imports papermill for another purpose loads no
more than it.
"""

from __future__ import annotations


class _Deferred:
    """An engine whose work is done by the class of the same name in ``toolkit.build.engine``."""

    @classmethod
    def _engine(cls):
        from toolkit.build import engine

        return getattr(engine, cls.__name__)

    @classmethod
    def execute_notebook(cls, *args, **kwargs):
        return cls._engine().execute_notebook(*args, **kwargs)

    @classmethod
    def nb_kernel_name(cls, nb, name=None):
        return cls._engine().nb_kernel_name(nb, name)

    @classmethod
    def nb_language(cls, nb, language=None):
        return cls._engine().nb_language(nb, language)


class ForkEngine(_Deferred):
    """``toolkit-fork``: the cells in an IPython shell of the page's own process."""


class KernelEngine(_Deferred):
    """``toolkit-kernel``: a Jupyter kernel per page."""
