"""Read models: the one JSON shape of every result, for the API and the CLI's ``--json``.

A route answers with one of these models and a command's ``--json`` prints the same model
(:func:`bakehouse.schemas.base.to_json`), so both give the same field names, the same
decimals (:func:`bakehouse.domain.numbers.decimal_text`: exact, no trailing zeros) and the
same dates. Request bodies are the API's own (``web/api/schemas_*.py``); these modules
import no web framework.
"""
