package dev.payrail.invoice.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.invoice.core.Attempt;
import dev.payrail.invoice.core.AttemptOutcome;
import dev.payrail.invoice.core.AttemptResult;
import dev.payrail.invoice.core.Claim;
import dev.payrail.invoice.core.Customer;
import dev.payrail.invoice.core.Invoice;
import dev.payrail.invoice.core.InvoiceStatus;
import dev.payrail.invoice.core.Money;
import dev.payrail.invoice.core.PaymentRun;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The repository's contract, run against every database we support. */
abstract class InvoiceRepositoryContract {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private Database database;
    InvoiceRepository repository;

    abstract Database openDatabase();

    @BeforeEach
    void open() {
        database = openDatabase();
        repository = new InvoiceRepository(database, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void threeInvoices() {
        repository.insertCustomers(List.of(new Customer(1, "USD"), new Customer(2, "EUR")));
        repository.insertInvoices(List.of(
                Invoice.pending(1, 1, new Money(18404, "USD")),
                Invoice.pending(2, 1, new Money(1000, "USD")),
                Invoice.pending(3, 2, new Money(50000, "EUR"))));
    }

    @Test
    void seedsDemoDataOnceAndNeverAgain() {
        assertThat(DemoData.seed(repository, 100, 10)).isTrue();

        assertThat(repository.countByStatus()).containsEntry(InvoiceStatus.PENDING, 1000L);
        List<Invoice> invoices = repository.invoices(Optional.empty(), 0, 2000);
        assertThat(invoices).hasSize(1000);
        assertThat(invoices).allSatisfy(invoice -> {
            assertThat(invoice.amount().value()).isBetween(new BigDecimal("10.00"), new BigDecimal("500.00"));
            assertThat(invoice.amount().value().scale()).isEqualTo(2);
            assertThat(invoice.amount().currency())
                    .isEqualTo(repository.findCustomer(invoice.customerId()).orElseThrow().currency());
        });
        assertThat(repository.customers(0, 1000)).hasSize(100)
                .extracting(Customer::currency).containsOnly("EUR", "USD", "DKK", "SEK", "GBP");

        List<Claim> claimed = repository.claimPayable("run_a", 0, 1);
        repository.record(List.of(new AttemptResult(1, 1, AttemptOutcome.SUCCEEDED, "ch_1", null, null, null)), null);

        assertThat(DemoData.seed(repository, 100, 10)).isFalse();
        assertThat(repository.invoices(Optional.empty(), 0, 2000)).hasSize(1000);
        assertThat(claimed).singleElement().extracting(Claim::invoiceId).isEqualTo(1L);
        assertThat(repository.findInvoice(1).orElseThrow().status()).as("a later start changes nothing")
                .isEqualTo(InvoiceStatus.PAID);
    }

    @Test
    void aLaterStartWithOtherSeedSettingsLeavesTheSeededDataAsItIs() {
        assertThat(DemoData.seed(repository, 4, 5)).isTrue();

        assertThat(DemoData.seed(repository, 100, 10)).isFalse();

        assertThat(repository.customers(0, 1000)).hasSize(4);
        assertThat(repository.invoices(Optional.empty(), 0, 2000)).hasSize(20).allSatisfy(invoice ->
                assertThat(invoice.amount().currency())
                        .isEqualTo(repository.findCustomer(invoice.customerId()).orElseThrow().currency()));
    }

    @Test
    void aSeedInterruptedEarlierIsCompletedWithoutTouchingTheRowsItHadWritten() {
        // What a crash mid-seed used to leave: the first customers and their invoices, no record of completion.
        repository.insertCustomers(List.of(new Customer(1, "USD"), new Customer(2, "EUR")));
        repository.insertInvoices(List.of(Invoice.pending(1, 1, new Money(18404, "USD"))));
        repository.claimPayable("run_a", 0, 1);

        assertThat(DemoData.seed(repository, 100, 10)).isTrue();

        assertThat(repository.customers(0, 1000)).hasSize(100);
        assertThat(repository.invoices(Optional.empty(), 0, 2000)).hasSize(1000);
        assertThat(repository.findInvoice(1).orElseThrow())
                .satisfies(invoice -> assertThat(invoice.status()).isEqualTo(InvoiceStatus.PROCESSING))
                .satisfies(invoice -> assertThat(invoice.amount()).isEqualTo(new Money(18404, "USD")));
        assertThat(repository.findCustomer(2)).contains(new Customer(2, "EUR"));
    }

    @Test
    void replicasSeedingAtOnceSeedOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Boolean>> seeded = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                seeded.add(pool.submit(() -> DemoData.seed(repository, 200, 10)));
            }
            int seeds = 0;
            for (Future<Boolean> future : seeded) {
                seeds += future.get() ? 1 : 0;
            }

            assertThat(seeds).isEqualTo(1);
            assertThat(repository.countByStatus()).containsEntry(InvoiceStatus.PENDING, 2000L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedSeedLeavesNothingBehindAndIsRetriedWhole() {
        try {
            repository.seedOnce("broken", sink -> {
                sink.insert(List.of(new Customer(1, "USD")), List.of(Invoice.pending(1, 1, new Money(100, "USD"))));
                throw new IllegalStateException("process died");
            });
        } catch (IllegalStateException expected) {
            // the transaction rolled back
        }

        assertThat(repository.isEmpty()).isTrue();
        assertThat(repository.seedOnce("broken", sink -> sink.insert(List.of(new Customer(1, "USD")), List.of())))
                .isTrue();
    }

    @Test
    void findsInvoicesAndCustomersByIdAndNothingForUnknownIds() {
        threeInvoices();

        assertThat(repository.findInvoice(1)).contains(Invoice.pending(1, 1, new Money(18404, "USD")));
        assertThat(repository.findInvoice(99)).isEmpty();
        assertThat(repository.findCustomer(2)).contains(new Customer(2, "EUR"));
        assertThat(repository.findCustomer(99)).isEmpty();
    }

    @Test
    void listsInvoicesPageByPageAfterAKeyAndByStatus() {
        threeInvoices();

        assertThat(repository.invoices(Optional.empty(), 0, 2)).extracting(Invoice::id).containsExactly(1L, 2L);
        assertThat(repository.invoices(Optional.empty(), 2, 2)).extracting(Invoice::id).containsExactly(3L);
        repository.claimPayable("run_a", 0, 1);
        assertThat(repository.invoices(Optional.of(InvoiceStatus.PENDING), 0, 10))
                .extracting(Invoice::id).containsExactly(2L, 3L);
        assertThat(repository.invoices(Optional.of(InvoiceStatus.PROCESSING), 0, 10))
                .extracting(Invoice::id).containsExactly(1L);
    }

    @Test
    void claimingMovesInvoicesToProcessingAndRecordsTheirAttemptsBeforeAnyCall() {
        threeInvoices();

        List<Claim> claims = repository.claimPayable("run_a", 0, 2);

        assertThat(claims).extracting(Claim::invoiceId).containsExactly(1L, 2L);
        assertThat(claims.get(0).idempotencyKey()).isEqualTo("inv-1-1");
        assertThat(claims.get(0).amount()).isEqualTo(new Money(18404, "USD"));
        assertThat(repository.findInvoice(1).orElseThrow().status()).isEqualTo(InvoiceStatus.PROCESSING);
        assertThat(repository.attempts(1)).singleElement().satisfies(attempt -> {
            assertThat(attempt.idempotencyKey()).isEqualTo("inv-1-1");
            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.IN_FLIGHT);
            assertThat(attempt.runId()).isEqualTo("run_a");
            assertThat(attempt.startedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void claimingNeverHandsOutAnInvoiceThatIsAlreadyClaimed() {
        threeInvoices();
        repository.claimPayable("run_a", 0, 2);

        assertThat(repository.claimPayable("run_b", 0, 10)).extracting(Claim::invoiceId).containsExactly(3L);
        assertThat(repository.claimPayable("run_c", 0, 10)).isEmpty();
    }

    @Test
    void concurrentClaimersShareTheInvoicesWithoutOverlap() throws Exception {
        int invoices = 600;
        repository.insertCustomers(List.of(new Customer(1, "SEK")));
        List<Invoice> rows = new ArrayList<>();
        for (long id = 1; id <= invoices; id++) {
            rows.add(Invoice.pending(id, 1, new Money(1000 + id, "SEK")));
        }
        repository.insertInvoices(rows);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<Long>>> claimers = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                String runId = "run_" + c;
                claimers.add(() -> {
                    List<Long> mine = new ArrayList<>();
                    long after = 0;
                    List<Claim> page;
                    while (!(page = repository.claimPayable(runId, after, 25)).isEmpty()) {
                        page.forEach(claim -> mine.add(claim.invoiceId()));
                        after = page.get(page.size() - 1).invoiceId();
                    }
                    return mine;
                });
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> result : pool.invokeAll(claimers)) {
                all.addAll(result.get());
            }
            assertThat(all).hasSize(invoices).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
        assertThat(repository.countByStatus()).containsEntry(InvoiceStatus.PROCESSING, (long) invoices);
    }

    @Test
    void succeededAttemptMarksTheInvoicePaid() {
        threeInvoices();
        repository.claimPayable("run_a", 0, 1);

        boolean[] applied = repository.record(List.of(
                new AttemptResult(1, 1, AttemptOutcome.SUCCEEDED, "ch_1", null, null, null)), null);

        assertThat(applied).containsExactly(true);
        assertThat(repository.findInvoice(1).orElseThrow().status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(repository.attempts(1)).singleElement().satisfies(attempt -> {
            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.SUCCEEDED);
            assertThat(attempt.chargeId()).isEqualTo("ch_1");
            assertThat(attempt.finishedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void declinedInvoiceStaysPayableAndItsNextAttemptGetsANewKey() {
        threeInvoices();
        repository.claimPayable("run_a", 0, 1);
        repository.record(List.of(
                new AttemptResult(1, 1, AttemptOutcome.DECLINED, "ch_1", "insufficient_funds", null, null)), null);

        assertThat(repository.findInvoice(1).orElseThrow().status()).isEqualTo(InvoiceStatus.PENDING);
        List<Claim> again = repository.claimPayable("run_b", 0, 1);

        assertThat(again).singleElement().satisfies(claim -> assertThat(claim.idempotencyKey()).isEqualTo("inv-1-2"));
        assertThat(repository.attempts(1)).extracting(Attempt::outcome)
                .containsExactly(AttemptOutcome.DECLINED, AttemptOutcome.IN_FLIGHT);
    }

    @Test
    void refusedInvoiceFailsWithTheReason() {
        threeInvoices();
        repository.claimPayable("run_a", 0, 3);
        repository.record(List.of(
                new AttemptResult(3, 1, AttemptOutcome.FAILED, null, null, "currency_mismatch", "req_9")), null);

        Invoice failed = repository.findInvoice(3).orElseThrow();
        assertThat(failed.status()).isEqualTo(InvoiceStatus.FAILED);
        assertThat(failed.failureCode()).isEqualTo("currency_mismatch");
        assertThat(repository.attempts(3)).singleElement()
                .satisfies(attempt -> assertThat(attempt.requestId()).isEqualTo("req_9"));
    }

    @Test
    void unknownOutcomeKeepsTheInvoiceClaimedUntilResolved() {
        threeInvoices();
        repository.insertRun(new PaymentRun("run_a", PaymentRun.State.RUNNING, NOW, null, 3, 0, 0, 0, 0, 0, 0, 0));
        repository.claimPayable("run_a", 0, 3);
        repository.record(List.of(
                new AttemptResult(2, 1, AttemptOutcome.UNKNOWN, null, null, "unavailable", "req_7")), null);

        assertThat(repository.findInvoice(2).orElseThrow().status()).isEqualTo(InvoiceStatus.PROCESSING);
        assertThat(repository.claimPayable("run_b", 0, 10)).isEmpty();
        assertThat(repository.unresolvedAttempts(NOW.plusMillis(1), 0, 10))
                .extracting(Attempt::idempotencyKey).containsExactly("inv-1-1", "inv-2-1", "inv-3-1");
        assertThat(repository.unresolvedAttempts(NOW, 0, 10)).as("in flight in a run that reported since")
                .extracting(Attempt::idempotencyKey).containsExactly("inv-2-1");
        assertThat(repository.countWork(NOW)).isEqualTo(1);
        assertThat(repository.countWork(NOW.plusMillis(1))).isEqualTo(3);
        assertThat(repository.unresolvedAttempts(NOW.plusMillis(1), 1, 10))
                .extracting(Attempt::idempotencyKey).containsExactly("inv-2-1", "inv-3-1");

        repository.record(List.of(new AttemptResult(2, 1, AttemptOutcome.NOT_CHARGED, null, null, "charge_not_found", null)),
                null);

        assertThat(repository.findInvoice(2).orElseThrow().status()).isEqualTo(InvoiceStatus.PENDING);
        assertThat(repository.claimPayable("run_c", 0, 10)).extracting(Claim::idempotencyKey).containsExactly("inv-2-2");
    }

    @Test
    void aLateOrRepeatedRecordingChangesNothing() {
        threeInvoices();
        repository.claimPayable("run_a", 0, 1);
        repository.record(List.of(new AttemptResult(1, 1, AttemptOutcome.DECLINED, "ch_1", "do_not_honor", null, null)),
                null);
        repository.claimPayable("run_b", 0, 1);

        boolean[] applied = repository.record(List.of(
                new AttemptResult(1, 1, AttemptOutcome.SUCCEEDED, "ch_1", null, null, null)), null);

        assertThat(applied).containsExactly(false);
        assertThat(repository.findInvoice(1).orElseThrow().status()).isEqualTo(InvoiceStatus.PROCESSING);
        assertThat(repository.attempts(1).get(0).outcome()).isEqualTo(AttemptOutcome.DECLINED);
    }

    @Test
    void storesRunsWithTheirCountersAndReportsSilentOnesAsAbandoned() {
        PaymentRun run = new PaymentRun("run_x", PaymentRun.State.RUNNING, NOW, null, 10, 0, 0, 0, 0, 0, 0, 0);
        repository.insertRun(run);
        PaymentRun progressed = new PaymentRun("run_x", PaymentRun.State.RUNNING, NOW, null, 10, 1, 4, 2, 1, 1, 0, 0);
        threeInvoices();
        repository.record(List.of(), progressed);

        assertThat(repository.findRun("run_x", NOW)).contains(progressed);
        assertThat(repository.findRun("run_x", NOW.plusSeconds(1)).orElseThrow().state())
                .isEqualTo(PaymentRun.State.ABANDONED);
        assertThat(repository.findRun("run_nope", NOW)).isEmpty();

        PaymentRun finished = new PaymentRun("run_x", PaymentRun.State.COMPLETED, NOW, NOW.plusSeconds(3), 10, 1, 10,
                5, 4, 1, 0, 0);
        repository.updateRun(finished);
        assertThat(repository.findRun("run_x", NOW.plusSeconds(60))).contains(finished);
    }

    @Test
    void countsRunsByShownStateAndKnowsTheLatestAndTheLastCompleted() {
        assertThat(repository.latestRun(NOW)).isEmpty();
        assertThat(repository.lastCompletedRunAt()).isEmpty();
        repository.insertRun(new PaymentRun("run_a", PaymentRun.State.RUNNING, NOW.minusSeconds(30), null,
                1, 0, 0, 0, 0, 0, 0, 0));
        repository.updateRun(new PaymentRun("run_a", PaymentRun.State.COMPLETED, NOW.minusSeconds(30),
                NOW.minusSeconds(20), 1, 0, 1, 1, 0, 0, 0, 0));
        repository.insertRun(new PaymentRun("run_b", PaymentRun.State.RUNNING, NOW.minusSeconds(10), null,
                1, 0, 0, 0, 0, 0, 0, 0));
        repository.updateRun(new PaymentRun("run_b", PaymentRun.State.FAILED, NOW.minusSeconds(10),
                NOW.minusSeconds(5), 1, 0, 0, 0, 0, 0, 0, 0));
        repository.insertRun(new PaymentRun("run_c", PaymentRun.State.RUNNING, NOW, null, 4, 0, 2, 1, 0, 0, 0, 0));

        assertThat(repository.countRunsByState(NOW)).containsEntry(PaymentRun.State.COMPLETED, 1L)
                .containsEntry(PaymentRun.State.FAILED, 1L).containsEntry(PaymentRun.State.RUNNING, 1L)
                .containsEntry(PaymentRun.State.ABANDONED, 0L);
        assertThat(repository.countRunsByState(NOW.plusSeconds(1)))
                .containsEntry(PaymentRun.State.RUNNING, 0L).containsEntry(PaymentRun.State.ABANDONED, 1L);
        assertThat(repository.latestRun(NOW).orElseThrow().id()).isEqualTo("run_c");
        assertThat(repository.latestRun(NOW.plusSeconds(1)).orElseThrow().state())
                .isEqualTo(PaymentRun.State.ABANDONED);
        assertThat(repository.lastCompletedRunAt()).contains(NOW.minusSeconds(20));
    }

    @Test
    void countsUnknownAttemptsAndInFlightOnesOlderThanTheLease() {
        threeInvoices();
        repository.claimPayable("run_a", 0, 3);
        repository.record(List.of(
                new AttemptResult(1, 1, AttemptOutcome.SUCCEEDED, "ch_1", null, null, null),
                new AttemptResult(2, 1, AttemptOutcome.UNKNOWN, null, null, "unavailable", "req_7")), null);

        assertThat(repository.countUnresolvedAttempts(NOW)).as("the in-flight one is within its lease").isEqualTo(1);
        assertThat(repository.countUnresolvedAttempts(NOW.plusMillis(1))).isEqualTo(2);
    }
}
