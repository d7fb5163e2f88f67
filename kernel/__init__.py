"""The kernel: what every layer shares and nothing of ours underneath.

Errors (:mod:`kernel.errors`), progress and cancel (:mod:`kernel.progress`), the data model
(:mod:`kernel.schema`), the CBS code hierarchy (:mod:`kernel.cbs`), Dutch number and list
formatting (:mod:`kernel.nl`), JSON output (:mod:`kernel.jsontext`) and the content-keyed memory of a
long-lived process (:mod:`kernel.recent`). It imports no other
package of Wijkbeeld (an import-linter contract in pyproject.toml).
"""
