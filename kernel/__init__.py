"""The kernel: what every layer shares and nothing of ours underneath.

Errors (:mod:`kernel.errors`), progress and cancel (:mod:`kernel.progress`), the data model
(:mod:`kernel.schema`), the CBS code hierarchy (:mod:`kernel.cbs`), Dutch number and list
formatting (:mod:`kernel.nl`) and JSON output (:mod:`kernel.jsontext`). It imports no other
package of Wijkbeeld (an import-linter contract in pyproject.toml).
"""
