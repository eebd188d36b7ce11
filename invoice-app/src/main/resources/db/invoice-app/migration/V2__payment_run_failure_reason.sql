-- Why a payment run ended FAILED (the database went away, outcomes could not be recorded), shown by
-- GET /rest/v1/payment-runs/{id}; null for every other state.
ALTER TABLE payment_runs ADD COLUMN failure_reason VARCHAR(500);
