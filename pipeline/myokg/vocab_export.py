"""Write the vocabulary as a TSV listing or as SSSOM mappings other graphs can join on."""

from __future__ import annotations

from myokg.namespaces import iri_to_curie
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


def sssom(vocab: Vocabulary) -> str:
    """SSSOM TSV: a YAML metadata block, then one row per cross-reference."""
    meta = [
        "# curie_map:",
        "#   myt: https://w3id.org/myokg/term/",
        "#   skos: http://www.w3.org/2004/02/skos/core#",
        "#   semapv: https://w3id.org/semapv/vocab/",
        "# mapping_set_id: https://w3id.org/myokg/mappings.sssom.tsv",
        "# license: https://creativecommons.org/licenses/by/4.0/",
    ]
    prefixes = sorted({c.split(":")[0] for t in vocab.terms.values() for c in t.curies})
    from myokg.namespaces import XREF_PREFIXES

    meta[1:1] = [f"#   {p}: {XREF_PREFIXES[p][0]}" for p in prefixes]
    rows = ["subject_id\tsubject_label\tpredicate_id\tobject_id\tmapping_justification"]
    for t in sorted(vocab.terms.values(), key=lambda t: t.key):
        for pred, iris in (("skos:exactMatch", t.exact), ("skos:closeMatch", t.close)):
            for iri in iris:
                curie = iri_to_curie(iri)
                if curie:
                    rows.append(f"myt:{t.key}\t{t.label}\t{pred}\t{curie}\tsemapv:ManualMappingCuration")
    return "\n".join(meta + rows) + "\n"
