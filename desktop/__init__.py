"""The PySide6 desktop application and the ``wijkbeeld`` command line.

Only this package imports Qt, and only in the modules that build the GUI;
``desktop.cli`` and ``desktop.commands`` run without a screen.
"""

__version__ = "0.1.0"
