"""Statistics for /stats: counted in memory, bounded."""

from bot.front.telegram.stats import Stats


def test_stats_count_and_rank_unanswered_questions():
    stats = Stats(clock=lambda: 0.0)
    for question, found in [("Кто автор?", True), ("Сколько стоит биткоин?", False),
                            ("сколько \u200b стоит биткоин?", False), ("Погода?", False), ("", False), ("?!", False)]:
        stats.record(question, found)
    assert (stats.answered, stats.abstained) == (1, 5)
    assert stats.top_unanswered() == [("сколько стоит биткоин?", 2), ("погода?", 1)]


def test_stats_memory_is_bounded():
    stats = Stats(max_questions=50)
    stats.record("частый вопрос", False)
    stats.record("частый вопрос", False)
    for i in range(1000):
        stats.record(f"вопрос {i}", False)
    assert len(stats.unanswered) <= 50
    assert stats.top_unanswered(1) == [("частый вопрос", 2)]
