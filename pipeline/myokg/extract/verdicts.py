"""The words and phrases that carry a study's verdict on a treatment, and the ones that say a sentence holds none.

Each pattern names what it finds in its comment; direction.py decides how they weigh. Kept apart from the rules
so that a curator can read the vocabulary of verdicts in one place.
"""

from __future__ import annotations

import re

from myokg.extract.numbers import NUMBER
from myokg.extract.prefilter import prefiltered

_F = re.I
#: Measures that are better higher (strength, function) or lower (disease activity); muscle enzymes are a surrogate,
#: not a clinical result.
_GOOD_MEASURE = r"(?:muscle )?(?:strength|function(?:al)? ?(?:capacity|status|score)?|endurance|power|walking distance|VO2\s?max)"
_BAD_MEASURE = r"(?:disease activity(?: scores?)?|calcinosis|rash|skin (?:disease|lesions))"
BENEFIT = prefiltered(
    r"\b(?:effective(?:ly)?|efficacious|(?:showed|shows|demonstrated|proven|confirmed|good|high|excellent|an?) "
    r"(?:efficacy|effectiveness)|beneficial|benefit(?:s|ed|ted)?|useful|helpful|successful(?:ly)?|"
    r"improv(?:ed|es|ing|ement|ements)|(?:met|meeting|meets|reached|achieved) (?:the |a |their )?(?:[\w-]+ ){0,3}?"
    r"(?:definition|criteria|end ?point|DOI|responder)|of (?:\w+ )?value|worth(?:y of)? (?:consideration|considering|trying)|"
    r"(?:has|have|play|plays) (?:a|an) (?:\w+ ){0,2}?role|(?:can|could|may) be used|no (?:further |disease )?progression|"
    r"succeed(?:ed|s)?|respon(?:ded|ders?|se rates?|ses?|ding)|remissions?|resolved|resolution|recover(?:ed|y)|"
    r"regain(?:ed|s)?|normali[sz](?:ed|ation)|(?:good|positive) (?:outcomes?|results?|responses?|effects?)|favou?rable(?: outcomes?| responses?| results?)?|"
    r"steroid-?sparing|corticosteroid-?sparing|glucocorticoid-?sparing|promising|encouraging|valuable|value of|option|"
    r"(?:good|valid|reasonable|useful|acceptable) alternative|"
    # a measure that moved the right way: strength or function up, disease activity or muscle enzymes down
    rf"(?:increase[sd]?|gain(?:ed|s)?|rise|rose) (?:in )?(?:\w+ )?{_GOOD_MEASURE}|{_GOOD_MEASURE} (?:increased|rose|improved)|"
    rf"(?:decrease[sd]?|reduc(?:ed|tion)|fell|fall|drop(?:ped)?|declined?|lower(?:ed)?) (?:in |of )?(?:the )?(?:\w+ )?{_BAD_MEASURE}|"
    rf"{_BAD_MEASURE} (?:\w+ )?(?:decreased|fell|dropped|declined|normali[sz]ed)|"
    r"slow(?:ed|s)? (?:down )?(?:the )?(?:progression|decline|deterioration)|"
    r"regress(?:ed|es)?|"  # not 'regression', the statistics
    r"prevent(?:ed|s)? (?:\w+ )?(?:relapses?|flares?|progression|recurrences?)|"
    r"(?:time to (?:relapse|flare|progression)|relapse-free \w+) (?:was |were )?(?:longer|prolonged)|"
    r"(?:longer|prolonged) (?:time to (?:relapse|flare|progression)|relapse-free)|"
    # steroid-sparing in so many words; the glucocorticoid named there is the measure, not the agent
    r"(?:reduc|decreas|lower|taper)\w* (?:\w+ ){0,2}(?:gluco)?(?:cortico)?(?:steroids?|glucocorticoids?|prednis(?:ol)?one) "
    r"(?:doses?|dosage|requirements?|use)|"
    r"(?:steroids?|glucocorticoids?|corticosteroids?|prednis(?:ol)?one) (?:doses?|dosage|requirements?|use) "
    r"(?:was |were |could be )?(?:reduced|decreased|tapered|lowered|discontinued)|"
    r"(?:significant(?:ly)?|marked(?:ly)?|dramatic(?:ally)?) (?:better|improv)\w*|"
    r"survival (?:benefit|advantage)|(?:better|higher|improved|longer|prolonged) (?:[\w‐-]+ )?(?:survival|prognosis)|"
    r"(?:survival|prognosis)(?: \w+){0,4} (?:was|were) (?:higher|better|improved|longer)|"
    r"(?:lower|reduced|decreased|fewer) (?:mortality|death|relapses?|flares?)(?: rates?)?|"
    r"(?:mortality|death|relapse)(?: rates?)? (?:has been|have been|was|were|is) (?:lower|reduced|decreased)|clinical (?:response|benefit)|"
    r"recommended|first[- ]line|(?:should|can|could|may|might) be (?:considered|tried|offered)|is indicated|"
    r"(?:reasonable|viable|attractive|valid|important) (?:\w+ )?(?:treatment|therap\w+|option|choice|approach|strategy)|"
    r"favou?r(?:s|ed)? (?:the )?use|better (?:clinical )?(?:outcomes?|results?|responses?|function|strength)|"
    r"controll?(?:ed|ing) (?:the )?(?:\w+ )?(?:disease(?: activity)?|symptoms|myositis|inflammation)|"
    r"allow(?:ed|s)? (?:\w+ ){0,2}(?:tapering|reduction|withdrawal|discontinuation)|treatment of choice|superior|survived|optimistic|"
    r"best (?:initial )?(?:approach|option|choice|treatment)|stabili[sz](?:ed|ation)|"
    r"potential (?:for|of|benefit|role|efficacy)|(?:evidence|data) supporting|evidence for (?:the )?use|"
    r"support(?:s|ed|ing)? (?:the )?(?:use|incorporation|role|efficacy))\b",
    _F,
    first_test=True,
)
HARM = prefiltered(
    r"\b(?:ineffective|not (?:effective|efficacious|beneficial|useful|helpful|recommended)|no (?:\w+ ){0,2}?"
    r"(?:benefit|effect|efficacy|improvement|response|change|impact|influence)s?|lack of (?:effect|efficacy|response|"
    r"benefit)|fail(?:ed|s)? to (?:show|demonstrate|improve|meet|reach|achieve|induce)|did not (?:improve|respond|meet|reach|"
    r"achieve|show|demonstrate|result|affect|change|alter|influence|modify)|does not (?:improve|appear|affect)|worsened|worsening of|(?:was|were) worsening|deteriorat(?:ed|ion)|"
    r"unchanged|no better than|failure of|failed in|(?:was|were) unsuccessful|not (?:sustained|maintained|durable)|did not last|wan(?:ed|ing)|"
    rf"(?:decline[sd]?|decrease[sd]?|loss|lost|fell|dropped) (?:in |of )?(?:\w+ )?{_GOOD_MEASURE}|"
    rf"{_GOOD_MEASURE} (?:declined|decreased|fell|dropped|worsened)|highly toxic|limiting (?:toxicity|factor)|limited by toxicity|"
    r"persisted|did not resolve|progressed|aggravat(?:ed|ion)|insufficient (?:efficacy|response)|"
    r"required rescue|(?:was|were) not (?:statistically )?significant|(?:was|were) not (?:met|reached|achieved)|did not establish|"
    r"doubtful|questionable|not (?:in|with|on|by|for) (?:the )?(?:other|remaining|rest)|remained (?:active|unchanged|refractory)|"
    r"not (?:significantly )?(?:different|better|improved)|not an alternative|negative (?:trial|study|results?)|"
    r"did not meet|futility|discouraging|disappointing)\b",
    _F,
    first_test=True,
)
#: Words that name a treatment's role: in a study's own title they give its topic, not its verdict.
TOPIC_ROLE = re.compile(r"first[- ]line|option", _F)
DOUBTS = ("doubtful", "questionable")
RECOMMEND = prefiltered(r"\brecommend(?:s|ed|ing|ations?)\b", _F)
TITLE_BENEFIT = prefiltered(r"\b(?:efficacy|effectiveness)\b", _F)
#: Words that turn the benefit right after them around ('without improvement', 'no clear response').
NEGATOR = re.compile(
    r"\b(?:not|no|none of(?: the)?|neither|nor|never|without|failed to|did not|didn't|unable to|lack of|absence of|"
    r"(?:of )?(?:limited|little|minimal)|"
    r"only (?:one|two|a few|\d+))\s+"
    r"(?:\w+\s+){0,3}$",
    _F,
)
#: ... or govern its whole clause ('Neither A nor B (alone or combined) improved', 'None of the patients improved').
CLAUSE_NEGATOR = prefiltered(
    r"\b(?:neither|nor|none|not|never|did not|failed to|no (?:patients?|one|cases?|evidence|proof))\b", _F
)
#: The share of a group a result is stated for ('5 of 12 patients improved', 'in 3/10', 'two of those five').
SHARE = re.compile(rf"\b({NUMBER})\s*(?:/|of|out of)\s*(?:the |these |those |all )?({NUMBER})\b(?!\s*%)", _F)
#: Where one statement of a sentence ends and the next begins ('cleared or stabilised in six, and worsened in
#: three'): cue words count once per statement.
PHRASE_END = re.compile(r",|\band\b", _F)
#: ... and a concessive clause ends at its comma: 'Although the end point was not met, most patients improved'.
CLAUSE_END = re.compile(
    r"[;:]|\b(?:although|though|while|whereas)\b[^,;]*,|\b(?:but|whereas|while|although|however|and then)\b",
    _F,
)
#: A benefit put in doubt after it is named ('its benefit over a year is doubtful').
DOUBTED = re.compile(
    r"^[^,;.]{0,50}?\b(?:is|are|was|were|remains?|seems?) (?:\w+ )?(?:doubtful|questionable|not established)\b",
    _F,
)
#: Deaths set against survivors or responders in one sentence ('one survived, while two died'): the treatment
#: failed some of them. A plain count ('three survived and two died') is a tally, not the text's verdict.
DEATHS = prefiltered(r"\b(?:died|deaths?|deceased|succumbed)\b", _F)
#: A death or end of care despite the treatment: the treatment failed ('despite X, he was moved to palliative care').
DIED_DESPITE = prefiltered(
    r"\bdespite\b[^.;]{0,150}?\b(?:died|death|succumbed|hospice|palliative care|comfort care)\b|"
    r"\b(?:died|succumbed)\b[^.;]{0,60}?\bdespite\b",
    _F,
)
SET_AGAINST = prefiltered(r"\b(?:while|whereas|but|however|although)\b", _F)
#: An outcome tally of the treated group: 'five deaths and five survivals', '3 patients survived and 2 died'.
_COUNTED = rf"\b{NUMBER}\s+(?:\w+\s+){{0,2}}"
TALLY_DEATHS = prefiltered(rf"{_COUNTED}(?:died|deaths?)\b", _F)
TALLY_SURVIVORS = prefiltered(rf"{_COUNTED}(?:survived|survivals?|survivors?|(?:were|remained) alive)\b", _F)
#: A clause whose subject is a test or its monitoring judges the test, not the treatment ('IgG monitoring after
#: rituximab does not seem useful').
ABOUT_A_TEST = re.compile(
    r"^\s*(?:[\w-]+\s+){0,5}?(?:monitoring|screening|measurements?|testing|biomarkers?)\b", _F
)
#: A benefit that did not last ('a transient decrease', 'improved only temporarily') or reached only a part of
#: the patients ('effective in a small subset', 'only in a minority').
TRANSIENT = prefiltered(
    r"\b(?:transient(?:ly)?|temporar(?:y|ily)|short-lived|only briefly|(?:small )?subset of|"
    r"minority of|only (?:in )?(?:some|a few)|borderline|trend(?:ed|s)? (?:toward|towards|to))\b",
    _F,
)
#: A sentence that lists what predicts the outcome, or how two measures went together, describes the patients or
#: a marker, not the treatment's effect.
PROGNOSTIC = prefiltered(
    r"\b(?:prognostic|risk|predictive) factors? (?:were|was) (?:identified|found)|\bpredictors? (?:were|was) (?:identified|found)|"
    r"\bcorrelat(?:ed|es|ing) (?:with|to)\b",
    _F,
)
#: A sentence about every treatment of the study ('no specific treatment is effective'): it speaks for each agent.
EVERY_TREATMENT = prefiltered(
    r"\b(?:any (?:specific |single |other |of the )?|all (?:the |of the )?|none of the |these |each |every )"
    r"(?:treatments?|therap(?:y|ies)|agents?|drugs?|medications?|interventions?)\b|"
    r"\b(?:both|all|either|each) (?:\w+ )?(?:groups?|arms?|regimens?|cohorts?)\b",
    _F,
)
#: An agent named as what was measured ('the prednisone dose fell', 'the dose of prednisone fell'): the result
#: is the studied treatment's, not that agent's.
AS_MEASURE = prefiltered(
    r"\b[\w-]+\s+(?:doses?|dosages?|requirements?)\b|\b(?:doses?|dosages?|requirements?)\s+of\s+(?:\w+\s+)?[\w-]+",
    _F,
)
#: Where a sentence turns from one agent's result to another's: votes on each side stay with its own agents.
TURN = prefiltered(r"\bbut\b|\bhowever\b|\bwhereas\b", _F)
CONTRAST = prefiltered(r";|\bbut\b|\bhowever\b|\bwhereas\b", _F, min_needle=1)  # ';' is rare
#: Sentences that weigh the evidence without a finding ('its effectiveness is unproved').
UNSETTLED = prefiltered(
    r"\b(?:unprove[dn]|unknown|uncertain|(?:recent|previous|prior|earlier) (?:reports|studies|trials|series)|"
    r"(?<!we )(?:has|have) (?:\w+ )?(?:reported|shown|demonstrated|described|suggested)|remains? (?:unclear|to be)|controversial|reportedly|has been reported|"
    r"have been reported|is reported|often|usually|commonly|generally|lacks? (?:consensus|evidence|data)|no consensus|"
    r"low[- ]quality|insufficient (?:evidence|data)|limited evidence|weak evidence|(?:is|are) (?:hoped for|awaited|desired)|"
    r"no (?:\w+ )?(?:effective|established|proven|approved|standard) (?:treatments?|therap(?:y|ies))|"
    r"(?:are|is|were) no (?:\w+ ){0,2}(?:trials|studies|data|evidence) to|"
    r"(?:further|more|larger|future|prospective|controlled) (?:\w+ )?(?:studies|trials|research|investigations?) "
    r"(?:are|is|will be) (?:needed|required|warranted|necessary))\b",
    _F,
    first_test=True,
)
#: Tolerability is not efficacy: 'safe and well tolerated', 'tolerability'.
TOLERABILITY = prefiltered(
    r"\b(?:well[- ]tolerated|tolerab(?:le|ility)|safe(?:ty)?(?: profile)?|side[- ]effects?|adverse (?:events?|effects?|reactions?)|"
    r"toxicity)\b",
    _F,
)
#: A benefit stated with reserve ('may be useful'), asked as a question or left to further work: half a verdict in
#: a conclusion, none in a result.
HEDGE = prefiltered(
    r"\b(?:may|might|could(?! be (?:reduced|tapered|decreased|lowered|discontinued|stopped|withdrawn))|possibly|perhaps|potential(?:ly)?|whether|warrant\w*|further|needed|seems?|appears?|suggests?)\b|\?",
    _F,
    min_needle=1,  # '?' is rare
)
#: A clause about the therapy patients had failed: its cue words are about that therapy.
REFRACTORY_CLAUSE = prefiltered(
    r"\b(?:refractory to|resistant to|resisted|unresponsive to|intolerant (?:of|to)|despite|even after|after failure of|"
    r"following failure of|who (?:had )?failed|failed to respond to|not responded to|did not respond to|"
    r"non-?responsive to|nil responsiveness to|incompletely respond\w* to|partially respond\w* to|inadequate response to)"
    r"[^,;.()]{0,50}?(?=\s+(?:and|were|was|who|with|then|improved|responded|received|showed|had|achieved)\b|[,;.()]|$)",
    _F,
)
#: Sentences that state the question or the method, also in unlabelled abstracts.
AIM_OR_METHOD = re.compile(
    r"\b(?:we aimed|aim(?:ed|s)? (?:of|to|was)|objectives? (?:of|was|were)|to (?:evaluate|assess|investigate|determine|examine|"
    r"compare|describe|report|establish|explore|analy[sz]e|study)|we (?:evaluated|assessed|investigated|examined|reviewed|retrospectively)|"
    r"(?:primary|secondary|main) (?:efficacy )?(?:end ?points?|outcomes?|outcome measures?) (?:was|were|included|is|are)|"
    r"(?:was|were|is|are) defined as|"
    r"were (?:enrolled|randomi[sz]ed|recruited|included|assigned)|is (?:an?|the) (?:rare|chronic|autoimmune|idiopathic))\b",
    _F,
)
NULL_COMPARISON = prefiltered(
    r"\b(?:no (?:(?:clinically|statistically|significant|relevant|meaningful|or|and|\w+ly)[ ,]+){0,4}"
    r"(?:significant|relevant|meaningful|important) (?:\w+ )?(?:differences?|effects?)|no differences?|did not differ|"
    r"not significantly (?:different|better)|(?:failed to|did not) (?:meet|reach|achieve) (?:its|the|their|any) "
    r"(?:primary|secondary)|no better than|not superior)\b",
    _F,
)

