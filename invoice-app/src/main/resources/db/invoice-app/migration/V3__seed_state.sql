-- Portable SQL (SQLite and PostgreSQL).
-- One row per completed seed: replicas that start together seed once (under a lock, see DemoData), and a seed
-- interrupted by a crash has no row, so the next start completes it (its rows have deterministic ids and are
-- inserted with ON CONFLICT DO NOTHING).
CREATE TABLE seed_state (
    name         VARCHAR(64) NOT NULL PRIMARY KEY,
    completed_at BIGINT      NOT NULL
);
