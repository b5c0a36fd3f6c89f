"""One way to write a date in English, on pages and in publications: "4 December 2026".

Django's English default is "Dec. 4, 2026", which pages showed beside "4 December 2026".
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
