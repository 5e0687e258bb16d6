"""Author names: one name or a run of them, in any printed order and with their marks, as 'Surname Initials'.

``surname`` reads the family name back.
"""

from __future__ import annotations

import re

from myokg.textnorm import YEAR

_INITIALS = re.compile(r"[A-Z]{1,3}\.?|(?:[A-Z]\.-?\s?){1,4}|(?:[A-Z]\.){1,3}[A-Z]|[A-Z]-[A-Z]\.?")
_PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "del",
    "della",
    "di",
    "da",
    "dos",
    "das",
    "du",
    "la",
    "le",
    "ten",
    "ter",
}
_PARTICLES |= {"y", "e", "al", "el", "bin", "ibn"}
_SUFFIXES = {"jr", "junior", "júnior", "filho", "neto", "sobrinho", "sr"}
#: A label before an author list: 'Authors:', 'Author(s) -', 'Main Authors:', 'By', 'verfasst von:', 'Autores:'.
LABEL = re.compile(
    r"^\s*(?:main\s+|all\s+)?(?:authors?|author\s*\(s\)|autor(?:es|en|\(es\))?|auteurs?|autori|creators?|"
    r"verfasst von|written by|by|av|door|von)\s*(?:[:|\-–]\s*|\s(?=\S)|$)",
    re.I,
)
_NOISE = re.compile(
    r"\b(?:email author|e-mail|view orcid profile|orcid(?:\s*id)?|orcid\.org/\S+|corresponding author|"
    r"search for (?:more papers by )?this author|et al\.?|and colleagues|show (?:all|more|less)|"
    r"view (?:all|more)|(?:m\.d\.|ph\.d\.|phd|mbbs|mph|msc|frcp\w*|dr\.|prof\.))(?=[\s,;·\d]|$)|"
    r"&#x;|\.\.\.|…|\[\d+(?:,\s*\d+)*\]|\d+\)|[*†‡§¶#✉¹²³⁴⁵⁶⁷⁸⁹⁰]+",
    re.I,
)
_MARKS = re.compile(
    r"(?<=\w),\d+(?:,\d+)*\b|(?<=\w)\d+(?:\s*,\s*\d+)*\b|(?<=[a-zà-ÿ])(?:I{1,3}|IV|VI{0,3}|IX|X)\b|(?:^|\s)\d+(?:,\d+)*(?=\s|,|$)"
)
_LETTER_MARK = re.compile(r"(?<=[a-zà-ÿ])\s+[a-h](?:(?:\s*,\s*|\s+)[a-h])*(?=\s*(?:,|;|$|\band\b))")
_WORD = re.compile(r"[A-ZÀ-ÞŁŚŻ][\w'’.-]*|[a-z][’'][A-Z][\w'’-]*")
#: Words that mark a line as not a list of people (chrome, headings, institutions, journals).
_NOT_NAMES = frozenset(
    """
    abstract article articles access accepted affiliation affiliations author authors background case cite
    citation clinical conclusion conclusions copyright department disease diseases download editor editors
    editorial free full google hospital information institute introduction issue journal keywords letter
    license medical medicine methods metrics objective objectives open original pdf published pubmed
    received report reports research results review reviews scholar school search share similar summary text
    trial university view volume home menu navigation login sign register cart subscribe about contact help
    center centre faculty college laboratory division unit foundation society association annals frontiers
    international lancet science nature cell nerve muscle therapy treatment study patients myositis
    dermatomyositis polymyositis skin supplementary data figure figures table tables references related
    cited section sections print email correspondence received revised available online early version epub
    ahead doi pmid pmc the of and for in paper outcomes outcome update experience series analysis approach
    perspective overview guidelines guideline consensus protocol evidence management efficacy safety
    comparison preliminary pilot cohort registry papers brief communication communications press univ acta
    news comment reply erratum correction
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
_GROUP = re.compile(r"\b(?:group|consortium|investigators|collaborators|collaboration|network)\b", re.I)
_NOT_NAME_END = re.compile(r"(?:ology|ologie|ological|iatrics?|itis|ment|tion|sion|ness|ics)$", re.I)


def surname(author: str) -> str:
    """The family name of 'Dalakas M C', 'Dalakas MC', 'Ytterberg, S.R' or 'P Efthimiou'."""
    if "," in author:
        return author.split(",", 1)[0].strip()
    tokens = author.split()
    while len(tokens) > 1 and _INITIALS.fullmatch(tokens[-1]):
        tokens.pop()  # trailing initials
    while len(tokens) > 1 and _INITIALS.fullmatch(tokens[0]):
        tokens = tokens[1:]  # leading initials
    return " ".join(tokens)


def normal(name: str) -> str:
    """One exported name as 'Surname Initials' ('Efthimiou, Petros', 'PETROS EFTHIMIOU'), else as given."""
    return _name(name) or name.strip()


def _initials(given: str) -> str:
    return "".join(p[0] for p in re.split(r"[\s.-]+", given) if p and p[0].isupper())


def _name(piece: str) -> str | None:
    """'Surname Initials' of one printed name, or None when the piece is not a person's name."""
    piece = piece.strip(" .,;:·•|-–")
    if "," in piece:  # 'Surname, Given' (catalogue and export order)
        family, given = (p.strip(" .") for p in piece.split(",", 1))
        if _plausible(family.split()) and _plausible(given.split()) and len(given.split()) <= 4:
            return f"{family} {_initials(given)}".strip()
        return None
    tokens = piece.split()
    if len(tokens) > 2 and _DEGREE.fullmatch(" " + tokens[-1]):
        tokens.pop()  # 'Given Surname MD' (but 'Surname MD' is Vancouver)
    if not 1 < len(tokens) <= 6 or not _plausible(tokens):
        return None
    if _INITIALS.fullmatch(tokens[-1]) and not _INITIALS.fullmatch(tokens[0]):  # 'Rutkove SB', 'van Berg JH'
        return f"{' '.join(tokens[:-1])} {tokens[-1].replace('.', '').replace(' ', '')}"
    caps = [i for i, t in enumerate(tokens) if len(t) > 3 and t.isupper()]
    if len(caps) == 1 and not all(
        t.isupper() for t in tokens
    ):  # 'ZHANG Wei', 'Wei ZHANG': capitals mark the surname
        given = " ".join(t for i, t in enumerate(tokens) if i != caps[0])
        return f"{tokens[caps[0]]} {_initials(given)}"
    k = len(tokens) - 1  # 'Given Middle Surname', 'A. B. Surname', 'Jan van der Berg', 'João Silva Filho'
    if k > 1 and tokens[k].casefold().strip(".") in _SUFFIXES:
        k -= 1
    while k > 1 and tokens[k - 1] in _PARTICLES:
        k -= 1
    return f"{' '.join(tokens[k:])} {_initials(' '.join(tokens[:k]))}".strip()


def _plausible(tokens: list[str]) -> bool:
    """Capitalised words, initials and particles only; none a word of page chrome or an institution."""
    if not tokens:
        return False
    for t in tokens:
        bare = t.strip(".'’-").casefold()
        if t in _PARTICLES:
            continue
        if not _WORD.fullmatch(t) or bare in _NOT_NAMES or _NOT_NAME_END.search(bare) or len(t) > 25:
            return False
    return not all(t in _PARTICLES for t in tokens)


def clean(run: str) -> str:
    """An author run without labels, affiliation marks, degrees and link text."""
    run = LABEL.sub("", run, count=1)
    run = _NOISE.sub(" ", run)
    run = _LETTER_MARK.sub("", run)
    run = _MARKS.sub(lambda m: "," if m.group().startswith(",") else " ", run)
    return re.sub(r"\s+", " ", run).strip(" ,;")


def names(run: str) -> list[str] | None:
    """The names of an author run in order ('Surname Initials'), or None when any piece is not a name."""
    if len(run) > 5000:
        return None
    run = _separate(run.replace("\\n", " "))  # a literal '\n' left by a scraper
    if YEAR.search(run):
        return None
    run = clean(run)
    if not run or len(run) > 3000 or run.isupper():
        return None
    if ";" in run:
        pieces = run.split(";")
    elif re.search(r"\s[·•|]\s", run):
        pieces = re.split(r"\s[·•|]\s|,\s|\sand\s", run)
    else:
        pieces = re.split(r",\s*|\s+(?:and|&|und|et|y|e)\s+|\s*&\s*", run)
        pieces = _pair(pieces)
    pieces = [p for p in (re.sub(r"^(?:and|&)\s+", "", p.strip(" .,|")) for p in pieces) if p]
    pieces = [p for p in pieces if not _GROUP.search(p)]  # 'RESILIENT Study Group' is no person
    pieces = [p for p in pieces if not _DEGREE.fullmatch(" " + p)]  # 'Given Surname, MD, FRCPC'
    out = [_name(p) for p in pieces]
    if not out or any(n is None for n in out):
        return None
    return [n for k, n in enumerate(out) if n and (k == 0 or n != out[k - 1])]


_DEGREE = re.compile(r"\s(?:Ph\.?D|M\.?D|MSc|MS|MPH|RN|BSc|MBBS|PharmD|FRCPC?|DO)\b\.?")
_FUSED = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


def _separate(run: str) -> str:
    """Separators for runs printed without them: names split only by marks, degrees, or nothing at all."""
    run = re.sub(r"^\s*(?:[A-Z]{2,}\s+){2,}(?=[A-Z][a-z])", "", run)  # a banner ('ORIGINAL ARTICLE') first
    if re.search(r"[,;·]", run):
        return run
    if re.search(r"\w[\d†*‡§]+\s+[A-Z]", run):
        return re.sub(r"(?<=\w)[\d,†*‡§]+(?=\s|$)", ";", run)  # 'Given Surname1† Given Surname2'
    if len(_DEGREE.findall(run)) >= 2:
        return _DEGREE.sub(";", run)  # 'Given Surname PhD Given Surname MS'
    if len(_FUSED.findall(run)) >= 2:  # 'Given SurnameGiven Surname' (a copy that lost the separators)
        run = re.sub(r"(?<=[a-z])(?:Published|Source|Journal|Abstract|DOI|Cite)\b.*$", "", run)
        return _FUSED.sub(";", run)
    return run


def _pair(pieces: list[str]) -> list[str]:
    """Rejoin 'Surname, Initials' pairs that a comma split apart: 'Davuluri, S., Duvvuri, B.'."""
    ps = [p.strip() for p in pieces if p.strip()]
    given = [p for p in ps[1::2]]
    family = ps[0::2]
    if (
        len(ps) >= 2
        and len(ps) % 2 == 0
        and all(len(f.split()) <= 3 and not _INITIALS.fullmatch(f) for f in family)
        and all(_INITIALS.fullmatch(g) or len(g.split()) <= 3 for g in given)
        and (any(_INITIALS.fullmatch(g) for g in given) or all(len(f.split()) == 1 for f in family))
    ):
        return [f"{f}, {g}" for f, g in zip(family, given, strict=True)]
    return ps
