"""A small evaluator for the common 5-field cron syntax used by Kestra's Schedule trigger.

Fields: minute hour day-of-month month day-of-week, each '*', a number, a name
(JAN..DEC, SUN..SAT), a range 'a-b', a step '*/n' or 'a-b/n', or a comma list
of those; plus the macros @yearly @annually @monthly @weekly @daily @midnight
@hourly. As in Vixie cron (and cron-utils' UNIX definition that Kestra uses),
when both day fields are restricted a day matches if either one does.
"""

import datetime

MACROS = {
    '@yearly': '0 0 1 1 *',
    '@annually': '0 0 1 1 *',
    '@monthly': '0 0 1 * *',
    '@weekly': '0 0 * * 0',
    '@daily': '0 0 * * *',
    '@midnight': '0 0 * * *',
    '@hourly': '0 * * * *',
}
_MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']
# (low, high, names whose index + offset is the value)
_FIELDS = (
    (0, 59, None, 0),
    (0, 23, None, 0),
    (1, 31, None, 0),
    (1, 12, _MONTHS, 1),
    (0, 7, _DAYS, 0),
)
# search horizon: a valid expression such as '0 0 29 2 *' fires at least once in 8 years
_MAX_DAYS = 366 * 8 + 2


class CronError(ValueError):
    pass


def _value(text, low, high, names, offset):
    upper = text.upper()
    if names and upper in names:
        return names.index(upper) + offset
    if not text.isdigit():
        raise CronError('invalid value %r' % text)
    number = int(text)
    if not low <= number <= high:
        raise CronError('value %d out of range %d-%d' % (number, low, high))
    return number


def _field(text, low, high, names, offset):
    values = set()
    for part in text.split(','):
        step = 1
        if '/' in part:
            part, step_text = part.split('/', 1)
            if not step_text.isdigit() or int(step_text) == 0:
                raise CronError('invalid step %r' % step_text)
            step = int(step_text)
        if part == '*':
            start, end = low, high
        elif '-' in part:
            first, last = part.split('-', 1)
            start, end = _value(first, low, high, names, offset), _value(last, low, high, names, offset)
        else:
            start = _value(part, low, high, names, offset)
            end = high if step > 1 else start
        if start > end:
            raise CronError('invalid range %r' % part)
        values.update(range(start, end + 1, step))
    return values


class Cron(object):
    """A parsed expression; next_after(moment) gives the next firing time."""

    def __init__(self, expression):
        text = MACROS.get(str(expression).strip().lower(), str(expression).strip())
        parts = text.split()
        if len(parts) != 5:
            raise CronError('expected 5 fields in cron expression %r' % expression)
        fields = [_field(part, *spec) for part, spec in zip(parts, _FIELDS)]
        self.minutes, self.hours, self.days, self.months, weekdays = fields
        self.weekdays = set(day % 7 for day in weekdays)  # 7 is Sunday too
        self.days_restricted = parts[2] != '*'
        self.weekdays_restricted = parts[4] != '*'

    def _day_matches(self, day):
        if day.month not in self.months:
            return False
        in_month = day.day in self.days
        in_week = (day.isoweekday() % 7) in self.weekdays
        if self.days_restricted and self.weekdays_restricted:
            return in_month or in_week
        return in_month and in_week

    def next_after(self, moment):
        """The first matching minute strictly after 'moment' (an aware datetime), in its zone."""
        start = moment.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
        day = start.date()
        for _day in range(_MAX_DAYS):
            if self._day_matches(day):
                for hour in sorted(self.hours):
                    for minute in sorted(self.minutes):
                        candidate = datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=moment.tzinfo)
                        if candidate >= start:
                            return candidate
            day += datetime.timedelta(days=1)
        return None
