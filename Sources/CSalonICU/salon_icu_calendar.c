// See include/salon_icu_calendar.h. Conversions go through UDate milliseconds: one calendar is set
// from fields, the other reads fields back. A Chinese date is checked by reading its fields back,
// because a lenient ICU calendar silently rolls a missing leap month or day 30 into the next month.
#include "salon_icu_calendar.h"

#include <pthread.h>
#include <stdlib.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>

// ICU numbers Chinese years from an epoch in 2637 BCE: extended year 4661 begins in Gregorian 2024.
#define SALON_LUNAR_EXTENDED_YEAR_OFFSET 2637

struct salon_lunar_calendar {
    pthread_mutex_t mutex;
    UCalendar *chinese;
    UCalendar *gregorian;
};

static const UChar shanghai[] = {'A', 's', 'i', 'a', '/', 'S', 'h', 'a', 'n', 'g', 'h', 'a', 'i', 0};

salon_lunar_calendar *salon_lunar_open(int *error, int *icu_error) {
    if (icu_error) *icu_error = 0;
    salon_lunar_calendar *c = calloc(1, sizeof(salon_lunar_calendar));
    if (!c) {
        if (error) *error = SALON_LUNAR_NO_MEMORY;
        return NULL;
    }
    pthread_mutex_init(&c->mutex, NULL);
    UErrorCode status = U_ZERO_ERROR;
    c->chinese = ucal_open(shanghai, -1, "zh_CN@calendar=chinese", UCAL_DEFAULT, &status);
    if (U_SUCCESS(status)) c->gregorian = ucal_open(shanghai, -1, "zh_CN@calendar=gregorian", UCAL_GREGORIAN, &status);
    // Proleptic Gregorian: no switch to the Julian calendar before 1582.
    if (U_SUCCESS(status)) ucal_setGregorianChange(c->gregorian, -8.64e15, &status);
    if (U_FAILURE(status)) {
        salon_lunar_close(c);
        if (error) *error = SALON_LUNAR_ICU_FAILURE;
        if (icu_error) *icu_error = (int)status;
        return NULL;
    }
    if (error) *error = SALON_LUNAR_OK;
    return c;
}

void salon_lunar_close(salon_lunar_calendar *c) {
    if (!c) return;
    if (c->chinese) ucal_close(c->chinese);
    if (c->gregorian) ucal_close(c->gregorian);
    pthread_mutex_destroy(&c->mutex);
    free(c);
}

static void read_chinese(const UCalendar *cal, salon_lunar_date *out, UErrorCode *status) {
    out->year = ucal_get(cal, UCAL_EXTENDED_YEAR, status) - SALON_LUNAR_EXTENDED_YEAR_OFFSET;
    out->month = ucal_get(cal, UCAL_MONTH, status) + 1;
    out->is_leap = ucal_get(cal, UCAL_IS_LEAP_MONTH, status) ? 1 : 0;
    out->day = ucal_get(cal, UCAL_DATE, status);
}

static int unlocked_from_gregorian(salon_lunar_calendar *c, int32_t year, int32_t month, int32_t day,
                               salon_lunar_date *out) {
    if (month < 1 || month > 12 || day < 1 || day > 31) return SALON_LUNAR_OUT_OF_RANGE;
    UErrorCode status = U_ZERO_ERROR;
    ucal_clear(c->gregorian);
    ucal_setDateTime(c->gregorian, year, month - 1, day, 12, 0, 0, &status);
    // Reject 2023-02-30 and the like instead of letting ICU roll them over.
    if (U_SUCCESS(status) && ucal_get(c->gregorian, UCAL_DATE, &status) != day) return SALON_LUNAR_OUT_OF_RANGE;
    UDate millis = ucal_getMillis(c->gregorian, &status);
    ucal_setMillis(c->chinese, millis, &status);
    read_chinese(c->chinese, out, &status);
    return U_FAILURE(status) ? SALON_LUNAR_ICU_FAILURE : SALON_LUNAR_OK;
}

