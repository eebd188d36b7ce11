-- Portable SQL: the same migration runs on SQLite and PostgreSQL. Instants are epoch milliseconds.

CREATE TABLE customers (
    id          VARCHAR(64) PRIMARY KEY,
    currency    VARCHAR(3)  NOT NULL,
    created_at  BIGINT      NOT NULL
);

CREATE TABLE charges (
    id               VARCHAR(40)  PRIMARY KEY,
    idempotency_key  VARCHAR(255) NOT NULL,
    customer_id      VARCHAR(64)  NOT NULL,
    invoice_id       VARCHAR(64)  NOT NULL,
    amount           BIGINT       NOT NULL,
    currency         VARCHAR(3)   NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    decline_code     VARCHAR(32),
    created_at       BIGINT       NOT NULL
);

-- The arbiter of idempotency: one row per key, across every replica sharing the database.
CREATE TABLE idempotency_keys (
    idempotency_key  VARCHAR(255) PRIMARY KEY,
    request_hash     VARCHAR(64)  NOT NULL,
    charge_id        VARCHAR(40)  NOT NULL,
    response_status  INTEGER      NOT NULL,
    response_body    TEXT         NOT NULL,
    created_at       BIGINT       NOT NULL,
    expires_at       BIGINT       NOT NULL
);

CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);
