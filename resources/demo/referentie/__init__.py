"""The generated reference files of the comparison with other gemeenten (see :mod:`.build`): where they are and
whose they are. The figures are generated (plausible, not real); the gemeenten, their inhabitants and borders
are CBS's."""
from pathlib import Path

HERE = Path(__file__).resolve().parent
GEMEENTEN = HERE / "gemeenten_2024.gpkg"
KERNCIJFERS = HERE / "kerncijfers_gemeenten_2014_2024.csv"
POLITIE = HERE / "politie_misdrijven_gemeenten_2014_2023.csv"
VM_GEMEENTEN = HERE / "veiligheidsmonitor_gemeenten_2017_2023.csv"
VM_WIJKEN = HERE / "veiligheidsmonitor_wijken_groningen_2015_2017.csv"
FILES = (GEMEENTEN, KERNCIJFERS, POLITIE, VM_GEMEENTEN, VM_WIJKEN)

ATTRIBUTION = ("Referentiebestanden (voorbeeld): gegenereerde cijfers in de vorm van CBS StatLine, politietabel "
               "47022NED en de Veiligheidsmonitor, geen echte cijfers. Gemeenten, inwoners en grenzen: CBS, wijken "
               "2024 (CC BY 4.0).")

__all__ = ["GEMEENTEN", "KERNCIJFERS", "POLITIE", "VM_GEMEENTEN", "VM_WIJKEN", "FILES", "ATTRIBUTION"]
