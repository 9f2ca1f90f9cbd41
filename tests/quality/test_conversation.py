"""The conversation rows of `make eval`: intent accuracy and answers on the team's conversation messages."""

from bot.qa.answer import Answer, Passage
from quality.conversation import SETS, answered_right, conversation_rows, format_conversation_table, load_rows
from quality.sets import DATA_DIR


def passage(text):
    return Passage(text, "d", "t", 1, "s", 1, 1.0)


def test_the_rules_of_a_right_answer():
    assert answered_right({"intent": "smalltalk"}, Answer("Привет", False, intent="smalltalk"), "lead")
    assert not answered_right({"intent": "smalltalk"}, Answer("Привет", True, (passage("x"),)), "lead")
    assert answered_right({"intent": "about"}, Answer("о чём", True, (passage("lead"),), intent="about"), "lead")
    assert answered_right({"intent": "entity", "gold": []}, Answer("Кто такой X?", False), "lead")
    row = {"intent": "question", "gold": ["b"]}
    assert answered_right(row, Answer("q", True, (passage("a"), passage("a"), passage("ab"))), "lead")
    assert not answered_right(row, Answer("q", True, (passage("a"), passage("a"), passage("a"), passage("b"))), "lead")


def test_both_sets_are_complete_and_apart():
    dev, heldout = (load_rows(DATA_DIR / file) for _, file in SETS)
    assert len(dev) == 65 and len(heldout) == 59
    assert not {r["message"] for r in dev} & {r["message"] for r in heldout}
    assert all(r.get("previous") for r in dev + heldout if r["intent"] == "followup")


def test_the_conversation_layer_keeps_its_figures(analyzer):
    rows = {(name, system): report for name, system, report in conversation_rows(analyzer=analyzer)}
    dev = rows["conversation dev", "conversation layer"]
    assert sum(dev.intent_right.values()) >= 59 and sum(dev.answered_right.values()) >= 64
    assert (dev.intent_right["smalltalk"], dev.intent_right["about"]) == (15, 8)
    assert dev.intent_right["question"] == dev.messages["question"]  # nothing swallowed
    heldout = rows["conversation held-out (team)", "conversation layer"]  # never tuned on: a floor under its figures
    assert sum(heldout.intent_right.values()) >= 50 and sum(heldout.answered_right.values()) >= 51
    assert heldout.intent_right["question"] == heldout.messages["question"]
    bare = rows["conversation dev", "bare engine"]
    assert sum(dev.answered_right.values()) > sum(bare.answered_right.values())
    table = format_conversation_table(list((n, s, r) for (n, s), r in rows.items()))
    assert "| conversation held-out (team) | conversation layer |" in table
