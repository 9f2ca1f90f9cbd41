"""The JSON of `ask --json`."""

from bot.front.render.json_view import answer_json


def test_json_has_the_documented_fields(engine):
    data = answer_json(engine.ask("Филиал какого университета открылся?"))
    assert data["found"] is True
    passage = data["passages"][0]
    assert {"text", "section", "section_title", "sentence", "sentence_count", "score"} <= set(passage)
    assert "Северо-Западного политехнического университета" in passage["text"]


def test_json_says_what_the_message_was(engine):
    from bot.qa.conversation import Conversation

    conversation = Conversation(engine)
    assert answer_json(engine.ask("Кто выиграл тендер?"))["intent"] == "question"
    smalltalk = answer_json(conversation.ask("Привет"))
    assert (smalltalk["intent"], smalltalk["found"], smalltalk["passages"]) == ("smalltalk", False, [])
    about = answer_json(conversation.ask("О чём статья?"))
    assert about["intent"] == "about" and about["passages"][0]["reference"] == "Вступление, предложения 1–2"
    entity = answer_json(conversation.ask("Кто такой Токаев?"))
    assert entity["intent"] == "entity" and [h["text"] for h in entity["passages"][0]["highlights"]] == ["Касым-Жомарта", "Токаева"]


def test_json_lists_the_question_words_no_text_holds(engine):
    assert answer_json(engine.ask("Кто мэр Алматы?"))["absent"] == ["мэр"]
    assert answer_json(engine.ask("Каков объём товарооборота?"))["absent"] == []
