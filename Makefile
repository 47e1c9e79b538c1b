# relance — plain GNU Makefile with explicit source lists (STYLE.md, "Build").
#   make            build ./relance and librelance.a
#   make test       install missing packages, build, check, run unit + end-to-end tests
#   make demo       build and run the demo ledger
#   make asan       the whole test suite under AddressSanitizer + UBSan
#   make check      formatting, banned calls, layer rule, docs-versus-tables
#   make install PREFIX=/usr/local
#   make bench      benchmarks in bench/ (figures, not assertions)

PREFIX ?= /usr/local
BUILD ?= build
CC ?= gcc
PKGS := sqlite3 jansson libpq libsodium inih libmicrohttpd
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
OPT ?= -O2
CFLAGS_BASE := -pthread -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude $(PKG_CFLAGS)
WARN := -Wall -Wextra -Werror -pedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-unused-parameter
SAN :=
CFLAGS_ALL := $(CFLAGS_BASE) $(WARN) $(OPT) -g $(SAN) $(CFLAGS)
LDLIBS_ALL := $(PKG_LIBS) -pthread -lm $(SAN) $(LDFLAGS)

VERSION := $(shell cat VERSION)

CORE_SRC := \
	src/core/status.c \
	src/core/buf.c \
	src/core/money.c \
	src/core/date.c \
	src/core/ledger.c \
	src/core/dunning.c \
	src/core/limitation.c \
	src/core/plan.c \
	src/core/journal.c \
	src/core/interest.c

STORE_SRC := \
	src/store/store.c \
	src/store/sqlite.c \
	src/store/postgres.c \
	src/store/schema.c \
	src/store/sql.c \
	src/store/journal.c \
	src/store/policy.c \
	src/store/dunning.c \
	src/store/history.c \
	src/store/case.c \
	src/store/token.c \
	src/store/rates.c \
	src/store/interest.c \
	src/store/plan.c

FORMATS_SRC := \
	src/formats/csv.c \
	src/formats/gen.c \
	src/formats/import.c \
	src/formats/import_row.c \
	src/formats/policy_file.c \
	src/formats/rates.c

ENGINE_SRC := \
	src/engine/run.c \
	src/engine/balance.c \
	src/engine/clock.c \
	src/engine/invoice_view.c \
	src/engine/journal_check.c \
	src/engine/promises.c \
	src/engine/interest.c \
	src/engine/plans.c

# The HTTP server (relance serve): above the engine, below the CLI.
SERVER_SRC := \
	src/server/http.c \
	src/server/auth.c \
	src/server/api.c

CLI_SRC := \
	src/cli/main.c \
	src/cli/cli.c \
	src/cli/output.c \
	src/cli/cmd_init.c \
	src/cli/cmd_import.c \
	src/cli/cmd_customers.c \
	src/cli/cmd_invoices.c \
	src/cli/cmd_show.c \
	src/cli/cmd_balance.c \
	src/cli/cmd_policy.c \
	src/cli/cmd_run.c \
	src/cli/cmd_journal.c \
	src/cli/cmd_interest.c \
	src/cli/cmd_rates.c \
	src/cli/cmd_claim.c \
	src/cli/cmd_case.c \
	src/cli/cmd_history.c \
	src/cli/cmd_plan.c \
	src/cli/cmd_token.c \
	src/cli/cmd_serve.c \
	src/cli/cmd_db.c \
	src/cli/cmd_gen.c \
	src/cli/cmd_demo.c

UNIT_TESTS := \
	tests/unit/test_money.c \
	tests/unit/test_date.c \
	tests/unit/test_buf.c \
	tests/unit/test_ledger.c \
	tests/unit/test_limitation.c \
	tests/unit/test_plan.c \
	tests/unit/test_dunning.c \
	tests/unit/test_journal.c \
	tests/unit/test_journal_store.c \
	tests/unit/test_csv.c \
	tests/unit/test_gen.c \
	tests/unit/test_schema.c \
	tests/unit/test_interest.c \
	tests/unit/test_interest_engine.c \
	tests/unit/test_rates.c \
	tests/unit/test_token.c \
	tests/unit/test_server.c

FUZZ_TARGETS := fuzz/fuzz_csv.c fuzz/fuzz_money.c fuzz/fuzz_date.c fuzz/fuzz_rates.c \
	fuzz/fuzz_policy.c

LIB_SRC := $(CORE_SRC) $(STORE_SRC) $(FORMATS_SRC) $(ENGINE_SRC) $(SERVER_SRC)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_TESTS:tests/unit/%.c=$(BUILD)/tests/%)
GENERATED := $(BUILD)/gen/migrations.c

.PHONY: all deps test demo unit e2e crash fuzz-smoke check format asan install clean bench fuzz

all: relance

relance: $(BUILD)/relance
	@cp $< $@

$(BUILD)/relance: $(CLI_OBJ) $(BUILD)/librelance.a
	@echo "  LINK    $@"
	@$(CC) -o $@ $(CLI_OBJ) $(BUILD)/librelance.a $(LDLIBS_ALL)

$(BUILD)/librelance.a: $(LIB_OBJ) $(BUILD)/gen/migrations.o $(BUILD)/gen/policies.o \
		$(BUILD)/gen/rules.o $(BUILD)/gen/rates.o
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/%.o: %.c VERSION
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) -DRELANCE_VERSION='"$(VERSION)"' -MMD -MP -c -o $@ $<

