-- API tokens of `relance serve` (relance token; server/auth.c): bearer
-- tokens given to people and programs that use the HTTP API. The token
-- itself is shown once when created and never stored: only its BLAKE2b
-- hash (hex), which requests are looked up by. role decides what the
-- token may do: 'viewer' reads, 'collector' also acts (runs),
-- 'admin' everything. A revoked token keeps its row (revoked_at set) so
-- that the journal's "api:NAME" actors stay explained; a name is unique
-- among the creditor's tokens not revoked.
CREATE TABLE api_token (
	id {{pk}},
	creditor_id {{int}} NOT NULL REFERENCES creditor (id),
	name {{key}} NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('admin', 'collector', 'viewer')),
	hash {{key}} NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	revoked_at TEXT
) {{strict}};
CREATE UNIQUE INDEX api_token_active ON api_token (creditor_id, name) WHERE revoked_at IS NULL;
