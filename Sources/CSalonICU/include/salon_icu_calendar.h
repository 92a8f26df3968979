// The Chinese lunisolar calendar (农历) over ICU's ucal with the "@calendar=chinese" keyword, for
// lunar birthdays. The header uses plain C types only so Swift modules that import Foundation can
// use it (ICU's own headers clash with Foundation's copy of ICU).
//
// Dates are plain integers. A lunar year is numbered by the Gregorian year in which it begins
// (lunar year 2024 starts at 2024-02-10), so callers never see ICU's cycle/extended-year numbers.
// Months are 1...12 with a separate leap flag (闰月); days are 1...30. Both calendars run in
// Asia/Shanghai at noon, so a date never slips across midnight.
//
// An ICU UCalendar is mutable state, so every call below holds the calendar's mutex: one calendar
// can be shared by all threads (a lunar birthday is rare enough that contention does not matter).
#ifndef SALON_ICU_CALENDAR_H
#define SALON_ICU_CALENDAR_H

#include <stdint.h>

/// An opaque pair of ICU calendars (Chinese and proleptic Gregorian).
typedef struct salon_lunar_calendar salon_lunar_calendar;

/// No error.
#define SALON_LUNAR_OK 0
/// The lunar date does not exist: no such leap month that year, or the day is past the month's end.
#define SALON_LUNAR_NO_SUCH_DATE 1
/// A field is out of range (month outside 1...12, day outside 1...31, ...).
#define SALON_LUNAR_OUT_OF_RANGE 2
/// Memory could not be allocated.
#define SALON_LUNAR_NO_MEMORY 3
/// ICU reported an error (the ICU code is in *icu_error where the call takes one).
#define SALON_LUNAR_ICU_FAILURE 4

/// A date in the Chinese calendar.
typedef struct salon_lunar_date {
    int32_t year;      // Gregorian year in which this lunar year begins
    int32_t month;     // 1...12
    int32_t is_leap;   // 1 in a leap month (闰月), else 0
    int32_t day;       // 1...30
} salon_lunar_date;

/// Opens the calendars. Returns NULL and sets *error (SALON_LUNAR_*) on failure; *icu_error (may
/// be NULL) receives the raw ICU code.
salon_lunar_calendar *salon_lunar_open(int *error, int *icu_error);

/// Frees the calendars. Accepts NULL.
void salon_lunar_close(salon_lunar_calendar *calendar);

/// The Chinese-calendar date of a Gregorian date. Returns SALON_LUNAR_OK, SALON_LUNAR_OUT_OF_RANGE
/// (the Gregorian date itself does not exist) or SALON_LUNAR_ICU_FAILURE.
int salon_lunar_from_gregorian(salon_lunar_calendar *calendar, int32_t year, int32_t month, int32_t day,
                               salon_lunar_date *out);

/// The Gregorian date of a Chinese-calendar date. Returns SALON_LUNAR_OK, SALON_LUNAR_NO_SUCH_DATE
/// (ICU would have rolled it into another month), SALON_LUNAR_OUT_OF_RANGE or
/// SALON_LUNAR_ICU_FAILURE.
int salon_lunar_to_gregorian(salon_lunar_calendar *calendar, salon_lunar_date date, int32_t *year,
                             int32_t *month, int32_t *day);

/// The number of days (29 or 30) in a lunar month, or 0 when that year has no such (leap) month.
/// Returns SALON_LUNAR_OK, SALON_LUNAR_OUT_OF_RANGE or SALON_LUNAR_ICU_FAILURE.
int salon_lunar_month_length(salon_lunar_calendar *calendar, int32_t year, int32_t month, int32_t is_leap,
                             int32_t *days);

#endif
