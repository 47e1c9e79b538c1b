/* The schema as versioned migrations, shared by every backend (one source of
 * truth: src/store/migrations/NNNN_name.sql, embedded at build time). */
#ifndef RELANCE_STORE_SCHEMA_H
#define RELANCE_STORE_SCHEMA_H

#include "relance/core/buf.h"

struct rl_migration {
	int version; /* 1, 2, ... in order, no gaps */
	const char *name;
	const char *sql; /* with {{pk}}, {{int}}, {{strict}} placeholders */
};

extern const struct rl_migration rl_migrations[];
extern const int rl_migration_count;

/* relance's tables, those referring to others first: the order to drop them. */
extern const char *const rl_schema_tables[];

enum rl_dialect {
	RL_DIALECT_SQLITE,
	RL_DIALECT_POSTGRES,
};

/* Writes m's SQL with its placeholders replaced for dialect d into out
 * (appended). Returns 0 or RL_ENOMEM; RL_EINVAL for an unknown placeholder. */
int rl_schema_render(const struct rl_migration *m, enum rl_dialect d, struct rl_buf *out);

#endif
