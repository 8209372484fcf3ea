"""Dates and numbers in English, as the site has always shown them
("Dec 4, 2026"); templates name these formats ("DATE_FORMAT") so that the
Spanish site shows its own (kaptraining/formats/es). Issue 21."""

DATE_FORMAT = "M j, Y"
DATETIME_FORMAT = "M j, Y H:i"
MONTH_DAY_FORMAT = "M j"
