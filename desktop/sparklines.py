"""The data of the signals' sparklines (Qt-free): for each early-warning month, the area's last months up to
it with the expected range, as :func:`hotspots.change.trends.run_trends` gives them in its series.

>>> import pandas as pd
>>> s = pd.DataFrame({"code": ["A"] * 3, "month": pd.period_range("2016-01", periods=3, freq="M"),
...                   "count": [1, 2, 9], "lower": [0, 0, 1], "upper": [4, 4, 5]})
>>> spark_series(s, pd.DataFrame({"code": ["A"], "month": [pd.Period("2016-03", "M")]}), months=2)["A|2016-03"]
{'months': ['2016-02', '2016-03'], 'count': [2.0, 9.0], 'lower': [0.0, 1.0], 'upper': [4.0, 5.0]}
"""
from __future__ import annotations

#: Months a sparkline shows: the signal's month and the eleven before it.
MONTHS = 12


def key(code, month) -> str:
    """The key of a signal: ``"BU00140001|2017-05"``."""
    return f"{code}|{str(month)[:7]}"


def spark_series(series, signals, months: int = MONTHS) -> dict:
    """``{key(code, month): {"months", "count", "lower", "upper"}}`` for every row of ``signals`` (code, month):
    the ``months`` months of ``series`` (run_trends' series: code, month, count, lower, upper) up to and
    including the signal's month. Missing limits (no baseline) are None."""
    import pandas as pd

    out = {}
    if signals is None or not len(signals) or series is None:
        return out
    by_code = {str(c): s.set_index(s["month"].astype(str).str[:7]) for c, s in series.groupby(series["code"].astype(str))}
    for code, month in zip(signals["code"].astype(str), signals["month"].astype(str)):
        s = by_code.get(code)
        if s is None:
            continue
        last = pd.Period(month[:7], "M")
        wanted = [str(last - i) for i in range(months - 1, -1, -1)]
        part = s.reindex([m for m in wanted if m >= s.index.min()])

        def values(col):
            return [None if pd.isna(v) else float(v) for v in part[col]] if col in part else [None] * len(part)

        out[key(code, month)] = {"months": list(part.index), "count": values("count"), "lower": values("lower"),
                                 "upper": values("upper")}
    return out
