"""Word lists that decide roles, directions, populations and qualifiers (one place to tune them)."""

from __future__ import annotations

import re

from myokg.extract.prefilter import prefiltered
from myokg.textnorm import YEAR_PATTERN

#: A cue before an agent that makes it a therapy the patients had failed.
PRIOR_BEFORE = prefiltered(
    r"\b(?:refractory to|resistant to|unresponsive to|failed to respond to|failure to respond to|inadequate response to|"
    r"intolerant (?:of|to)|despite|even after|after failure of|following failure of|previously treated with|"
    r"(?:who |had |have )?failed|not responded? to|did not respond to|non-?responsive to|nil responsiveness to|"
    r"not (?:been )?(?:completely |fully |adequately |sufficiently )?responsive to|"
    r"(?:incompletely|partially|inadequately|insufficiently) respond(?:ed|ing)? to|insufficient response to|"
    r"dependent on|switch(?:ed|ing)? from|alternative to|instead of|in place of|resist(?:ed|ing)|"
    r"(?:who |had |have )?not tolerated|(?:was|were) (?:resistant|refractory) to|even though|in spite of|"
    r"(?:do|does|did) not (?:show |achieve )?(?:any )?(?:improvement|improve|remission|respond)\w* (?:after|with|on|to)|"
    r"(?:no|without|lack of|insufficient|inadequate) (?:clinical )?(?:improvement|response|remission) (?:after|with|on|to)|"
    r"prior (?:use of|treatment with|exposure to|therapy with)|replac(?:e|ed|ing))\b",
    re.I,
    first_test=True,
)
#: A historical cue right before an agent ('prior methotrexate', 'a history of azathioprine use'): its scope is the
#: next few words only, unlike the refractory cues above.
PRIOR_NEAR = prefiltered(
    r"\b(?:history of|previous(?:ly)?|prior|past|former(?:ly)?|earlier|preceding)\s+(?:(?:use of|treatment with|"
    r"therapy with|exposure to|courses? of|oral|intravenous|high-dose|low-dose)\s+)?$",
    re.I,
)
#: A cue right after an agent that makes it a prior therapy ('corticosteroid resistant', 'had been used before').
PRIOR_AFTER = re.compile(
    r"^[\s-]*(?:resistant|refractory|dependent|dependence|unresponsive|failures?\b|(?:had|have) been (?:used|given|tried)|"
    r"(?:were|was) (?:used|given|tried) (?:before|previously))",
    re.I,
)
#: Ends the reach of a prior-therapy cue: the studied treatment follows.
PRIOR_RESET = re.compile(
    r"\b(?:who|were|was|then|subsequently|and were) (?:treated|given|started)\b|\bwho (?:then |subsequently |later )?"
    r"(?:received|responded|improved|were switched|switched)\b",
    re.I,
)
#: A new clause: it ends a prior-therapy cue's scope when the cue's object named no agent ('worsened despite this
#: regimen, and plasma exchange was added'); in a list ('despite A, B, and C') the cue reaches every member.
CLAUSE_BREAK = re.compile(r"[,;]\s*(?:and|but|so|whereas|after which|thereafter)\b|;", re.I)
#: Agent given alongside the studied one.
#: An agent allowed or kept in the background of the studied treatment.
CONCOMITANT_BEFORE = prefiltered(
    r"\b(?:concomitant|background|stable doses? of|continued|maintenance|also (?:received|receiving|given|took|taking)|"
    r"in addition to|with or without|on top of|lymphodeplet\w*(?: chemotherapy)? (?:with|using|of)|"
    r"conditioning (?:with|regimen of|using)|premedicat\w*(?: with)?|prophyla\w+ (?:with|using))\s+(?:\w+\s+){0,2}$",
    re.I,
)
CONCOMITANT_AFTER = prefiltered(
    r"^[^.;]{0,60}?\b(?:were|was|are|is) (?:allowed|permitted|continued|maintained|kept stable|tapered)\b",
    re.I,
)
#: What stands between a class and a member named as its example ('JAK inhibitors (tofacitinib', 'such as').
ENUMERATES = re.compile(r"^\s*(?:\(|,?\s*(?:such as|including|e\.g\.,?|namely|like|especially))\s*$", re.I)
#: Two agents in one list ('X and Y', 'X, Y', 'X and/or Y', 'X or other Y').
COORDINATED = re.compile(
    r"^\s*(?:,|/|,?\s*(?:and|or|and/or|as well as))\s*(?:(?:other|oral|intravenous|high-dose|low-dose)\s+)?$",
    re.I,
)
CONCOMITANT_BETWEEN = re.compile(r"^\s*(?:with|plus|in addition to|added to|in combination with)\s*$", re.I)