// Sets the Chinese calendar to noon of a lunar date, without checking that the date exists.
static void set_chinese(UCalendar *cal, salon_lunar_date date, UErrorCode *status) {
    ucal_clear(cal);
    ucal_set(cal, UCAL_EXTENDED_YEAR, date.year + SALON_LUNAR_EXTENDED_YEAR_OFFSET);
    ucal_set(cal, UCAL_MONTH, date.month - 1);
    ucal_set(cal, UCAL_IS_LEAP_MONTH, date.is_leap ? 1 : 0);
    ucal_set(cal, UCAL_DATE, date.day);
    ucal_set(cal, UCAL_HOUR_OF_DAY, 12);
    (void)ucal_getMillis(cal, status);  // resolves the fields so ucal_get reads back normalised ones
}

static int same_date(salon_lunar_date a, salon_lunar_date b) {
    return a.year == b.year && a.month == b.month && a.is_leap == b.is_leap && a.day == b.day;
}

static int unlocked_to_gregorian(salon_lunar_calendar *c, salon_lunar_date date, int32_t *year, int32_t *month,
                             int32_t *day) {
    if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 30) return SALON_LUNAR_OUT_OF_RANGE;
    UErrorCode status = U_ZERO_ERROR;
    set_chinese(c->chinese, date, &status);
    salon_lunar_date resolved;
    read_chinese(c->chinese, &resolved, &status);
    if (U_FAILURE(status)) return SALON_LUNAR_ICU_FAILURE;
    if (!same_date(resolved, date)) return SALON_LUNAR_NO_SUCH_DATE;
    UDate millis = ucal_getMillis(c->chinese, &status);
    ucal_setMillis(c->gregorian, millis, &status);
    *year = ucal_get(c->gregorian, UCAL_EXTENDED_YEAR, &status);
    *month = ucal_get(c->gregorian, UCAL_MONTH, &status) + 1;
    *day = ucal_get(c->gregorian, UCAL_DATE, &status);
    return U_FAILURE(status) ? SALON_LUNAR_ICU_FAILURE : SALON_LUNAR_OK;
}

static int unlocked_month_length(salon_lunar_calendar *c, int32_t year, int32_t month, int32_t is_leap,
                             int32_t *days) {
    if (month < 1 || month > 12) return SALON_LUNAR_OUT_OF_RANGE;
    UErrorCode status = U_ZERO_ERROR;
    salon_lunar_date first = {year, month, is_leap ? 1 : 0, 1};
    set_chinese(c->chinese, first, &status);
    salon_lunar_date resolved;
    read_chinese(c->chinese, &resolved, &status);
    if (U_FAILURE(status)) return SALON_LUNAR_ICU_FAILURE;
    if (!same_date(resolved, first)) {
        *days = 0;
        return SALON_LUNAR_OK;
    }
    *days = ucal_getLimit(c->chinese, UCAL_DATE, UCAL_ACTUAL_MAXIMUM, &status);
    return U_FAILURE(status) ? SALON_LUNAR_ICU_FAILURE : SALON_LUNAR_OK;
}

int salon_lunar_from_gregorian(salon_lunar_calendar *c, int32_t year, int32_t month, int32_t day,
                               salon_lunar_date *out) {
    pthread_mutex_lock(&c->mutex);
    int result = unlocked_from_gregorian(c, year, month, day, out);
    pthread_mutex_unlock(&c->mutex);
    return result;
}

int salon_lunar_to_gregorian(salon_lunar_calendar *c, salon_lunar_date date, int32_t *year, int32_t *month,
                             int32_t *day) {
    pthread_mutex_lock(&c->mutex);
    int result = unlocked_to_gregorian(c, date, year, month, day);
    pthread_mutex_unlock(&c->mutex);
    return result;
}

int salon_lunar_month_length(salon_lunar_calendar *c, int32_t year, int32_t month, int32_t is_leap,
                             int32_t *days) {
    pthread_mutex_lock(&c->mutex);
    int result = unlocked_month_length(c, year, month, is_leap, days);
    pthread_mutex_unlock(&c->mutex);
    return result;
}
