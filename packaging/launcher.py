"""The frozen app's entry point: PyInstaller runs this file as ``__main__`` of ``wijkbeeld`` (``wijkbeeld.exe``).

It does what the ``wijkbeeld`` console script does (:func:`desktop.cli.main`),
after one step that only a frozen program needs: ``multiprocessing.freeze_support()``
comes first, before anything else is imported. The worker process of
:mod:`desktop.procpool` (a ``spawn`` pool) and multiprocessing's resource
tracker are started by running this same executable with multiprocessing's
own arguments; PyInstaller's runtime hook makes ``freeze_support()`` recognise
them on every platform, run the child's code and exit, so a child never
reaches the command line (it would read ``--multiprocessing-fork`` as an
unknown option).

Two switches for ``packaging/check``, read from the environment so that the
command line stays the user's:

- ``WIJKBEELD_SMOKE_SCREENSHOTS=FOLDER`` runs :func:`desktop.screenshot.main`
  instead: the demo window, filled (map, charts of a chosen buurt, table),
  saved as PNG; the same routine that makes the README's screenshots.
- ``WIJKBEELD_SMOKE_WORKER=1`` runs :func:`desktop.selftest.run`: one task
  through the worker process, its facts printed as JSON.
"""
import multiprocessing
import os
import sys


def main() -> int:
    multiprocessing.freeze_support()
    shots = os.environ.get("WIJKBEELD_SMOKE_SCREENSHOTS")
    if shots:
        from desktop.screenshot import main as screenshots

        return screenshots(shots)
    if os.environ.get("WIJKBEELD_SMOKE_WORKER"):
        import json

        from desktop.selftest import run

        print(json.dumps(run()))
        return 0
    from desktop.cli import main as cli

    return cli()


if __name__ == "__main__":
    sys.exit(main())
