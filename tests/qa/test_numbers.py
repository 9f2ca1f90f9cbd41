"""A question's numbers read as the texts' numbers: rounded, truncated and spelt out."""

from bot.qa.engine import Engine
from bot.qa.numbers import NumberReader
from bot.text.parsing import parse_document


def reader(*terms: str) -> NumberReader:
    held = set(terms)
    return NumberReader(terms, held.__contains__)


def test_a_number_the_texts_lack_is_read_as_the_ones_it_rounds_to_or_is_the_whole_part_of():
    numbers = reader("62.3", "36.86", "18.14", "2023", "5.5", "6.49")
    assert numbers.readings("62") == ("62.3",)
    assert numbers.readings("36") == ("36.86",)  # whole part
    assert numbers.readings("37") == ("36.86",)  # rounded
    assert numbers.readings("6") == ("5.5", "6.49")  # 5.5 rounds to 6, 6.49 has it as its whole part
    assert numbers.readings("2023") == ("2023",)  # held: itself
    assert numbers.readings("40") == ()
    assert numbers.readings("62.5") == ()  # a decimal the texts lack is no rounding


def test_a_number_that_fits_too_many_of_the_texts_numbers_tells_nothing():
    assert reader("7.1", "7.2", "7.3", "7.4").readings("7") == ()


def test_the_engine_reads_spelt_out_and_rounded_numbers_as_the_articles(engine):
    for question in ("Что выросло на шестьдесят два процента?", "Что выросло на 62 процента?"):
        answer = engine.ask(question)
        assert answer.found and "62.3%" in answer.passages[0].text, question
        passage = answer.passages[0]
        assert "62.3" in [passage.text[s:e] for s, e in passage.highlights]
    answer = engine.ask("Какой товарооборот составил тридцать семь миллиардов долларов?")
    assert answer.found and "36,86 млрд" in answer.passages[0].text
    assert ("тридцать семь", "36.86") in answer.corrections


def test_the_engine_reads_decimals_in_words_as_the_articles_figures(engine):
    for question, figure in (
        ("Что составило тридцать шесть целых восемьдесят шесть сотых миллиарда долларов?", "36,86"),
        ("Что выросло на шестьдесят два и три десятых процента?", "62.3%"),
    ):
        answer = engine.ask(question)
        assert answer.found and figure in answer.passages[0].text, question
        assert answer.absent == (), question


def test_a_number_word_the_text_holds_as_a_word_stays_a_word(engine):
    # «двух стран» is the article's own phrase: not read as a figure
    assert "два" in engine.ask("Что связывает две страны?").query_terms
    # a number the article lacks leaves the words as they are, and is no answer
    assert not engine.ask("Что выросло на сорок процентов?").found


def test_small_numbers_and_ordinals_alone_are_not_read_as_figures(analyzer):
    text = "Матч\n\nКоманда провела 2 матча. В 3 периоде Миллер забрал мяч. Было 5 ударов и 25 бросков.\n"
    engine = Engine([parse_document(text)], analyzer)
    terms = engine.reader.read("Сколько типов школ, два или пять? Что было в третьем матче?").terms
    assert "2" not in terms and "3" not in terms and "5" not in terms
    # a number of two words is: «двадцать пять» is the text's «25»
    assert "25" in engine.reader.read("Было двадцать пять бросков?").terms


def test_an_ordinal_of_one_word_is_read_where_the_text_writes_its_figure_as_an_ordinal(analyzer, engine):
    text = "Матч\n\nВ 3-м периоде Миллер забрал мяч. Команда провела 5 матчей. Было 5 ударов.\n"
    reader = Engine([parse_document(text)], analyzer).reader
    assert "3" in reader.read("Что было в третьем периоде?").terms  # «3-м периоде»
    assert "5" not in reader.read("Что было в пятом матче?").terms  # the text's «5» is a count
    # the article holds «третьей дороги» as a word and «3-м Форуме» as a figure: both are searched
    query = engine.reader.read("Что было на третьем форуме?")
    assert {"третий", "3"} <= set(query.terms)
    assert "3-м Форуме" in engine.ask("Что было на третьем форуме?").passages[0].text
    assert engine.ask("в-третьих, сколько соглашений подписали?").found  # «в-третьих» orders the speech


def test_a_number_word_is_held_only_whole_not_by_the_first_letters_of_a_longer_word(engine):
    # «десять» shares its first letters with the article's «десятилетия»; the article's «10-летие» is meant
    answer = engine.ask("Чему исполнилось десять лет?")
    assert answer.found and "10-летие" in answer.passages[0].text


def test_a_number_spelt_out_that_the_article_lacks_is_named_under_the_answer(engine):
    answer = engine.ask("Когда товарооборот достигнет пятидесяти миллиардов долларов?")
    assert answer.found and "пятидесяти" in answer.absent
    # a figure the question writes is named only when it is a year: «80-х», «10-й серии» are not a text's «80»
    assert "40" not in engine.ask("Что такое 40-летие?").absent


def test_a_short_year_is_read_as_the_year_of_this_century_the_article_names(engine):
    for question in ("что было в 23 году", "что было в двадцать третьем году"):
        assert "2023" in engine.reader.read(question).terms, question
    assert "2024" in engine.reader.read("в 24 году что будет").terms
    assert "2023" not in engine.reader.read("Сколько 23 соглашения?").terms  # no «год» after it: a count
