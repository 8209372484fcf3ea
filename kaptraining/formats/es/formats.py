"""Dates and numbers on the Spanish site (issue 21): day before month
("4 dic 2026"), 24-hour times. Numbers keep the decimal point and the
thousands comma that Spanish readers in the United States (and Mexico) use
with dollars, so "$1,500.00" and "1.5 hours" read the same in both languages
and match the hours rule (core.hours.format_hours) and the money filter."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j M"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
