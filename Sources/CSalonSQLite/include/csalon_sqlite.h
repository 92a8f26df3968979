#ifndef CSALON_SQLITE_H
#define CSALON_SQLITE_H

/// Registers salon-etl's SQL functions written in C on a connection (an `sqlite3 *`):
///
///   salon_first_by(key, value)  aggregate: the value of the row with the smallest integer key
///                               among the rows where value is not NULL; NULL when there is none.
///
/// Returns an SQLite result code.
int csalon_sqlite_register_functions(void *database);

#endif
