package dev.payrail.invoice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.payrail.invoice.core.PaymentRun;
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
public record PaymentRunJson(
        String id,
        String state,
        Instant startedAt,
        Instant finishedAt,
        long total,
        long done,
        double rate,
        long attempted,
        long paid,
        long declined,
        long failed,
        long unknown,
        long notCharged,
        long reconciled,
        @JsonInclude(JsonInclude.Include.NON_NULL) String failureReason) {

    public static PaymentRunJson of(PaymentRun run, Instant now) {
        return new PaymentRunJson(run.id(), run.state().name(), run.startedAt(), run.finishedAt(), run.total(),
                run.done(), Math.round(run.rate(now) * 10) / 10.0, run.attempted(), run.paid(), run.declined(),
                run.failed(), run.unknown(), run.notCharged(), run.reconciled(), run.failureReason());
    }
}
