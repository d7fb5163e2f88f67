"""The window's controllers: one per feature, each owning its runners, and a small router.

- :mod:`.project`: new, open (with its snapshot), the demo, import, save, autosave;
- :mod:`.analysis`: the hot-spot analysis and what it puts on the table and the map;
- :mod:`.selection`: the selected areas and the charts that follow them;
- :mod:`.inzet`: the Inzetplanner's plan and its map;
- :mod:`.router`: makes the state (:mod:`desktop.state`) and the controllers, binds the panels
  to the state both ways, routes one feature's news to another, and stops every job at once.

Trends and comparisons, and the report, come as controllers of their own beside these
(:class:`.base.Feature`); the router registers them in :meth:`.router.Router.features`.
No controller holds a widget: the router binds the panels.
"""
