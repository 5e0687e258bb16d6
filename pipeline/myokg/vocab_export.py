"""Write the vocabulary as a TSV listing or as SSSOM mappings other graphs can join on."""

from __future__ import annotations

from pathlib import Path

from myokg import __version__, paths
from myokg.namespaces import OWL, XREF_PREFIXES, iri_to_curie
from myokg.vocab import Vocabulary


def tsv(vocab: Vocabulary) -> str:
    """One line per term: key, label, kind, parents, identifiers, synonyms."""
    lines = ["key\tlabel\tkind\tparents\tidentifiers\tsynonyms"]
    for t in sorted(vocab.terms.values(), key=lambda t: (t.kind, t.key)):
        parents = "|".join(
            vocab.terms[p].key if p in vocab.terms else p.rsplit("#", 1)[-1] for p in t.parents
        )
        syns = "|".join(s for s, k in t.synonyms if k != "blocked form")
        lines.append(f"{t.key}\t{t.label}\t{t.kind}\t{parents}\t{'|'.join(t.curies)}\t{syns}")
    return "\n".join(lines) + "\n"


def _ontology_version() -> str:
    """owl:versionInfo of the ontology (the date of its release): the mappings' date and version."""
    import pyoxigraph as ox

    from myokg import store

    for q in store.ontology_quads():
        if q.predicate.value == str(OWL.versionInfo) and isinstance(q.object, ox.Literal):
            return q.object.value
    return ""


def xref_labels(path: Path = paths.ONTOLOGY.parent / "xref-labels.tsv") -> dict[str, str]:
    """Labels of cross-referenced terms as their sources give them (ontology/xref-labels.tsv)."""
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("object_id\t") or not line.strip():
            continue
        curie, label = line.split("\t")[:2]
        out[curie] = label
    return out


def sssom(vocab: Vocabulary) -> str:
    """SSSOM TSV: a YAML metadata block (version, date, creator), then one row per cross-reference."""
    version = _ontology_version()
    meta = [
        "# curie_map:",
        "#   myt: https://w3id.org/myokg/term/",
        "#   skos: http://www.w3.org/2004/02/skos/core#",
        "#   semapv: https://w3id.org/semapv/vocab/",
        "#   infores: https://w3id.org/information-resource-registry/",
        "# mapping_set_id: https://w3id.org/myokg/mappings.sssom.tsv",
        f"# mapping_set_version: {version} (myokg {__version__})",
        f"# mapping_date: {version}",
        "# creator_id:",
        "#   - infores:myokg",
        "# license: https://creativecommons.org/licenses/by/4.0/",
    ]
    prefixes = sorted({c.split(":")[0] for t in vocab.terms.values() for c in t.curies})
    meta[1:1] = [f"#   {p}: {XREF_PREFIXES[p][0]}" for p in prefixes]
    labels = xref_labels()
    rows = ["subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\tmapping_justification"]
    for t in sorted(vocab.terms.values(), key=lambda t: t.key):
        for pred, iris in (("skos:exactMatch", t.exact), ("skos:closeMatch", t.close)):
            for iri in iris:
                curie = iri_to_curie(iri)
                if curie:
                    rows.append(
                        f"myt:{t.key}\t{t.label}\t{pred}\t{curie}\t{labels.get(curie, '')}\tsemapv:ManualMappingCuration"
                    )
    return "\n".join(meta + rows) + "\n"
