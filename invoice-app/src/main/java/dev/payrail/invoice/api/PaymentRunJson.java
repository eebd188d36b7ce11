package dev.payrail.invoice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.payrail.invoice.core.PaymentRun;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A payment run: its progress while it runs, its summary once finished.
 *
 * @param id         {@code run_...}
 * @param state      RUNNING, COMPLETED, FAILED or ABANDONED
 * @param startedAt  when it started
 * @param finishedAt when it finished; null while running
 * @param total      the work found at the start: payable invoices plus attempts of unknown outcome to resolve
 * @param done       outcomes recorded so far
 * @param rate       outcomes recorded per second
 * @param attempted  invoices charged
 * @param paid       ended PAID
 * @param declined   declined: still PENDING
 * @param failed     FAILED for good (customer_not_found, currency_mismatch)
 * @param unknown    outcome unknown: the next run resolves them
 * @param notCharged refused before charging (authentication, rate limit) or never seen by the provider: PENDING
 * @param reconciled attempts of earlier runs resolved with the provider
 * @param failureReason why a FAILED run failed; null in every other state
 */
@Schema(description = "A payment run: live progress while it runs, its summary once finished")
public record PaymentRunJson(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The run id",
                pattern = "^run_[0-9a-f]{16}$", minLength = 20, maxLength = 20, example = "run_3f0c9a1d2b4e5f60")
        String id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "RUNNING; COMPLETED; FAILED: stopped on "
                + "an error (logged); ABANDONED: stored as running, but its process stopped reporting for longer "
                + "than the attempt lease", allowableValues = {"RUNNING", "COMPLETED", "FAILED", "ABANDONED"},
                example = "COMPLETED")
        String state,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "When it started",
                example = "2026-11-21T10:15:30.123Z")
        Instant startedAt,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = true, description = "When it finished; null "
                + "while it runs", example = "2026-11-21T10:15:31.456Z")
        Instant finishedAt,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The work found at the start: payable "
                + "invoices plus attempts of unknown outcome to resolve", minimum = "0", example = "1000")
        long total,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Outcomes recorded so far",
                minimum = "0", example = "1000")
        long done,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Outcomes recorded per second, to one "
                + "decimal", minimum = "0", example = "1742.3")
        double rate,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Invoices charged", minimum = "0",
                example = "1000")
        long attempted,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Ended PAID", minimum = "0",
                example = "507")
        long paid,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Declined: PENDING again, for the next "
                + "run", minimum = "0", example = "493")
        long declined,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "FAILED for good (customer_not_found, "
                + "currency_mismatch)", minimum = "0", example = "0")
        long failed,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Outcome unknown: the next run resolves "
                + "them with the provider", minimum = "0", example = "0")
        long unknown,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Refused before charging "
                + "(authentication, rate limit) or never seen by the provider: PENDING again", minimum = "0",
                example = "0")
        long notCharged,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Attempts of earlier runs resolved with "
                + "the provider", minimum = "0", example = "0")
        long reconciled,
        @Schema(nullable = true, description = "Why a FAILED run failed (the database went away, the process was "
                + "stopping, ...); absent in every other state", maxLength = 1000,
                example = "the database did not answer; try again")
        @JsonInclude(JsonInclude.Include.NON_NULL) String failureReason) {

    public static PaymentRunJson of(PaymentRun run, Instant now) {
        return new PaymentRunJson(run.id(), run.state().name(), run.startedAt(), run.finishedAt(), run.total(),
                run.done(), Math.round(run.rate(now) * 10) / 10.0, run.attempted(), run.paid(), run.declined(),
                run.failed(), run.unknown(), run.notCharged(), run.reconciled(), run.failureReason());
    }
}
