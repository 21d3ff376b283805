/*
 * schema.h - the numbered migrations of the SQLite schema. Migration N
 * takes a database from user_version N-1 to N.
 */
#ifndef MS_STORE_SCHEMA_H
#define MS_STORE_SCHEMA_H

/* NULL-terminated list; migrations[0] creates version 1. */
extern const char *const store_migrations[];

#endif
