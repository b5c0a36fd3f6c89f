"""One way to write a date in French, on pages and in publications: "4 décembre 2026"."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
