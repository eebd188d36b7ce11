package dev.payrail.invoice.payments;

import dev.payrail.invoice.core.Attempt;
import dev.payrail.invoice.core.AttemptOutcome;
import dev.payrail.invoice.core.AttemptResult;
import dev.payrail.invoice.core.Claim;
import dev.payrail.invoice.core.Invoice;
import dev.payrail.invoice.core.PaymentRun;
import dev.payrail.invoice.db.InvoiceRepository;
import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.IdempotencyKey;
import dev.payrail.payment.client.CurrencyMismatchException;
import dev.payrail.payment.client.CustomerNotFoundException;
import dev.payrail.payment.client.IdempotencyConflictException;
import dev.payrail.payment.client.PaymentException;
import dev.payrail.payment.client.PaymentUnavailableException;
import dev.payrail.payment.client.Payments;
import dev.payrail.server.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pays every payable invoice once, and never charges an invoice twice.
 *
 * <p>A run has two phases. First it resolves earlier attempts whose outcome is unknown (the provider was
 * unreachable, or a process died mid-call) by asking the provider for the charge made with each attempt's
 * idempotency key, and when there is none by sending the same request again under the same key (never a new key:
 * the first request may still land; a re-send refused before charging leaves the outcome unknown for the same
 * reason); their invoices stay PROCESSING until then, so nothing can attempt them again first. Then it
 * claims payable invoices page by page in id order ({@link InvoiceRepository#claimPayable}: the attempt and its key
 * are stored before the call), charges them with at most {@code concurrency} calls in flight, and records the
 * outcomes in batches from one writer thread. Memory is bounded by the number of claimed-but-unrecorded invoices,
 * whatever the size of the table.
 */
public final class PaymentEngine {
    private static final Logger log = LoggerFactory.getLogger(PaymentEngine.class);
    static final int PAGE = 500;
    private static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("payrail.run_id");
    private static final AttributeKey<Long> TOTAL = AttributeKey.longKey("payrail.run.total");
    private static final AttributeKey<Long> PAID = AttributeKey.longKey("payrail.run.paid");
    private static final AttributeKey<Long> DECLINED = AttributeKey.longKey("payrail.run.declined");
    private static final AttributeKey<Long> INVOICE_ID = AttributeKey.longKey("payrail.invoice_id");
    private static final AttributeKey<String> IDEMPOTENCY_KEY = AttributeKey.stringKey("payrail.idempotency_key");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("payrail.outcome");
    private static final AttributeKey<String> CHARGE_ID = AttributeKey.stringKey("payrail.charge_id");
    private static final int MAX_BATCH = 1_000;

    private final InvoiceRepository repository;
    private final Payments payments;
    private final int concurrency;
    private final Duration attemptLease;
    private final Clock clock;
    private final PaymentMetrics metrics;
    private final Tracer tracer;

    /** An engine that makes no spans. */
    public PaymentEngine(InvoiceRepository repository, Payments payments, int concurrency, Duration attemptLease,
            Clock clock, PaymentMetrics metrics) {
        this(repository, payments, concurrency, attemptLease, clock, metrics, TracerProvider.noop().get("none"));
    }

    /**
     * @param concurrency  charges in flight at once
     * @param attemptLease how long a run may go without reporting before it is presumed dead and its IN_FLIGHT
     *                     attempts are resolved by other runs; a run reports every {@code attemptLease / 4} (at
     *                     most every 2 s), so a run of a live process is never presumed dead
     * @param tracer       makes a span per run, with a child per charge and per lookup (payment-client sends its
     *                     context to the provider, whose server span joins the trace)
     */
    public PaymentEngine(InvoiceRepository repository, Payments payments, int concurrency, Duration attemptLease,
            Clock clock, PaymentMetrics metrics, Tracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.payments = Objects.requireNonNull(payments, "payments");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.concurrency = concurrency;
        this.attemptLease = Objects.requireNonNull(attemptLease, "attemptLease");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Stores a new run and runs it to its end on the calling thread. */
    public PaymentRun run(String runId) {
        LiveRun run = new LiveRun(runId, clock.instant());
        repository.insertRun(run.snapshot());
        return run(run, new AtomicBoolean());
    }

    /**
     * Runs {@code run}, already stored, to its end on the calling thread; {@code stop} makes it stop claiming new
     * invoices and finish the ones in flight. Never throws: whatever stops it early (the database going away above
     * all) ends it FAILED with the reason, stored if the database lets us ({@link LiveRun#stored()}).
     */
    PaymentRun run(LiveRun run, AtomicBoolean stop) {
        Span span = tracer.spanBuilder("payment run").setAttribute(RUN_ID, run.id()).startSpan();
        try (Scope ignored = Tracing.makeCurrent(Context.current(), span)) {
            PaymentRun finished = runTraced(run, stop);
            span.setAttribute(TOTAL, finished.total());
            span.setAttribute(PAID, finished.paid());
            span.setAttribute(DECLINED, finished.declined());
            if (finished.state() == PaymentRun.State.FAILED) {
                span.setStatus(StatusCode.ERROR, "payment run failed");
            }
            return finished;
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    private PaymentRun runTraced(LiveRun run, AtomicBoolean stop) {
        Instant leaseCutoff = run.startedAt().minus(attemptLease);
        AtomicBoolean ended = new AtomicBoolean();
        Thread heartbeat = startHeartbeat(run.id(), ended);
        int maxOutstanding = Math.max(2 * PAGE, 4 * concurrency);
        Semaphore outstanding = new Semaphore(maxOutstanding);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(concurrency, task -> {
            Thread thread = new Thread(task, "payment-call-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Writer writer = new Writer(run, outstanding);
        Thread writerThread = new Thread(writer, "payment-writer-" + run.id());
        writerThread.setDaemon(true);
        writerThread.start();
        PaymentRun.State finalState = PaymentRun.State.COMPLETED;
        try {
            int abandoned = repository.abandonRuns(leaseCutoff);
            if (abandoned > 0) {
                log.info("payment_runs_abandoned count={} run_id={}: they stopped reporting {} s or more ago; this"
                        + " run resolves their attempts", abandoned, run.id(), attemptLease.toSeconds());
            }
            run.total(repository.countWork(leaseCutoff));
            long after = 0;
            List<Attempt> unresolved;
            while (!stop.get() && !writer.failed()
                    && !(unresolved = repository.unresolvedAttempts(leaseCutoff, after, PAGE)).isEmpty()) {
                run.took(unresolved.size());
                for (Attempt attempt : unresolved) {
                    outstanding.acquire();
                    callers.execute(Context.current().wrap(() -> writer.submit(resolve(attempt), true)));
                }
                after = unresolved.get(unresolved.size() - 1).invoiceId();
            }
            // Everything resolved is recorded before the first claim: an invoice found not charged is payable again.
            awaitRecorded(outstanding, maxOutstanding);

            after = 0;
            while (!stop.get() && !writer.failed()) {
                outstanding.acquire(PAGE);
                List<Claim> claims = repository.claimPayable(run.id(), after, PAGE);
                outstanding.release(PAGE - claims.size());
                if (claims.isEmpty()) {
                    break;
                }
                run.attempted(claims.size());
                for (Claim claim : claims) {
                    callers.execute(Context.current().wrap(() -> writer.submit(charge(claim), false)));
                }
                after = claims.get(claims.size() - 1).invoiceId();
            }
            awaitRecorded(outstanding, maxOutstanding);
            if (writer.failed()) {
                finalState = PaymentRun.State.FAILED;
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            finalState = PaymentRun.State.FAILED;
            run.failed("interrupted: the process was stopping");
            log.warn("payment_run_interrupted run_id={}: attempts in flight are resolved by a later run", run.id());
        } catch (RuntimeException e) {
            finalState = PaymentRun.State.FAILED;
            run.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            log.error("payment_run_failed run_id={}: {}; attempts in flight are resolved by a later run",
                    run.id(), e.getMessage(), e);
        } finally {
            ended.set(true);
            heartbeat.interrupt();
            callers.shutdown();
            try {
                callers.awaitTermination(1, TimeUnit.MINUTES);
                writer.close();
                writerThread.join(TimeUnit.MINUTES.toMillis(1));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        writer.failure().ifPresent(reason -> run.failed("recording outcomes failed: " + reason));
        run.finish(finalState, clock.instant());
        PaymentRun finished = run.snapshot();
        try {
            repository.updateRun(finished);
            run.stored(true);
        } catch (RuntimeException e) {
            log.error("payment_run_not_stored run_id={} state={}: {}", run.id(), finished.state(), e.getMessage());
        }
        metrics.run(Duration.between(finished.startedAt(), finished.finishedAt()));
        log.info("payment_run_finished run_id={} state={} total={} reconciled={} attempted={} paid={} declined={}"
                        + " failed={} unknown={} not_charged={} seconds={} rate_per_second={} failure_reason=\"{}\"",
                finished.id(), finished.state(), finished.total(), finished.reconciled(), finished.attempted(),
                finished.paid(), finished.declined(), finished.failed(), finished.unknown(), finished.notCharged(),
                String.format(java.util.Locale.ROOT, "%.3f",
                        Duration.between(finished.startedAt(), finished.finishedAt()).toMillis() / 1000.0),
                String.format(java.util.Locale.ROOT, "%.0f", finished.rate(finished.finishedAt())),
                finished.failureReason());
        return finished;
    }

    /**
     * Reports the run alive while it runs, independently of how long its provider calls take, so other runs can tell
     * a slow run from a dead one within {@code attemptLease}.
     */
    private Thread startHeartbeat(String runId, AtomicBoolean finished) {
        long intervalMillis = Math.min(2_000, Math.max(100, attemptLease.toMillis() / 4));
        Thread thread = new Thread(() -> {
            while (!finished.get()) {
                try {
                    Thread.sleep(intervalMillis);
                    if (!finished.get()) {
                        repository.heartbeat(runId);
                    }
                } catch (InterruptedException stopped) {
                    return;
                } catch (RuntimeException e) {
                    // The database is away: other runs will take over this run's attempts once it is back and the
                    // lease has passed; the calls in flight here go on under the same keys.
                    log.warn("payment_run_heartbeat_failed run_id={}: {}", runId, e.getMessage());
                }
            }
        }, "payment-heartbeat-" + runId);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void awaitRecorded(Semaphore outstanding, int maxOutstanding) throws InterruptedException {
        outstanding.acquire(maxOutstanding);
        outstanding.release(maxOutstanding);
    }

    /** Charges one claimed invoice in a span of its own; never throws. */
    private AttemptResult charge(Claim claim) {
        return traced("charge", SpanKind.CLIENT, claim.invoiceId(), claim.idempotencyKey(), () -> chargeTraced(claim));
    }

    private AttemptResult chargeTraced(Claim claim) {
        String key = claim.idempotencyKey();
        try {
            ChargeRequest request = new ChargeRequest(Long.toString(claim.customerId()),
                    Long.toString(claim.invoiceId()), claim.amount().minorUnits(), claim.amount().currency());
            Charge charge = payments.charge(request, IdempotencyKey.of(key));
            if (charge.succeeded()) {
                return new AttemptResult(claim.invoiceId(), claim.attemptNo(), AttemptOutcome.SUCCEEDED, charge.id(),
                        null, null, null);
            }
            log.debug("payment_attempt_declined invoice_id={} idempotency_key={} code={} charge_id={}",
                    claim.invoiceId(), key, charge.declineCode(), charge.id());
            return new AttemptResult(claim.invoiceId(), claim.attemptNo(), AttemptOutcome.DECLINED, charge.id(),
                    charge.declineCode(), null, null);
        } catch (CustomerNotFoundException | CurrencyMismatchException refused) {
            return failed(claim, AttemptOutcome.FAILED, refused);
        } catch (IdempotencyConflictException conflict) {
            // Reused: this key already charged something else (keys collide across databases), which only a
            // human can sort out. In use: still being processed; a later run looks it up.
            return failed(claim, conflict.inProgress() ? AttemptOutcome.UNKNOWN : AttemptOutcome.FAILED, conflict);
        } catch (PaymentUnavailableException unknown) {
            return failed(claim, AttemptOutcome.UNKNOWN, unknown);
        } catch (PaymentException refusedBeforeCharging) {
            // Authentication, rate limit after retries, invalid request: the provider charged nothing.
            return failed(claim, AttemptOutcome.NOT_CHARGED, refusedBeforeCharging);
        } catch (RuntimeException unexpected) {
            log.warn("payment_attempt_failed invoice_id={} idempotency_key={} outcome=UNKNOWN code=unexpected_error"
                    + " request_id=null message=\"{}\"", claim.invoiceId(), key, unexpected, unexpected);
            return new AttemptResult(claim.invoiceId(), claim.attemptNo(), AttemptOutcome.UNKNOWN, null, null,
                    "unexpected_error", null);
        }
    }

    private static AttemptResult failed(Claim claim, AttemptOutcome outcome, PaymentException e) {
        log.warn("payment_attempt_failed invoice_id={} idempotency_key={} outcome={} code={} status={} request_id={}"
                        + " message=\"{}\"", claim.invoiceId(), claim.idempotencyKey(), outcome, e.code(), e.status(),
                e.requestId(), e.getMessage());
        return new AttemptResult(claim.invoiceId(), claim.attemptNo(), outcome, null, null, e.code(), e.requestId());
    }

    /** Asks the provider what became of an attempt, in a span of its own; never throws. */
    private AttemptResult resolve(Attempt attempt) {
        return traced("resolve attempt", SpanKind.INTERNAL, attempt.invoiceId(), attempt.idempotencyKey(),
                () -> resolveTraced(attempt));
    }

    /**
     * Runs {@code work} in a child span of the run: a decline is an outcome like success; an attempt that failed,
     * stays unknown or was not charged is an error, described by its code.
     */
    private AttemptResult traced(String name, SpanKind kind, long invoiceId, String key, Supplier<AttemptResult> work) {
        Span span = tracer.spanBuilder(name).setSpanKind(kind).setAttribute(INVOICE_ID, invoiceId)
                .setAttribute(IDEMPOTENCY_KEY, key).startSpan();
        try (Scope ignored = Tracing.makeCurrent(Context.current(), span)) {
            AttemptResult result = work.get();
            span.setAttribute(OUTCOME, result.outcome().name());
            if (result.chargeId() != null) {
                span.setAttribute(CHARGE_ID, result.chargeId());
            }
            if (result.outcome() != AttemptOutcome.SUCCEEDED && result.outcome() != AttemptOutcome.DECLINED) {
                span.setStatus(StatusCode.ERROR, result.errorCode() == null ? result.outcome().name()
                        : result.errorCode());
            }
            return result;
        } finally {
            span.end();
        }
    }

    private AttemptResult resolveTraced(Attempt attempt) {
        String key = attempt.idempotencyKey();
        try {
            Optional<Charge> found = payments.findByIdempotencyKey(IdempotencyKey.of(key));
            if (found.isEmpty()) {
                // "No charge with this key" may only mean "not yet": the first request can still be on its way (a
                // live replica's call, a stalled connection) and land after this lookup. Concluding NOT_CHARGED
                // would let the next attempt, under a new key, charge the invoice a second time. Re-sending the
                // same request under the same key is safe whatever happened: a charge that landed is replayed, one
                // still being processed answers in_use (and stays UNKNOWN), one that never arrived is made now.
                Optional<Invoice> invoice = repository.findInvoice(attempt.invoiceId());
                if (invoice.isEmpty()) {
                    log.warn("payment_attempt_unresolved invoice_id={} idempotency_key={} outcome=UNKNOWN"
                            + " code=invoice_missing", attempt.invoiceId(), key);
                    return new AttemptResult(attempt.invoiceId(), attempt.number(), AttemptOutcome.UNKNOWN, null,
                            null, "invoice_missing", null);
                }
                log.info("payment_attempt_resent invoice_id={} idempotency_key={}: no charge found, same request"
                        + " sent again under the same key", attempt.invoiceId(), key);
                Invoice unpaid = invoice.get();
                AttemptResult resent = charge(new Claim(unpaid.id(), unpaid.customerId(), unpaid.amount(),
                        attempt.number()));
                if (resent.outcome() == AttemptOutcome.NOT_CHARGED) {
                    // The re-send was refused before charging (a gateway's 429, a 401): that is about the re-send
                    // only. The first request under this key may still land, so the attempt stays unknown; settling
                    // it NOT_CHARGED would let the next claim charge the invoice again under a new key.
                    return new AttemptResult(attempt.invoiceId(), attempt.number(), AttemptOutcome.UNKNOWN, null,
                            null, resent.errorCode(), resent.requestId());
                }
                return resent;
            }
            Charge charge = found.get();
            AttemptOutcome outcome = charge.succeeded() ? AttemptOutcome.SUCCEEDED : AttemptOutcome.DECLINED;
            log.info("payment_attempt_resolved invoice_id={} idempotency_key={} outcome={} charge_id={}",
                    attempt.invoiceId(), key, outcome, charge.id());
            return new AttemptResult(attempt.invoiceId(), attempt.number(), outcome, charge.id(), charge.declineCode(),
                    null, null);
        } catch (PaymentException e) {
            log.warn("payment_attempt_unresolved invoice_id={} idempotency_key={} outcome=UNKNOWN code={} status={}"
                            + " request_id={} message=\"{}\"", attempt.invoiceId(), key, e.code(), e.status(),
                    e.requestId(), e.getMessage());
            return new AttemptResult(attempt.invoiceId(), attempt.number(), AttemptOutcome.UNKNOWN, null, null,
                    e.code(), e.requestId());
        } catch (RuntimeException unexpected) {
            log.warn("payment_attempt_unresolved invoice_id={} idempotency_key={} outcome=UNKNOWN code=unexpected_error"
                    + " request_id=null message=\"{}\"", attempt.invoiceId(), key, unexpected, unexpected);
            return new AttemptResult(attempt.invoiceId(), attempt.number(), AttemptOutcome.UNKNOWN, null, null,
                    "unexpected_error", null);
        }
    }

    /** Records outcomes in batches on one thread: one transaction per batch, whatever the concurrency. */
    private final class Writer implements Runnable {
        private record Item(AttemptResult result, boolean reconciliation) {
        }

        private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
        private final LiveRun run;
        private final Semaphore outstanding;
        private final AtomicBoolean failed = new AtomicBoolean();
        private volatile String failure;
        private volatile boolean closed;

        Writer(LiveRun run, Semaphore outstanding) {
            this.run = run;
            this.outstanding = outstanding;
        }

        void submit(AttemptResult result, boolean reconciliation) {
            queue.add(new Item(result, reconciliation));
        }

        boolean failed() {
            return failed.get();
        }

        Optional<String> failure() {
            return Optional.ofNullable(failure);
        }

        void close() {
            closed = true;
        }

        @Override
        public void run() {
            List<Item> batch = new ArrayList<>(MAX_BATCH);
            List<AttemptResult> results = new ArrayList<>(MAX_BATCH);
            while (true) {
                Item first;
                try {
                    first = queue.poll(20, TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                for (Item item : batch) {
                    results.add(item.result());
                }
                try {
                    boolean[] applied = repository.record(results, run.snapshot());
                    for (int i = 0; i < applied.length; i++) {
                        if (applied[i]) {
                            Item item = batch.get(i);
                            AttemptOutcome outcome = item.result().outcome();
                            run.outcome(outcome);
                            metrics.attempt(outcome);
                            if (item.reconciliation() && outcome.settled()) {
                                run.reconciled();
                                metrics.reconciled();
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    // The attempts stay IN_FLIGHT in the database; a later run resolves them with the provider.
                    if (!failed.getAndSet(true)) {
                        failure = e.getMessage();
                        log.error("payment_outcomes_not_recorded run_id={} count={}: {}", run.id(), batch.size(),
                                e.getMessage(), e);
                    }
                } finally {
                    outstanding.release(batch.size());
                    batch.clear();
                    results.clear();
                }
            }
        }
    }
}
