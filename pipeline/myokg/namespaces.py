"""The project's namespaces and the IRI patterns of the cross-reference prefixes it uses."""

from __future__ import annotations

# The W3C, Dublin Core and VoID vocabularies come from rdflib, re-exported here: the one place the code takes
# their IRIs from.
from rdflib.namespace import DCTERMS as DCTERMS
from rdflib.namespace import OWL as OWL
from rdflib.namespace import RDF as RDF
from rdflib.namespace import RDFS as RDFS
from rdflib.namespace import SKOS as SKOS
from rdflib.namespace import VOID as VOID
from rdflib.namespace import XSD as XSD
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

#: Base of everything the project mints.
BASE = "https://w3id.org/myokg/"
#: Vocabulary terms (agents, diseases, designs) defined in ontology/myokg.ttl.
TERM = Namespace(BASE + "term/")
#: Data minted by the graph stage (documents, publications, studies, findings, mentions).
DATA = Namespace(BASE + "data/")
#: IRI of the ontology, also the name of the graph that holds it in exports.
ONTOLOGY_IRI = BASE + "ontology"


class MYO(DefinedNamespace):
    """Schema terms of ontology/myokg.ttl; a typo raises instead of writing a wrong triple."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # classes
    Document: URIRef
    Publication: URIRef
    Reference: URIRef
    Study: URIRef
    Disease: URIRef
    Intervention: URIRef
    Drug: URIRef
    DrugClass: URIRef
    Procedure: URIRef
    Finding: URIRef
    Outcome: URIRef
    OutcomeMeasure: URIRef
    AdverseEvent: URIRef
    EffectDirection: URIRef
    AgentRole: URIRef
    PopulationGroup: URIRef
    Mention: URIRef
    ExtractionActivity: URIRef
    EvidenceSummary: URIRef
    YearSummary: URIRef
    AdverseEventSummary: URIRef
    # individuals
    positive: URIRef
    negative: URIRef
    mixed: URIRef
    unclear: URIRef
    studied: URIRef
    priorTherapy: URIRef
    concomitant: URIRef
    suspectedCause: URIRef
    adult: URIRef
    juvenile: URIRef
    mixedAge: URIRef
    responderCount: URIRef
    nonResponderCount: URIRef
    responseRate: URIRef
    patientsTreated: URIRef
    ckChange: URIRef
    baselineCK: URIRef
    diseaseDuration: URIRef
    priorAgentCount: URIRef
    timeToResponse: URIRef
    # annotation properties
    abbreviation: URIRef
    contextAbbreviation: URIRef
    brandName: URIRef
    blockedForm: URIRef
    mentionRole: URIRef
    markerAntibody: URIRef
    markerFeature: URIRef
    innStem: URIRef
    isDrugClass: URIRef
    evidenceRank: URIRef
    evidenceLevel: URIRef
    # object properties
    describes: URIRef
    cites: URIRef
    inDocument: URIRef
    refersTo: URIRef
    reportedIn: URIRef
    study: URIRef
    agent: URIRef
    condition: URIRef
    manifestation: URIRef
    role: URIRef
    direction: URIRef
    population: URIRef
    hasOutcome: URIRef
    measure: URIRef
    outcomeAgent: URIRef
    adverseEvent: URIRef
    eventType: URIRef
    suspectedAgent: URIRef
    denotes: URIRef
    # a finding's copies of its study's and publication's values (graph.finding_facts)
    studyDesign: URIRef
    studySize: URIRef
    sourceYear: URIRef
    sourceFirstAuthor: URIRef
    sourceTitle: URIRef
    # the summary graph (summary.py)
    summaryAgent: URIRef
    summaryCondition: URIRef
    includesNarrowerAgents: URIRef
    includesNarrowerConditions: URIRef
    studyCount: URIRef
    findingCount: URIRef
    bestLevel: URIRef
    bestDesignLabel: URIRef
    bestDesignRank: URIRef
    summaryYear: URIRef
    summaryEventType: URIRef
    eventCount: URIRef
    fatalCount: URIRef
    positiveStudies: URIRef
    negativeStudies: URIRef
    mixedStudies: URIRef
    unclearStudies: URIRef
    directionLabel: URIRef
    sources: URIRef
    cardRank: URIRef
    listKey: URIRef
    generatedBy: URIRef
    # data properties
    evidenceQuote: URIRef  # a fact's evidence, on the fact itself
    evidenceOffsets: URIRef
    title: URIRef
    authors: URIRef
    firstAuthor: URIRef
    journal: URIRef
    year: URIRef
    dateText: URIRef
    volume: URIRef
    issue: URIRef
    pages: URIRef
    doi: URIRef
    pmid: URIRef
    pmcid: URIRef
    publicationType: URIRef
    meshHeading: URIRef
    keyword: URIRef
    substance: URIRef
    grant: URIRef
    designConflict: URIRef
    competingInterests: URIRef
    referenceNumber: URIRef
    rawText: URIRef
    parseWarning: URIRef
    offsets: URIRef
    fileName: URIRef
    contentHash: URIRef
    sourceFormat: URIRef
    softwareVersion: URIRef
    method: URIRef
    enrolled: URIRef
    responders: URIRef
    refractory: URIRef
    randomized: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    setting: URIRef
    value: URIRef
    sd: URIRef
    denominator: URIRef
    unit: URIRef
    group: URIRef
    fatal: URIRef


#: The one prefix map of exports, query results and CURIEs in tables.
PREFIXES = {
    "myo": BASE + "ontology#",
    "myt": BASE + "term/",
    "myd": BASE + "data/",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
    "obo": "http://purl.obolibrary.org/obo/",
    "dcterms": str(DCTERMS),
}

#: Cross-reference prefixes: CURIE prefix -> (IRI prefix, pattern of the local ID).
XREF_PREFIXES: dict[str, tuple[str, str]] = {
    "MONDO": ("http://purl.obolibrary.org/obo/MONDO_", r"\d{7}"),
    "DOID": ("http://purl.obolibrary.org/obo/DOID_", r"\d+"),
    "CHEBI": ("http://purl.obolibrary.org/obo/CHEBI_", r"\d+"),
    "HP": ("http://purl.obolibrary.org/obo/HP_", r"\d{7}"),
    "NCIT": ("http://purl.obolibrary.org/obo/NCIT_", r"C\d+"),
    "OBI": ("http://purl.obolibrary.org/obo/OBI_", r"\d{7}"),
    "ECO": ("http://purl.obolibrary.org/obo/ECO_", r"\d{7}"),
    "STATO": ("http://purl.obolibrary.org/obo/STATO_", r"\d{7}"),
    "MESH": ("http://id.nlm.nih.gov/mesh/", r"[CD]\d{6,9}"),
    "DRUGBANK": ("https://go.drugbank.com/drugs/", r"DB\d{5}"),
    "ATC": ("http://www.whocc.no/atc_ddd_index/?code=", r"[A-Z]\d{2}[A-Z]{2}\d{2}"),
    "ICD10": ("https://icd.who.int/browse10/2019/en#/", r"[A-Z]\d{2}(?:\.\d{1,2})?(?:-[A-Z]\d{2})?"),
    "ICD10CM": ("http://purl.bioontology.org/ontology/ICD10CM/", r"[A-Z]\d{2}(?:\.\w{1,4})?(?:-[A-Z]\d{2})?"),
    "ORPHANET": ("http://www.orpha.net/ORDO/Orphanet_", r"\d+"),
    "UMLS": ("https://uts.nlm.nih.gov/uts/umls/concept/", r"C\d{7}"),
    "OCRE": ("http://purl.org/net/OCRe/", r"(?:research|study_design)\.owl#\w+"),
}


def iri_to_curie(iri: str) -> str | None:
    """Return the CURIE of a cross-reference IRI, or None when no known prefix fits."""
    for prefix, (base, _) in XREF_PREFIXES.items():
        if iri.startswith(base):
            return f"{prefix}:{iri[len(base) :]}"
    return None
