"""The Council of Europe's standard final clauses on entry into force, as Parties' dates use them.

A rule of treaty law, so it lives with the Parties whose dates it computes; the calendar
arithmetic it rests on is generic (lib/dates.py).
"""

import datetime as dt

from lanzarote.lib.dates import add_months, first_day_of_month_after


def entry_into_force(
    *,
    deposited: dt.date,
    delay_months: int,
    treaty_in_force_from: dt.date | None = None,
) -> dt.date:
    """Entry into force for a State by the Council of Europe's standard final clauses.

    "on the first day of the month following the expiration of a period of <delay_months>
    months after the date of the deposit" (CETS 201, Art. 45(4) and 46(2)). A State whose
    instrument was deposited before the treaty itself entered into force is bound from that
    date (Art. 45(3)), never earlier.
    """
    result = first_day_of_month_after(add_months(deposited, delay_months))
    if treaty_in_force_from and result < treaty_in_force_from:
        return treaty_in_force_from
    return result
