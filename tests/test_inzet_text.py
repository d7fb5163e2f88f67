"""The plan explained in Dutch (hotspots.inzet.text): a hand-made plan, every sentence checked."""
from __future__ import annotations

import pandas as pd

from hotspots.inzet import text as inzet_text
from hotspots.inzet.plan import InzetPlan


def _plan(**kw) -> InzetPlan:
    """Two shifts covering 6 of 10 expected incidents; a uniform plan of the same hours would cover 1 in 20."""
    shifts = pd.DataFrame({"day": ["dinsdag", "vrijdag"], "start": ["20:00", "15:00"], "end": ["22:00", "17:00"],
                           "area_name": ["Centrum", "Noord"],
                           "reason": ["dinsdag 20:00-22:00 Centrum: reden een.", "vrijdag 15:00-17:00 Noord: twee."]})
    values = dict(shifts=shifts, coverage=6 / 10, coverage_uniform=1 / 20, expected_total=10.0,
                  expected_covered=6.0, greedy={"coverage": 0.55, "gap": 1 / 12}, solver={
                      "optimal": False, "seconds": 1.26, "status": "Time limit reached. (HiGHS Status 13: ...)"},
                  params={"shift_hours": 2}, history=(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-26")),
                  warnings=["Onbekende gebiedscode(s) genegeerd: BU9."])
    values.update(kw)
    return InzetPlan(**values)


def test_figures_of_a_hand_made_plan():
    # the greedy plan's shortfall is relative: 55% is 1/12 = 8,3% less than 60% (not 5 percentage points)
    assert inzet_text.figures(_plan()) == [
        "Dekking: 60,0% van de verwachte incidenten; ongerichte inzet met dezelfde uren: 5,0%.",
        "Snelle benadering (steeds de dienst die het meest toevoegt): 55,0%, 8,3% minder dan dit plan. "
        "Rekentijd 1,3 s, niet bewezen optimaal: de maximale rekentijd was om.",
    ]


def test_the_reason_a_plan_is_not_proven_optimal_follows_the_solver_status():
    def proof(**solver):
        return inzet_text.figures(_plan(solver={"seconds": 1.26, **solver}))[1].split("1,3 s, ")[1]

    assert proof(optimal=True, status="Optimization terminated successfully.") == "bewezen optimaal."
    assert proof(optimal=False, status="Time limit reached. (HiGHS Status 13: ...)") == \
        "niet bewezen optimaal: de maximale rekentijd was om."
    assert proof(optimal=False, status="Iteration limit reached. (HiGHS Status 14: ...)") == \
        "niet bewezen optimaal: het maximale aantal rekenstappen was bereikt."
    assert proof(optimal=False, status="The HiGHS status code was not recognized.") == \
        "niet bewezen optimaal: de optimalisatie stopte voortijdig."


def test_look_back_line_and_missing_figures():
    ev = {"period": ["2024-02-26", "2024-03-11"], "hit_rate": 6 / 7, "hit_rate_uniform": 1 / 21,
          "pai": (6 / 7) / (2 / 3)}
    lines = inzet_text.figures(_plan(evaluation=ev))
    assert lines[-1] == "Terugblik 2024-02-26 tot 2024-03-11: trefkans 85,7% (ongericht 4,8%), PAI 1,3."
    ev = {**ev, "hit_rate_uniform": None, "pai": float("nan")}
    assert inzet_text.figures(_plan(evaluation=ev))[-1].endswith("(ongericht –), PAI –.")


def test_report_is_what_the_command_line_prints():
    assert inzet_text.report(_plan()) == [
        "Weekrooster: 2 diensten van 2 uur",
        "  dinsdag 20:00-22:00 Centrum: reden een.",
        "  vrijdag 15:00-17:00 Noord: twee.",
        *inzet_text.figures(_plan()),
        "Let op: Onbekende gebiedscode(s) genegeerd: BU9.",
    ]
