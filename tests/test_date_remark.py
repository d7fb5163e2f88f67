"""A date with a remark behind it is one unreadable value, not an unreadable column (issue 11, real files)."""
from __future__ import annotations

import pandas as pd

from importers.dates import parse_datetimes


def test_one_date_with_a_remark_behind_it_no_longer_hides_the_others():
    """Dates without zero padding are read by numpy only; one value wider than it reads (a remark behind the
    date) made the whole column unreadable, and the file was refused. Now that value alone is not a date."""
    long = "6/15/2016 11:31:00 PM zie ook melding 2016-4411 van de wijkagent"
    values = pd.Series(["6/15/2016 11:31:00 PM", "12/1/2016 1:05:00 AM"] * 10 + [long], dtype="string")
    parsed, info = parse_datetimes(values, column="datum")
    assert parsed.notna().sum() == 20 and pd.isna(parsed.iloc[-1])
    assert parsed.iloc[1] == pd.Timestamp("2016-12-01 01:05") and info["order"] == "month"


def test_also_among_day_first_dates():
    long = "15-6-2016 23:31 (tijd geschat door de melder, zie notitie)"
    values = pd.Series(["15-6-2016 23:31", "1-12-2016 1:05", "31-1-2016 12:00"] * 5 + [long], dtype="string")
    parsed, info = parse_datetimes(values, column="datum")
    assert parsed.notna().sum() == 15 and info["order"] == "day" and pd.isna(parsed.iloc[-1])
