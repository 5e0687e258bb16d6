"""Roles of agents (studied, prior therapy, concomitant, suspected cause, not used), on texts written for these tests."""

from __future__ import annotations

import pytest

from myokg import vocab
from myokg.extract import Extractor, cues
from myokg.read.page import read_page


def _roles(sentence: str) -> dict[str, str]:
    text = f"Rituximab in dermatomyositis: a study of its effect\n\nAbstract\n\n{sentence}\n"
    ex = Extractor(vocab.default()).extract(read_page("t.txt", text))
    v = vocab.default()
    return {v.terms[f.agent].label: f.role for f in ex.segments[0].findings}


@pytest.mark.parametrize(
    ("sentence", "agent", "role"),
    [
        # prior or refractory therapy
        ("Patients improved on rituximab despite methotrexate.", "methotrexate", "priorTherapy"),
        ("Rituximab helped even after methotrexate.", "methotrexate", "priorTherapy"),
        ("Patients resistant to methotrexate received rituximab.", "methotrexate", "priorTherapy"),
        ("After nil responsiveness to azathioprine, rituximab was given.", "azathioprine", "priorTherapy"),
        ("After failure of azathioprine, rituximab was given.", "azathioprine", "priorTherapy"),
        (
            "Patients who incompletely responded to prednisone received rituximab.",
            "prednisone",
            "priorTherapy",
        ),
        # concomitant or background therapy
        ("Patients on stable doses of prednisone received rituximab.", "prednisone", "concomitant"),
        ("Rituximab was given; all patients also received prednisone.", "prednisone", "concomitant"),
        ("Rituximab was given in addition to methotrexate.", "methotrexate", "concomitant"),
        ("Rituximab was given with or without methotrexate.", "methotrexate", "concomitant"),
        # the agent brought on the disease: never a studied treatment
        (
            "We describe etanercept-induced polymyositis treated with rituximab.",
            "etanercept",
            "suspectedCause",
        ),
        (
            "She developed dermatomyositis soon after the initiation of etanercept.",
            "etanercept",
            "suspectedCause",
        ),
        ("Myositis induced by infliximab responded to rituximab.", "infliximab", "suspectedCause"),
    ],
)
def test_roles(sentence, agent, role):
    assert _roles(sentence)[agent] == role


def test_a_cause_stays_a_cause_when_named_again():
    roles = _roles(
        "Etanercept-induced dermatomyositis is rare. Etanercept was stopped and rituximab was started."
    )
    assert roles["etanercept"] == "suspectedCause" and roles["rituximab"] == "studied"


def test_an_agent_not_used_makes_no_finding():
    roles = _roles("Patients were treated with rituximab without systemic corticosteroids.")
    assert roles == {"rituximab": "studied"}


def test_an_induced_adverse_event_is_not_the_disease():
    assert cues.CAUSE_AFTER.match("-induced hypogammaglobulinaemia in patients with dermatomyositis") is None
    assert cues.CAUSE_AFTER.match("-associated necrotizing myopathy")
