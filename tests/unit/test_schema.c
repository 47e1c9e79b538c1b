/* Unit tests of the schema's single source of truth (store/schema.c): the
 * migrations render for both dialects, and the table list used to drop a
 * ledger names every table the migrations create. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "relance/core/buf.h"
#include "relance/store/schema.h"

static void placeholders_render_for_each_dialect(void **state)
{
	(void)state;
	for (int i = 0; i < rl_migration_count; i++) {
		struct rl_buf lite, pg;

		rl_buf_init(&lite, 1 << 20);
		rl_buf_init(&pg, 1 << 20);
		assert_int_equal(rl_schema_render(&rl_migrations[i], RL_DIALECT_SQLITE, &lite), 0);
		assert_int_equal(rl_schema_render(&rl_migrations[i], RL_DIALECT_POSTGRES, &pg), 0);
		assert_null(strstr(lite.ptr, "{{"));
		assert_null(strstr(pg.ptr, "{{"));
		assert_non_null(strstr(lite.ptr, ") STRICT;"));
		assert_null(strstr(pg.ptr, ") STRICT"));
		rl_buf_release(&lite);
		rl_buf_release(&pg);
	}
}

/* Natural keys compare byte by byte in both dialects (SQLite's default),
 * which keeps PostgreSQL's unique indexes on them fast. */
static void natural_keys_compare_bytewise(void **state)
{
	struct rl_buf lite, pg;

	(void)state;
	rl_buf_init(&lite, 1 << 20);
	rl_buf_init(&pg, 1 << 20);
	assert_int_equal(rl_schema_render(&rl_migrations[0], RL_DIALECT_SQLITE, &lite), 0);
	assert_int_equal(rl_schema_render(&rl_migrations[0], RL_DIALECT_POSTGRES, &pg), 0);
	assert_non_null(strstr(pg.ptr, "number TEXT COLLATE \"C\" NOT NULL"));
	assert_non_null(strstr(lite.ptr, "number TEXT NOT NULL"));
	assert_null(strstr(lite.ptr, "COLLATE"));
	rl_buf_release(&lite);
	rl_buf_release(&pg);
}

static void table_list_names_every_table(void **state)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int listed = 0, created = 0;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE schema_migration (version INTEGER)", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	for (int i = 0; i < rl_migration_count; i++) {
		struct rl_buf sql;

		rl_buf_init(&sql, 1 << 20);
		assert_int_equal(rl_schema_render(&rl_migrations[i], RL_DIALECT_SQLITE, &sql), 0);
		assert_int_equal(sqlite3_exec(db, sql.ptr, NULL, NULL, NULL), SQLITE_OK);
		rl_buf_release(&sql);
	}
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT name FROM sqlite_schema WHERE type = 'table' "
					    "AND name NOT LIKE 'sqlite_%'",
					    -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		bool found = false;

		for (const char *const *t = rl_schema_tables; *t; t++)
			found |= strcmp(*t, name) == 0;
		if (!found)
			fail_msg("table '%s' is missing from rl_schema_tables", name);
		created++;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	for (const char *const *t = rl_schema_tables; *t; t++)
		listed++;
	assert_int_equal(listed, created);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(placeholders_render_for_each_dialect),
		cmocka_unit_test(table_list_names_every_table),
		cmocka_unit_test(natural_keys_compare_bytewise),
	};

	return cmocka_run_group_tests_name("schema", tests, NULL, NULL);
}
