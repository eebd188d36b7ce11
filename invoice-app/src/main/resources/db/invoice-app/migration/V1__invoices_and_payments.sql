-- Portable SQL: the same migration runs on SQLite and PostgreSQL.
-- Times are epoch milliseconds (BIGINT) so both databases store and compare them identically.
-- Amounts are integers in the currency's minor units; the API renders them with the currency's decimals.

CREATE TABLE customers (
    id       BIGINT     NOT NULL PRIMARY KEY,
    currency VARCHAR(3) NOT NULL
);

CREATE TABLE invoices (
    id            BIGINT      NOT NULL PRIMARY KEY,
    customer_id   BIGINT      NOT NULL REFERENCES customers (id),
    amount_minor  BIGINT      NOT NULL CHECK (amount_minor > 0),
    currency      VARCHAR(3)  NOT NULL,
    -- PENDING (payable), PROCESSING (claimed by a payment run; its latest attempt is in flight or unknown),
    -- PAID, FAILED (not retried automatically; failure_code says why).
    status        VARCHAR(16) NOT NULL,
    failure_code  VARCHAR(64),
    -- The number of the latest attempt; the next claim makes attempt attempt_count + 1.
    attempt_count INTEGER     NOT NULL DEFAULT 0,
    updated_at    BIGINT      NOT NULL
);

-- Payment runs page through payable invoices in id order: (status, id) serves the claim and ?status= listing.
CREATE INDEX invoices_status_id ON invoices (status, id);
CREATE INDEX invoices_customer ON invoices (customer_id);

CREATE TABLE payment_runs (
    id          VARCHAR(40) NOT NULL PRIMARY KEY,
    state       VARCHAR(16) NOT NULL,
    started_at  BIGINT      NOT NULL,
    finished_at BIGINT,
    heartbeat_at BIGINT     NOT NULL,
    total       BIGINT      NOT NULL DEFAULT 0,
    reconciled  BIGINT      NOT NULL DEFAULT 0,
    attempted   BIGINT      NOT NULL DEFAULT 0,
    paid        BIGINT      NOT NULL DEFAULT 0,
    declined    BIGINT      NOT NULL DEFAULT 0,
    failed      BIGINT      NOT NULL DEFAULT 0,
    unknown     BIGINT      NOT NULL DEFAULT 0,
    not_charged BIGINT      NOT NULL DEFAULT 0
);

-- One row per charge attempt, written BEFORE the provider is called: the audit trail and the record that
-- lets a later run resolve an attempt whose outcome was never received.
CREATE TABLE payment_attempts (
    invoice_id      BIGINT       NOT NULL REFERENCES invoices (id),
    attempt_no      INTEGER      NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL UNIQUE,
    run_id          VARCHAR(40)  NOT NULL,
    -- IN_FLIGHT (written before the call), SUCCEEDED, DECLINED, FAILED, UNKNOWN (no answer received),
    -- NOT_CHARGED (the provider refused it or never saw it).
    outcome         VARCHAR(16)  NOT NULL,
    charge_id       VARCHAR(64),
    decline_code    VARCHAR(64),
    error_code      VARCHAR(64),
    request_id      VARCHAR(128),
    started_at      BIGINT       NOT NULL,
    finished_at     BIGINT,
    PRIMARY KEY (invoice_id, attempt_no)
);

CREATE INDEX payment_attempts_outcome ON payment_attempts (outcome, started_at);
