"""Reading files into Areas, Counts and Incidents, with an ImportReport.

The readers form a registry (after glue's data factories): each has a label,
an ``identify`` function that scores how well it fits a file, and a priority.
``inspect(path)`` reports what the best reader makes of a file;
``read(path)`` returns the data and the report.
"""
