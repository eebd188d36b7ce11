package dev.payrail.invoice.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One charge attempt for an invoice: the audit trail.
 *
 * @param invoiceId      the invoice
 * @param number         1 for the first attempt, counting up
 * @param idempotencyKey sent to the provider, {@code inv-<invoice>-<number>}
 * @param runId          the payment run that made it
 * @param outcome        what became of it
 * @param chargeId       the provider's charge id, when a charge exists
 * @param declineCode    for DECLINED: the provider's reason
 * @param errorCode      for FAILED, UNKNOWN and NOT_CHARGED: the error code ({@code currency_mismatch}, ...)
 * @param requestId      the provider's {@code Request-Id}, when an error response carried one
 * @param startedAt      when the attempt was recorded, before the call
 * @param finishedAt     when its outcome was recorded, null while unsettled
 */
public record Attempt(
        long invoiceId,
        int number,
        String idempotencyKey,
        String runId,
        AttemptOutcome outcome,
        String chargeId,
        String declineCode,
        String errorCode,
        String requestId,
        Instant startedAt,
        Instant finishedAt) {

    public Attempt {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** The idempotency key of attempt {@code number} for invoice {@code invoiceId}: stable, so a retry replays. */
    public static String keyFor(long invoiceId, int number) {
        return "inv-" + invoiceId + "-" + number;
    }
}
