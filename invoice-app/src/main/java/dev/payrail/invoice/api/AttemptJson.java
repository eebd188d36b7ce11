package dev.payrail.invoice.api;

import dev.payrail.invoice.core.Attempt;
import java.time.Instant;

/**
 * One charge attempt in an invoice's audit trail.
 *
 * @param attempt        1, 2, ...
 * @param idempotencyKey sent to the provider
 * @param outcome        IN_FLIGHT, SUCCEEDED, DECLINED, FAILED, UNKNOWN or NOT_CHARGED
 * @param chargeId       the provider's charge, when one exists
 * @param declineCode    for DECLINED
 * @param errorCode      for FAILED, UNKNOWN and NOT_CHARGED
 * @param requestId      the provider's request id, when an error response carried one
 * @param runId          the payment run that made the attempt
 * @param startedAt      recorded before the call
 * @param finishedAt     when the outcome was recorded; null while unsettled
 */
public record AttemptJson(
        int attempt,
        String idempotencyKey,
        String outcome,
        String chargeId,
        String declineCode,
        String errorCode,
        String requestId,
        String runId,
        Instant startedAt,
        Instant finishedAt) {

    public static AttemptJson of(Attempt a) {
        return new AttemptJson(a.number(), a.idempotencyKey(), a.outcome().name(), a.chargeId(), a.declineCode(),
                a.errorCode(), a.requestId(), a.runId(), a.startedAt(), a.finishedAt());
    }
}
