#include <stddef.h>
#include <sqlite3.h>
#include "csalon_sqlite.h"

// "The first non-empty value by row order" per group, in one pass and without building a sortable
// string per row (printf('%012d', rowid) || value under MIN() cost most of a 3-million-line
// receipt grouping). The aggregate keeps one copied value per group.
typedef struct {
    sqlite3_int64 key;
    sqlite3_value *value;
} first_by_state;

static void first_by_step(sqlite3_context *context, int argc, sqlite3_value **argv) {
    (void)argc;
    if (sqlite3_value_type(argv[1]) == SQLITE_NULL || sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
    first_by_state *state = sqlite3_aggregate_context(context, sizeof *state);
    if (state == NULL) {
        sqlite3_result_error_nomem(context);
        return;
    }
    sqlite3_int64 key = sqlite3_value_int64(argv[0]);
    if (state->value != NULL && key >= state->key) return;
    sqlite3_value *copy = sqlite3_value_dup(argv[1]);
    if (copy == NULL) {
        sqlite3_result_error_nomem(context);
        return;
    }
    sqlite3_value_free(state->value);
    state->value = copy;
    state->key = key;
}

static void first_by_final(sqlite3_context *context) {
    first_by_state *state = sqlite3_aggregate_context(context, 0);
    if (state == NULL || state->value == NULL) {
        sqlite3_result_null(context);
        return;
    }
    sqlite3_result_value(context, state->value);
    sqlite3_value_free(state->value);
    state->value = NULL;
}

int csalon_sqlite_register_functions(void *database) {
    return sqlite3_create_function_v2(
        (sqlite3 *)database, "salon_first_by", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, NULL, first_by_step,
        first_by_final, NULL);
}

int csalon_sqlite_configure(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
