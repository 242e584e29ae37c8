/* pg_schema.h - the schema's SQL, compiled in from schema-1.sql by CMake
 * (pg_schema.c.in), so the library can apply it on first use. */
#ifndef PROMO_SRC_PG_SCHEMA_H
#define PROMO_SRC_PG_SCHEMA_H

/* schema-1.sql, NUL-terminated. */
extern const char promo_pg_schema_1_sql[];

#endif
