"""The JSON of `ask --json`."""

from bot.front.render.json_view import answer_json


def test_json_has_the_documented_fields(engine):
    data = answer_json(engine.ask("Филиал какого университета открылся?"))
    assert data["found"] is True
    passage = data["passages"][0]
    assert {"text", "section", "section_title", "sentence", "sentence_count", "score"} <= set(passage)
    assert "Северо-Западного политехнического университета" in passage["text"]
