"""How do we compare: a gemeente against the country, similar gemeenten, its neighbours and its region; its wijken
against its own average; and what residents say (the Veiligheidsmonitor) beside the registered counts.

``stats`` holds the formulas (rates with exact intervals, the predictive test against a reference, the
dispersion from year to year, ranks with their uncertainty, percentiles); ``groups`` the comparison groups;
``gemeente`` and ``wijken`` the two benchmarks; ``survey`` the residents' side; ``methods`` the declaration
of ``wijkbeeld vergelijk`` and ``run`` its run function.
"""