#: A null comparison is a failure against placebo, baseline or the trial's end point; between two active arms
#: ('both arms improved, with no difference between them') it judges neither arm.
AGAINST_NOTHING = prefiltered(
    r"\b(?:placebo|sham|untreated|no treatment|baseline|pre-?treatment|primary|end ?points?|control group)\b",
    _F,
)
#: A study whose comparator is no treatment: a null comparison there outweighs the improvement both arms showed
#: (a blinded study of one agent has a placebo arm). In a placebo-phase (delayed-start) design every arm gets the
#: agent.
PLACEBO = prefiltered(r"\b(?:placebo|sham)\b", _F)
BLINDED = prefiltered(r"\bdouble-?\s?blind(?:ed)?\b", _F)
EVERY_ARM_TREATED = prefiltered(r"\b(?:placebo[- ]phase|delayed[- ]start)\b", _F)
#: A response of the body's own systems ('the interferon response', 'an immune response') is biology, not benefit.
BIOLOGICAL = re.compile(
    r"\b(?:interferon|IFN|immune|inflammatory|antibody|T[- ]cell|B[- ]cell|cytokine|humoral|cellular|stress)[\w-]*\s+$",
    _F,
)
#: A result stated for the placebo arm ('no change on placebo') is not the agent's.
FOR_PLACEBO = re.compile(r"^\s*(?:with|on|in|for|under|during|after) (?:the )?(?:placebo|sham)\b", _F)
#: Sentences that say why patients were treated ('the indications were relapse or intolerance').
INDICATION = prefiltered(
    r"\b(?:indications?|reasons?) (?:for|included|were|was)\b|\bowing to failure of\b", _F
)
#: The end of a text cut mid-sentence: no closing punctuation, or an ellipsis.
CUT = re.compile(r"(?:[^.!?)\]\s\"'”’]|\.\.\.|…)\s*$")
#: Words that open an abstract's closing verdict where it has no section labels.
CONCLUDING = prefiltered(
    r"^\W*(?:in conclusion|in summary|to conclude|to summari[sz]e|taken together|we conclude|therefore|thus|overall|"
    r"these (?:data|results|findings|observations) (?:suggest|indicate|show|demonstrate|support))\b",
    _F,
)

#: 'no' or 'without' right before a harm cue: 'no worsening' is no harm.
NO_BEFORE = re.compile(r"\b(?:no|without|nor|neither)\s+(?:\w+\s+){0,2}$")  # case-sensitive, as it was
