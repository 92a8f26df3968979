#ifndef CSALON_SQLITE_H
#define CSALON_SQLITE_H

/// Registers salon-etl's SQL functions written in C on a connection (an `sqlite3 *`):
///
///   salon_first_by(key, value)  aggregate: the value of the row with the smallest integer key
///                               among the rows where value is not NULL; NULL when there is none.
///
/// Returns an SQLite result code.
int csalon_sqlite_register_functions(void *database);

/// Turns off SQLite's process-wide memory statistics, which take a global mutex on every
/// allocation; salon-etl never reads them. Must run before the first connection opens
/// (it calls sqlite3_config, which is refused once SQLite is initialized). Returns a result code.
int csalon_sqlite_configure(void);

#endif
