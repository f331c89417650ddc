"""Numbers as people write them: what is read, and what is refused as ambiguous."""

import pytest

from okrsite.numbers import NumberError, Quantity, format_number, parse_quantity


@pytest.mark.parametrize(
    "written, expected",
    [
        (42, Quantity(42.0)),
        (4.5, Quantity(4.5)),
        ("5000000", Quantity(5_000_000.0)),
        ("5_000_000", Quantity(5_000_000.0)),
        ("5,000,000", Quantity(5_000_000.0)),
        ("1,200", Quantity(1200.0)),
        ("1,200.5", Quantity(1200.5)),
        ("5.0M", Quantity(5_000_000.0)),
        ("5 M", Quantity(5_000_000.0)),
        ("1.2k", Quantity(1200.0)),
        ("3B", Quantity(3e9)),
        ("2bn", Quantity(2e9)),
        ("99.9 %", Quantity(99.9, unit="%")),
        ("99.9%", Quantity(99.9, unit="%")),
        ("2.6M EUR", Quantity(2_600_000.0, currency="EUR")),
        ("EUR 2.6M", Quantity(2_600_000.0, currency="EUR")),
        ("€2.6M", Quantity(2_600_000.0, currency="EUR")),
        ("$1.2k", Quantity(1200.0, currency="USD")),
        ("SEK 4.5M", Quantity(4_500_000.0, currency="SEK")),
        ("300 ms", Quantity(300.0, unit="ms")),
        ("-4.5", Quantity(-4.5)),
        ("\u22124.5", Quantity(-4.5)),  # a typographic minus
        ("1,200 users", Quantity(1200.0, unit="users")),
        (".5", Quantity(0.5)),
        ("5 Mbps", Quantity(5.0, unit="Mbps")),  # M followed by letters is a unit, not million
        # Magnitudes from the table, never units (issue 14: 4MM was read as 4 "MM").
        ("4MM", Quantity(4e6)),
        ("4 MM USD", Quantity(4e6, currency="USD")),
        ("2 miljoner", Quantity(2e6)),
        ("7 mn", Quantity(7e6)),
        ("3 milj. SEK", Quantity(3e6, currency="SEK")),
        ("2 miljarder", Quantity(2e9)),
        ("2 million users", Quantity(2e6, unit="users")),
        ("12 tusen", Quantity(12e3)),
        ("5 mm", Quantity(5.0, unit="mm")),  # millimetres
        ("5 min", Quantity(5.0, unit="min")),
        ("5 km", Quantity(5.0, unit="km")),
    ],
)
def test_reads_numbers_as_people_write_them(written, expected):
    assert parse_quantity(written) == expected


@pytest.mark.parametrize(
    "written, code",
    [
        ("1,5", "ambiguous-comma"),  # 1.5 or 15?
        ("1.200,50", "ambiguous-comma"),
        ("12,00", "ambiguous-comma"),
        ("5m", "ambiguous-m"),  # million or metres?
        ("lots", "not-a-number"),
        ("", "not-a-number"),
        ("1 200", "not-a-number"),  # a space as thousands separator reads as "1" and unit "200"
        ("5__000", "not-a-number"),
        (True, "not-a-number"),
        (None, "not-a-number"),
        ([1, 2], "not-a-number"),
        (float("nan"), "not-finite"),
        (float("inf"), "not-finite"),
        ("EUR 5 USD", "not-a-number"),  # two currencies
        ("2 biljoner", "unclear-magnitude"),  # a Swedish biljon is 10^12, an English billion 10^9
        ("3 trillion", "unclear-magnitude"),
        ("4MMM", "unclear-magnitude"),
        ("5 lakh", "unclear-magnitude"),
    ],
)
def test_refuses_what_is_ambiguous(written, code):
    with pytest.raises(NumberError) as raised:
        parse_quantity(written)
    assert raised.value.code == code


@pytest.mark.parametrize(
    "value, unit, currency, shown",
    [
        (52, "", "", "52"),
        (1200, "", "", "1,200"),
        (2_600_000, "", "EUR", "2.6M EUR"),
        (5_000_000, "", "", "5M"),
        (99.95, "%", "", "99.95 %"),
        (300, "ms", "", "300 ms"),
        (4.25, "", "", "4.25"),
    ],
)
def test_formats_numbers_shortly(value, unit, currency, shown):
    assert format_number(value, unit, currency) == shown