_MYOSITIS = (
    r"(?:myositis|myopathy|myopathies|dermatomyositis|polymyositis|DM|PM|IIMs?|rhabdomyolysis|myasthenia)"
)
#: The agent caused the disease ('etanercept-induced polymyositis'), named right after the agent.
CAUSE_AFTER = re.compile(
    r"^\W{0,2}(?:induced|associated|related|triggered|provoked)\b[\s-]*"
    rf"(?:(?!(?:in|of|with|for|among|patients)\b)[\w/()-]+[\s-]+){{0,5}}?{_MYOSITIS}\b",
    re.I,
)
#: ... or named after the disease and a word of causation or onset ('myositis induced by', 'developed PM soon after the
#: initiation of', 'new onset of DM during').
CAUSE_BEFORE = prefiltered(
    rf"\b{_MYOSITIS}\b[^.;]{{0,30}}?\b(?:induced by|caused by|triggered by|associated with|related to|secondary to)\s+"
    r"(?:the\s+)?(?:use of\s+|exposure to\s+)?(?:\w+\s+){0,2}$|"
    r"\b(?:developed|development of|onset of|emergence of|occurrence of|appearance of|new[- ]onset(?: of)?|induction of|"
    r"exacerbat\w+)\b[^.;]{0,80}?\b(?:after|during|following|while on|by|on|under)\s+(?:the\s+)?"
    r"(?:initiation of\s+|introduction of\s+|start(?:ing)? of\s+|use of\s+|exposure to\s+|treatment with\s+)?"
    r"(?:the\s+)?(?:\w+\s+){0,2}$",
    re.I,
)
MYOSITIS = re.compile(rf"\b{_MYOSITIS}\b", re.I)
#: A regimen of several agents given together: results that name none of them speak for all.
COMBINATION = prefiltered(
    r"\b(?:combination (?:therapy|treatment|regimen) (?:of|with|consisting)|combined (?:therapy|treatment|regimen)|"
    r"(?:triple|double|dual|quadruple) (?:therapy|regimen|combination)|(?:regimen|protocol) (?:of|consisting of|comprising))\b",
    re.I,
)
#: A sentence about what was measured: a molecule named there (interferon gamma, interleukin 6) is a marker, not a
#: treatment, when the drug lexicon is all that calls it a drug.
MEASURED = prefiltered(
    r"\b(?:levels?|serum|concentrations?|expression|measured|assay\w*|biomarkers?|cytokines?|chemokines?|"
    r"markers?|signatures?)\b",
    re.I,
)
#: ... or listed as the drugs behind it ('the most common associated medications were X, Y and Z').
CAUSE_LIST = prefiltered(
    r"\b(?:associated|causative|culprit|implicated|offending|inciting|responsible|causal)\s+"
    r"(?:medications?|drugs?|agents?)\b(?:[^.;]|\.\d)*$",
    re.I,
)
#: The agent was not used ('treated without systemic corticosteroids', 'the no-steroid group', 'studies of X were
#: not included'): no finding.
NEGATED_USE = prefiltered(
    r"\b(?:without|no|never (?:received|been treated with)|not (?:treated with|given|receiving|received)|"
    r"declined|refused|avoided|(?:were|was) unable to (?:take|receive)|could not (?:take|receive)|"
    r"(?:did not|do not|not) include (?:studies|trials|reports|patients) (?:of|on|with|receiving)|excluded (?:studies|trials|reports) (?:of|on))"
    r"[\s-]+(?:(?:any|systemic|oral|intravenous|additional|concomitant|other|prior)\s+)*$",
    re.I,
    first_test=True,
)
#: A sentence of a review's search method: the names in it are search terms, not treatments studied.
#: (A database alone is no search: 'from a nationwide claims database we identified 300 treated patients'.)
SEARCH_METHOD = prefiltered(
    r"\b(?:searched|search (?:strategy|terms?|of)|MEDLINE|Embase|PubMed|Web of Science|Scopus|"
    r"Cochrane (?:Library|Central|Register)|ClinicalTrials\.gov)\b",
    re.I,
)
#: Right after an agent: it is measured, not given as the studied treatment ('the prednisone dose fell', 'steroid-sparing',
#: 'glucocorticoid use'): a co-medication.
DOSE_AFTER = re.compile(
    r"^\)?(?:\s*\([A-Za-z]{1,6}\))?[\s-]*(?:(?:daily|weekly|monthly|usual|cumulative|mean|median|total|maintenance)\s+)?"
    r"(?:doses?|dosages?|dosing|use|usage|requirements?|consumption|tapering|taper|withdrawal|discontinuation|"
    r"exposure|sparing|free|naive|naïve|reduction|dependence)\b|"
    r"^\s*(?:could|can|was|were|had been|has been|have been)\s+(?:be\s+)?(?:\w+ly\s+)?"
    r"(?:reduced|tapered|withdrawn|discontinued|decreased|stopped|lowered|avoided|omitted|spared)\b",
    re.I,
)
#: ... or named as what was reduced ('inability to reduce the dose of steroid', 'tapering of prednisone').
DOSE_BEFORE = prefiltered(
    r"\b(?:reduc\w*|taper\w*|lower\w*|decreas\w*|withdraw\w*|discontinu\w*|stopp?\w*|spar\w*)\s+(?:the\s+|a\s+)?"
    r"(?:(?:daily|cumulative|mean|total|maintenance)\s+)?(?:(?:doses?|dosages?|use)\s+)?(?:of|in)\s+(?:\w+\s+){0,2}$|"
    r"\b(?:reduc|taper|withdr[ae]w|discontinu|stopp?)\w*\s+(?:the|their|his|her)\s+(?:\w+\s+)?$",
    re.I,
)
#: ... or it names a measure or a symptom, not an intervention ('exercise tolerance', 'exercise-induced').
MEASURE_AFTER = re.compile(
    r"^[\s-]*(?:tolerance|intolerance|capacity|tests?|testing|performance|levels?)\b", re.I
)
#: A class named to define the agent before it ('X, an oral phosphodiesterase 4 inhibitor,', 'X is an antimalarial').
DEFINES_CLASS = re.compile(r"(?:,|\b(?:is|are|was|as))\s+(?:an?|the|one)\s+(?:[\w-]+\s+){0,3}$", re.I)

