"""SHACL validation of the built graph against ontology/shapes.ttl (pyshacl), as a readable report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, Namespace
from rdflib.term import Node

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(slots=True, frozen=True)
class Violation:
    focus: str  # the node that fails, as a prefixed name where one fits
    path: str  # the property path, "" for a constraint on the node itself
    message: str  # the shape's sh:message
    severity: str  # Violation, Warning or Info
    value: str = ""  # the offending value, when there is one

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}".strip()
        value = f" (value: {self.value})" if self.value and self.value != self.focus else ""
        return f"{self.severity}: {where}: {self.message}{value}"


@dataclass(slots=True)
class Report:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)


def validate(data: Graph, shapes_path: Path) -> Report:
    """Every SHACL result of `data` against the shapes file, sorted by node; `conforms` when there is none."""
    from pyshacl import validate as shacl

    shapes = Graph().parse(shapes_path, format="turtle")
    conforms, results, _ = shacl(data, shacl_graph=shapes, inference="none")

    namespaces = sorted(((str(ns), prefix) for prefix, ns in data.namespaces() if prefix), reverse=True)

    def show(node: Node | None) -> str:
        """A prefixed name where a namespace fits (fpid:post/王昕-140926-县长), else the IRI; ^p for inverse paths."""
        if node is None:
            return ""
        inverse = results.value(node, SH.inversePath)
        if inverse is not None:
            return "^" + show(inverse)
        text = str(node)
        return next((f"{prefix}:{text[len(ns) :]}" for ns, prefix in namespaces if text.startswith(ns)), text)

    violations = {
        Violation(
            focus=show(results.value(result, SH.focusNode)),
            path=show(results.value(result, SH.resultPath)),
            message=str(results.value(result, SH.resultMessage) or "does not conform"),
            severity=str(results.value(result, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1],
            value=show(results.value(result, SH.value)),
        )
        for result in results.subjects(RDF.type, SH.ValidationResult)
    }
    return Report(bool(conforms), sorted(violations, key=lambda v: (v.focus, v.path, v.message)))
