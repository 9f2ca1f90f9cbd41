"""The years a dated text names relatively («в прошлом году» in a text of 2024 is 2023), as data."""

import pytest

from bot.text.dates import publication_year, relative_years


@pytest.mark.parametrize(
    "text, years",
    [
        ("В прошлом году Президент дважды посетил Китай.", [("2023", "прошлом")]),
        ("В марте прошлого года состоялся визит.", [("2023", "прошлого")]),
        ("ПОЗАПРОШЛЫЙ ГОД был трудным.", [("2022", "ПОЗАПРОШЛЫЙ")]),
        ("В этом году и в следующем году", [("2024", "этом"), ("2025", "следующем")]),
        ("нынешнего года, текущем году", [("2024", "нынешнего")]),
        ("В будущем году откроют филиал.", [("2025", "будущем")]),
        ("В прошлые годы товарооборот рос.", []),  # several years: none of them
        ("В наступающем году", []),  # on 3 January the coming year has already come
        ("прошлого века", []),
        ("В 2024 году мы откроем новую страницу.", []),
    ],
)
def test_relative_years_read_from_the_publication_year(text, years):
    assert relative_years(text, 2024) == years


def test_no_year_without_a_publication_date():
    assert relative_years("В прошлом году", None) == []
    assert publication_year("03.01.2024") == 2024 and publication_year(None) is None and publication_year("03.01") is None