POSITIVE = prefiltered(
    r"\b(?:respond(?:ed|ing)? to|responded|clinical responses?|favou?rable(?: response| outcomes?)?|efficacy|effective|efficacious|"
    r"value of|useful|improved|improvements?|helpful|benefit(?:s|ed|ial)?|successful(?:ly)?|remission|optimistic|"
    r"well tolerated|resolved|recovered)\b",
    re.I,
)
#: The treatment did no better than its comparator.
NULL_COMPARISON = prefiltered(
    r"\b(?:no (?:statistically )?significant differences?|no differences?|did not differ|not significantly (?:different|better)|"
    r"(?:failed to|did not) (?:meet|reach|achieve) (?:its|the|their) primary (?:end ?point|outcome)|no better than placebo)\b",
    re.I,
)
#: A benefit that does not extend to a group named right after ('other than those with DM').
EXCEPTION = prefiltered(
    r"\b(?:other than|except(?: for| in)?|but not (?:in|for))\s+(?:(?:those|patients|cases)\s+)?(?:with\s+)?$",
    re.I,
)
REFRACTORY = prefiltered(
    r"\b(?:refractory|resistant|recalcitrant|steroid-dependent|corticosteroid-dependent|unresponsive|non-?responding|"
    r"failed to respond|treatment-resistant|difficult-to-treat|intractable)\b",
    re.I,
)
JUVENILE = prefiltered(
    r"\b(?:juvenile|children|child|childhood|paediatric|pediatric|adolescents?|infants?)\b", re.I
)
ADULT = prefiltered(r"\badults?\b|\badult-onset\b", re.I)
#: 'a 45-year-old woman', 'an 8-year-old boy': the age decides the population.
AGE = prefiltered(r"\b(\d{1,3})[- ]year[- ]old\b", re.I)
FATAL = prefiltered(r"\b(?:fatal|died|death|lethal)\b", re.I)
RANDOMIZED = prefiltered(r"\brandomi[sz]ed\b", re.I)
SETTING = prefiltered(
    r"\b(?:in an? (?:academic|university|tertiary(?: care)?|referral|single|community)[- ]?(?:centre|center|hospital|clinic)|"
    r"multi-?cent(?:er|re)|single-cent(?:er|re)|population[- ]based|nationwide|international)\b",
    re.I,
)
PERIOD = prefiltered(rf"\b(?:between|from)\s+({YEAR_PATTERN})\s+(?:and|to|until)\s+({YEAR_PATTERN})\b", re.I)
#: Sentences that talk about research in general rather than this study ('few controlled studies').
GENERAL = prefiltered(r"\b(?:few|future|further|need(?:ed|s)?|necessary|should|lack of)\b", re.I)
