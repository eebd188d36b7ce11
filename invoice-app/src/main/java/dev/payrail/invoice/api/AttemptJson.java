package dev.payrail.invoice.api;

import dev.payrail.invoice.core.Attempt;
import io.swagger.v3.oas.annotations.media.Schema;
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
@Schema(description = "One attempt to charge an invoice; every field is present, null where it does not apply")
public record AttemptJson(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "1 for the first attempt, then 2, ...",
                minimum = "1", example = "1")
        int attempt,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Sent to the provider: the invoice id "
                + "and the attempt number", pattern = "^inv-[1-9][0-9]*-[1-9][0-9]*$", minLength = 7,
                maxLength = 255, example = "inv-42-1")
        String idempotencyKey,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "IN_FLIGHT: recorded before the call, no "
                + "answer yet; SUCCEEDED; DECLINED; FAILED: refused for good; UNKNOWN: no answer, the next run asks "
                + "the provider; NOT_CHARGED: refused before charging, or the provider has no charge for the key",
                allowableValues = {"IN_FLIGHT", "SUCCEEDED", "DECLINED", "FAILED", "UNKNOWN", "NOT_CHARGED"},
                example = "DECLINED")
        String outcome,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = true, description = "The provider's charge, "
                + "when one exists", minLength = 1, maxLength = 64, example = "ch_0190a1b2c3d4e5f6a7b8c9d0e1f2")
        String chargeId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = true, description = "Why the provider "
                + "declined, for DECLINED", minLength = 1, maxLength = 64, example = "insufficient_funds")
        String declineCode,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = true, description = "What went wrong, for "
                + "FAILED, UNKNOWN and NOT_CHARGED: the provider's error code or the client's (timeout, ...)",
                minLength = 1, maxLength = 64, example = "timeout")
        String errorCode,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = true, description = "The provider's "
                + "Request-Id, when an error response carried one", minLength = 1, maxLength = 128,
                example = "req_8d0f5a1c2b3e4f60")
        String requestId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The payment run that made the attempt",
                pattern = "^run_[0-9a-f]{16}$", minLength = 20, maxLength = 20, example = "run_3f0c9a1d2b4e5f60")
        String runId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "When it was recorded, before the call",
                example = "2026-11-21T10:15:30.123Z")
        Instant startedAt,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = true, description = "When its outcome was "
                + "recorded; null while IN_FLIGHT or UNKNOWN", example = "2026-11-21T10:15:30.456Z")
        Instant finishedAt) {

    public static AttemptJson of(Attempt a) {
        return new AttemptJson(a.number(), a.idempotencyKey(), a.outcome().name(), a.chargeId(), a.declineCode(),
                a.errorCode(), a.requestId(), a.runId(), a.startedAt(), a.finishedAt());
    }
}
