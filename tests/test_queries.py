"""The competency questions in queries/: each says what it asks, and answers what the text says."""

from pathlib import Path

import pytest

QUERIES = Path(__file__).resolve().parent.parent / "queries"
ALL = sorted(QUERIES.glob("*.rq"))


def ask(graph, name):
    rows = graph.query((QUERIES / f"{name}.rq").read_text(encoding="utf-8"))
    return [tuple(str(v) if v is not None else None for v in row) for row in rows]


def test_there_are_at_least_fifteen_named_questions():
    assert len(ALL) >= 15


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_each_question_says_what_it_asks_and_has_answers(graph, path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and first.rstrip().endswith("?"), first
    assert ask(graph, path.stem), f"{path.stem} has no answer"


def test_nations_investing(graph):
    rows = ask(graph, "nations-investing")
    assert {n for n, what in rows if what == "research and development"} == {"China", "United States", "Germany"}
    assert ("nations investing in electric vehicle technologies", "electric vehicle technology") in rows


def test_nations_investing_in_rd(graph):
    assert ask(graph, "nations-investing-in-rd") == [("China",), ("Germany",), ("United States",)]


def test_battery_bottleneck(graph):
    rows = ask(graph, "battery-bottleneck")
    assert {r[0] for r in rows} == {"EV manufacturing"}
    assert {r[1] for r in rows} == {"EV manufacturers"}
    assert {r[3] for r in rows} == {"energy density", "charging speed", "material sustainability"}


def test_worker_retraining(graph):
    rows = ask(graph, "worker-retraining")
    assert rows == [
        ("traditional automotive workers", "advanced digital skills"),
        ("traditional automotive workers", "complex systems integration"),
        ("traditional automotive workers", "software engineering"),
    ]


def test_challenges_faced(graph):
    rows = ask(graph, "challenges-faced")
    assert ("EV manufacturing", "technological and logistical challenges") in rows
    assert ("EV manufacturers", "global uncertainties") in rows


def test_challenge_responses(graph):
    rows = ask(graph, "challenge-responses")
    assert ("supply chain complexity", "requires", "international collaboration") in rows
    assert ("resource constraints", "requires", "creative solutions") in rows
    assert ("waste", "is reduced by", "closed-loop systems") in rows
    assert ("environmental impact", "is reduced by", "lifecycle assessment") in rows


def test_supply_chain(graph):
    assert ask(graph, "supply-chain") == [
        ("involves", "rare earth minerals"),
        ("involves", "semiconductor components"),
        ("requires", "innovative procurement strategies"),
        ("requires", "international collaboration"),
    ]


def test_sustainability_practices(graph):
    rows = ask(graph, "sustainability-practices")
    assert ("closed-loop systems", "EV factories", "reduces", "carbon footprint") in rows
    assert ("lifecycle assessment", "EV manufacturers", "assesses", "raw material extraction") in rows
    assert {r[0] for r in rows} == {"circular economy principles", "closed-loop systems", "lifecycle assessment",
                                    "sustainable production methodologies"}


def test_materials_replacing(graph):
    rows = ask(graph, "materials-replacing")
    assert {m for m, _ in rows} == {"advanced materials", "carbon fiber composites", "recycled aluminum"}
    assert {r for _, r in rows} == {"traditional manufacturing inputs"}


def test_technologies_enabling(graph):
    rows = ask(graph, "technologies-enabling")
    for tech in ("robotics", "artificial intelligence", "advanced materials science"):
        assert (tech, "enables", "manufacturing capabilities") in rows
        assert (tech, "transforms", "assembly lines") in rows
    assert ("automation systems", "enables", "precision") in rows
    assert ("machine learning", "improves", "production workflows") in rows


def test_collaborations(graph):
    assert ask(graph, "collaborations") == [("educational institutions", "EV manufacturers", "specialized curricula")]


def test_geopolitics(graph):
    rows = ask(graph, "geopolitics")
    assert ("geopolitical tensions", "requires", "creative solutions") in rows
    assert ("EV factories", "adapts to", "geopolitical transformation") in rows
    assert ("geopolitical transformation", "shapes", "global transportation strategies") in rows


def test_workforce(graph):
    rows = ask(graph, "workforce")
    assert ("specialized curricula", "trains", "workforce") in rows
    assert ("manufacturing hubs", "attracts", "top engineering talent") in rows
    assert ("electrification", "transforms", "workforce") in rows
    assert len(rows) == len(set(rows))


def test_factories(graph):
    rows = ask(graph, "factories")
    assert ("uses", "closed-loop systems") in rows
    assert ("develops", "battery technology") in rows
    assert ("leads", "global transition towards cleaner mobility") in rows


def test_future_of_mobility(graph):
    rows = ask(graph, "future-of-mobility")
    assert {w for w, _ in rows} == {"EV factories", "engineering laboratories", "global negotiations", "strategic investments"}


def test_trends_led(graph):
    rows = ask(graph, "trends-led")
    assert ("EV manufacturing", "leads", "transformative industrial revolution") in rows
    assert ("EV manufacturers", "pioneers", "electrification") in rows


def test_pillar_bridges(graph):
    rows = ask(graph, "pillar-bridges")
    assert ("machine learning", "technology", "reduces", "inefficiencies", "challenge") in rows
    assert all(r[1] != r[4] for r in rows)
    assert all(r[1] in {"nation", "technology", "challenge", "workforce"} for r in rows)


def test_claim_sources_quote_the_sentence(graph):
    rows = ask(graph, "claim-sources")
    assert len(rows) >= 100
    china = [r for r in rows if r[:3] == ("China", "invests in", "research and development")]
    assert china == [("China", "invests in", "research and development",
                      "Global Manufacturing Strategies and Technological Convergence",
                      "Nations like China, the United States, and Germany are investing billions in research and "
                      "development, creating sophisticated ecosystems that attract top engineering talent and "
                      "pioneering technologies.")]


def test_claims_per_section(graph):
    rows = ask(graph, "claims-per-section")
    assert len(rows) == 9
    assert rows[2][0].startswith("Powering the Future") and rows[2][1:] == ("0", "0")
    assert sum(int(r[1]) for r in rows) == 36


def test_concept_labels(graph):
    rows = ask(graph, "concept-labels")
    assert ("United States", "nation", "the United States") in rows
