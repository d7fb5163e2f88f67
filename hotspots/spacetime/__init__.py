"""Space and time together: emerging hot spots, near repeats and stable hot spots.

One idea per module:

* :mod:`~hotspots.spacetime.methods`: the declarations (light: no pandas, no scipy);
* :mod:`~hotspots.spacetime.inputs`: reading the inputs of an analysis (areas, incidents, counts) and
  choosing the incidents (category, period, moment);
* :mod:`~hotspots.spacetime.cube`: counts per location (buurt, wijk, square or hexagonal cell) and month;
* :mod:`~hotspots.spacetime.gistar`: Getis-Ord Gi* on space-time neighbours;
* :mod:`~hotspots.spacetime.patterns`: ArcGIS's emerging hot spot categories and their Dutch sentences;
* :mod:`~hotspots.spacetime.emerging`: the emerging hot spot analysis (``run``);
* :mod:`~hotspots.spacetime.knox`: the Knox test over distance x time bands, with Monte Carlo p-values;
* :mod:`~hotspots.spacetime.chains`: chains ("reeksen") of near-repeat incidents;
* :mod:`~hotspots.spacetime.nearrepeat`: the near-repeat analysis (``run``);
* :mod:`~hotspots.spacetime.stable`: stable hot spots across scales (``run``).

Each analysis is declared once in the light :mod:`~hotspots.spacetime.methods` (:class:`hotspots.params.Method`,
listed in :data:`hotspots.params.DECLARATIONS`, bound to its run function) and has
``run(inputs, params, progress=None, cancelled=None)`` taking :class:`hotspots.inputs.Inputs` and
returning a result with ``params``, ``notes``, ``warnings`` and ``to_dict()``.
"""
