package dev.payrail.invoice.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A payment run: one pass over every payable invoice, after resolving earlier attempts of unknown outcome.
 *
 * @param id          {@code run_...}
 * @param state       RUNNING; COMPLETED; FAILED (stopped on an error, logged); ABANDONED (its process stopped
 *                    reporting before it finished)
 * @param startedAt   when it started
 * @param finishedAt  when it finished, null while running
 * @param total       the payable invoices it found at the start (replicas share them, so it may do fewer)
 * @param reconciled  earlier attempts of unknown outcome it resolved with the provider
 * @param attempted   invoices it attempted to charge
 * @param paid        of those, charged successfully (plus reconciled attempts found SUCCEEDED)
 * @param declined    of those, declined: still PENDING
 * @param failed      of those, FAILED for good
 * @param unknown     attempts whose outcome it never learned: resolved by the next run
 * @param notCharged  attempts the provider refused before charging (auth, rate limits): still PENDING
 * @param failureReason why a FAILED run failed (e.g. the database did not answer); null otherwise
 */
public record PaymentRun(
        String id,
        State state,
        Instant startedAt,
        Instant finishedAt,
        long total,
        long reconciled,
        long attempted,
        long paid,
        long declined,
        long failed,
        long unknown,
        long notCharged,
        String failureReason) {

    /** The life of a run. */
    public enum State { RUNNING, COMPLETED, FAILED, ABANDONED }

    public PaymentRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** A run that has not failed. */
    public PaymentRun(String id, State state, Instant startedAt, Instant finishedAt, long total, long reconciled,
            long attempted, long paid, long declined, long failed, long unknown, long notCharged) {
        this(id, state, startedAt, finishedAt, total, reconciled, attempted, paid, declined, failed, unknown,
                notCharged, null);
    }

    /** Attempts whose outcome is recorded, known or not. */
    public long done() {
        return paid + declined + failed + unknown + notCharged;
    }

    /** Settled attempts per second since the start (until the finish, once finished). */
    public double rate(Instant now) {
        Instant end = finishedAt != null ? finishedAt : now;
        double seconds = Duration.between(startedAt, end).toMillis() / 1000.0;
        return seconds <= 0 ? 0 : done() / seconds;
    }

    /** Whether every attempt of this run ended in PAID. */
    public boolean allPaid() {
        return state == State.COMPLETED && paid == done() && unknown == 0;
    }
}
