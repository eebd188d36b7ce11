package dev.payrail.invoice.payments;

import dev.payrail.invoice.core.AttemptOutcome;
import dev.payrail.invoice.core.PaymentRun;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** The counters of a run in progress, updated by the engine and read by anyone; {@link #snapshot()} freezes them. */
final class LiveRun {
    private static final int MAX_REASON = 500;
    private final String id;
    private final Instant startedAt;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong reconciled = new AtomicLong();
    private final AtomicLong attempted = new AtomicLong();
    private final AtomicLong paid = new AtomicLong();
    private final AtomicLong declined = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong notCharged = new AtomicLong();
    private volatile PaymentRun.State state = PaymentRun.State.RUNNING;
    private volatile Instant finishedAt;
    private volatile String failureReason;
    private volatile boolean stored;

    LiveRun(String id, Instant startedAt) {
        this.id = Objects.requireNonNull(id, "id");
        // Stored with millisecond precision: truncate now so the live and stored runs agree.
        this.startedAt = startedAt.truncatedTo(ChronoUnit.MILLIS);
    }

    String id() {
        return id;
    }

    Instant startedAt() {
        return startedAt;
    }

    void total(long value) {
        total.set(value);
    }

    /**
     * The run takes on {@code count} more items (attempts to resolve, or claims). The total found at the start is
     * only an estimate: other replicas put invoices back to PENDING ahead of this run's cursor (declines, refusals),
     * and an attempt resolved as declined is claimed again in the same run. The total grows with the work taken, so
     * that done and attempted never pass it.
     */
    void took(int count) {
        long sum = taken.addAndGet(count);
        total.accumulateAndGet(sum, Math::max);
    }

    void attempted(int count) {
        took(count);
        attempted.addAndGet(count);
    }

    void reconciled() {
        reconciled.incrementAndGet();
    }

    void outcome(AttemptOutcome outcome) {
        switch (outcome) {
            case SUCCEEDED -> paid.incrementAndGet();
            case DECLINED -> declined.incrementAndGet();
            case FAILED -> failed.incrementAndGet();
            case UNKNOWN -> unknown.incrementAndGet();
            case NOT_CHARGED -> notCharged.incrementAndGet();
            case IN_FLIGHT -> throw new IllegalArgumentException("IN_FLIGHT is not an outcome");
        }
    }

    /** Remembers the first reason the run failed (later ones are consequences). */
    void failed(String reason) {
        if (failureReason == null) {
            failureReason = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        }
    }

    String failureReason() {
        return failureReason;
    }

    /** Whether its final state reached the database. */
    boolean stored() {
        return stored;
    }

    void stored(boolean value) {
        stored = value;
    }

    void finish(PaymentRun.State finalState, Instant at) {
        finishedAt = at.truncatedTo(ChronoUnit.MILLIS);
        state = finalState;
    }

    PaymentRun snapshot() {
        return new PaymentRun(id, state, startedAt, finishedAt, total.get(), reconciled.get(), attempted.get(),
                paid.get(), declined.get(), failed.get(), unknown.get(), notCharged.get(),
                state == PaymentRun.State.FAILED ? failureReason : null);
    }
}