# The schema's single source of truth: src/store/migrations/*.sql, embedded.
$(BUILD)/gen/migrations.c: $(sort $(wildcard src/store/migrations/*.sql)) tools/embed-migrations.sh
	@mkdir -p $(dir $@)
	sh tools/embed-migrations.sh $(sort $(wildcard src/store/migrations/*.sql)) > $@.tmp && mv $@.tmp $@

# The shipped dunning policies, installed into every new ledger.
SHIPPED_POLICIES := data/policies/fr-standard.ini data/policies/fr-gentle.ini
$(BUILD)/gen/policies.c: $(SHIPPED_POLICIES) tools/embed-files.sh
	@mkdir -p $(dir $@)
	sh tools/embed-files.sh relance/formats/policy_file.h rl_shipped_policy \
		rl_shipped_policies $(SHIPPED_POLICIES) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/policies.o: $(BUILD)/gen/policies.c
	@$(CC) $(CFLAGS_ALL) -Wno-overlength-strings -c -o $@ $<

# The interest rules and rate tables, for `relance interest`.
SHIPPED_RULES := $(sort $(wildcard data/rules/*.ini))
SHIPPED_RATES := $(sort $(wildcard data/rates/*.csv))
$(BUILD)/gen/rules.c: $(SHIPPED_RULES) tools/embed-files.sh
	@mkdir -p $(dir $@)
	sh tools/embed-files.sh relance/formats/rates.h rl_embedded_file rl_shipped_rules \
		$(SHIPPED_RULES) > $@.tmp && mv $@.tmp $@
$(BUILD)/gen/rates.c: $(SHIPPED_RATES) tools/embed-files.sh
	@mkdir -p $(dir $@)
	sh tools/embed-files.sh relance/formats/rates.h rl_embedded_file rl_shipped_rates \
		$(SHIPPED_RATES) > $@.tmp && mv $@.tmp $@
$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	@$(CC) $(CFLAGS_ALL) -Wno-overlength-strings -c -o $@ $<

$(BUILD)/gen/migrations.o: $(BUILD)/gen/migrations.c
	@$(CC) $(CFLAGS_ALL) -Wno-overlength-strings -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/librelance.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $<"
	@$(CC) $(CFLAGS_ALL) $(shell pkg-config --cflags cmocka) -o $@ $< $(BUILD)/librelance.a \
		$(shell pkg-config --libs cmocka) $(LDLIBS_ALL)

deps:
	@sh tools/deps.sh

unit: $(UNIT_BIN)
	@sh tools/run-unit.sh $(UNIT_BIN)

# Both backends: SQLite files, and databases on a throwaway PostgreSQL cluster.
BACKENDS ?= sqlite postgresql

e2e: relance
	@RELANCE_BIN=$(CURDIR)/$(BUILD)/relance RELANCE_BACKENDS="$(BACKENDS)" \
		sh tests/with-pg.sh sh tests/e2e/run.sh

check:
	@sh tools/check.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

test: deps
	$(MAKE) all
	$(MAKE) check
	$(MAKE) unit
	$(MAKE) e2e
	$(MAKE) crash
	$(MAKE) fuzz-smoke

# Kills the dunning run at random moments and checks nothing is left half done.
CRASH_TRIALS ?= 50
CRASH_INVOICES ?= 100000
crash: relance
	@RELANCE_BIN=$(CURDIR)/$(BUILD)/relance sh tests/crash/run-kill.sh $(CRASH_TRIALS) \
		$(CRASH_INVOICES)

asan: deps
	$(MAKE) BUILD=build/asan OPT=-O1 \
		SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		build/asan/relance unit-asan e2e-asan

unit-asan: $(UNIT_BIN)
	@ASAN_OPTIONS=detect_leaks=1 sh tools/run-unit.sh $(UNIT_BIN)

e2e-asan:
	@RELANCE_BIN=$(CURDIR)/$(BUILD)/relance ASAN_OPTIONS=detect_leaks=1 \
		RELANCE_BACKENDS="$(BACKENDS)" sh tests/with-pg.sh sh tests/e2e/run.sh

# Like test, demo works on a fresh machine: packages first, then a build
# in a new make (pkg-config flags are read when the Makefile is parsed).
demo:
	@sh tools/deps.sh build
	@$(MAKE) --no-print-directory relance
	rm -f demo.db demo.db-wal demo.db-shm
	./relance --db demo.db demo

fuzz:
	@sh fuzz/run.sh $(FUZZ_TARGETS)

# Every fuzz target for a few seconds, from its seeds: part of make test.
fuzz-smoke:
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-8} sh fuzz/run.sh $(FUZZ_TARGETS)

bench: relance
	sh bench/import.sh

# The interest benchmark (bench/interest.c) links the library like the tests.
.PHONY: bench-interest
bench-interest: $(BUILD)/bench/interest
	@sh bench/interest.sh

$(BUILD)/bench/interest: bench/interest.c $(BUILD)/librelance.a
	@mkdir -p $(dir $@)
	@echo "  BENCH   $<"
	@$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/librelance.a $(LDLIBS_ALL)

install: relance
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/relance
	install -m 0755 relance $(DESTDIR)$(PREFIX)/bin/relance
	install -m 0644 man/relance.1 $(DESTDIR)$(PREFIX)/share/man/man1/relance.1
	cp -R data/. $(DESTDIR)$(PREFIX)/share/relance/

clean:
	rm -rf build relance demo.db demo.db-wal demo.db-shm

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
