"""An import-linter contract: a context reaches another only through its public surface.

``.importlinter`` lists the contexts; a module of one context may import from another context only
the modules named in ``public`` (``models`` for foreign keys and types, ``services``, ``selectors``,
``states``, ``constants``) and what lies inside them. Tests are exempt: they build data across
contexts. The kernel is not a context: every context may use it, and it imports none (a separate
``forbidden`` contract).
"""

from __future__ import annotations

import grimp
from importlinter import Contract, ContractCheck, fields, output


class ContextBoundaryContract(Contract):
    type_name = "context_boundaries"

    contexts = fields.ListField(subfield=fields.StringField())
    public = fields.ListField(subfield=fields.StringField())

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        contexts: list[str] = list(self.contexts)  # type: ignore[call-overload]
        public = set(self.public)  # type: ignore[call-overload]
        illegal = []
        for context in contexts:
            for importer in sorted({context} | graph.find_descendants(context)):
                if ".tests" in importer:
                    continue
                for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                    other = next((c for c in contexts if imported == c or imported.startswith(c + ".")), None)
                    if other is None or other == context:
                        continue
                    surface = imported[len(other) + 1 :].split(".", 1)[0]
                    if surface not in public:
                        lines = [
                            d["line_number"] for d in graph.get_import_details(importer=importer, imported=imported)
                        ]
                        illegal.append((importer, imported, tuple(lines)))
        return ContractCheck(kept=not illegal, metadata={"illegal": illegal})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, lines in check.metadata["illegal"]:
            output.print_error(f"- {importer} -> {imported} (l.{', '.join(map(str, lines))})", bold=False)
            output.new_line()
        output.print_error(
            f"Use another context only through its {', '.join(sorted(self.public))}.",  # type: ignore[call-overload]
            bold=False,
        )
