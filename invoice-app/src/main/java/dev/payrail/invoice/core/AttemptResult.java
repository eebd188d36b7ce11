package dev.payrail.invoice.core;

import java.util.Objects;

/**
 * The outcome of one attempt, as the payment engine records it. Recording moves the invoice on:
 * SUCCEEDED → PAID, DECLINED and NOT_CHARGED → PENDING, FAILED → FAILED; UNKNOWN leaves it PROCESSING
 * until a later run resolves the attempt.
 *
 * @param invoiceId   the invoice
 * @param attemptNo   the attempt
 * @param outcome     a settled outcome, or UNKNOWN
 * @param chargeId    the provider's charge id, if a charge exists
 * @param declineCode for DECLINED
 * @param errorCode   for FAILED, UNKNOWN and NOT_CHARGED
 * @param requestId   the provider's request id, if an error response carried one
 */
public record AttemptResult(
        long invoiceId,
        int attemptNo,
        AttemptOutcome outcome,
        String chargeId,
        String declineCode,
        String errorCode,
        String requestId) {

    public AttemptResult {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == AttemptOutcome.IN_FLIGHT) {
            throw new IllegalArgumentException("IN_FLIGHT is not an outcome to record");
        }
    }

    /** The status the invoice moves to, or null when it stays PROCESSING. */
    public InvoiceStatus invoiceStatus() {
        return switch (outcome) {
            case SUCCEEDED -> InvoiceStatus.PAID;
            case DECLINED, NOT_CHARGED -> InvoiceStatus.PENDING;
            case FAILED -> InvoiceStatus.FAILED;
            case UNKNOWN, IN_FLIGHT -> null;
        };
    }
}
