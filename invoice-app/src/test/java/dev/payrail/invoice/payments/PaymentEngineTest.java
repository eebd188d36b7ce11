package dev.payrail.invoice.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.payrail.invoice.core.Attempt;
import dev.payrail.invoice.core.AttemptOutcome;
import dev.payrail.invoice.core.Customer;
import dev.payrail.invoice.core.Invoice;
import dev.payrail.invoice.core.InvoiceStatus;
import dev.payrail.invoice.core.Money;
import dev.payrail.invoice.core.PaymentRun;
import dev.payrail.invoice.db.Database;
import dev.payrail.invoice.db.InvoiceRepository;
import dev.payrail.invoice.db.TestDatabases;
import dev.payrail.payment.api.ChargeStatus;
import dev.payrail.payment.api.IdempotencyKey;
import dev.payrail.payment.client.AuthenticationException;
import dev.payrail.payment.client.PaymentUnavailableException;
import dev.payrail.payment.client.RateLimitedException;
import dev.payrail.payment.client.testing.FakePayments;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against an in-memory provider and a real SQLite file. */
class PaymentEngineTest {
    @TempDir
    Path directory;

    private Database database;
    private InvoiceRepository repository;
    private final FakePayments payments = new FakePayments();

    @BeforeEach
    void open() {
        database = TestDatabases.sqlite(directory);
        repository = new InvoiceRepository(database, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private PaymentEngine engine(Duration lease) {
        return new PaymentEngine(repository, payments, 4, lease, Clock.systemUTC(),
                new PaymentMetrics(new SimpleMeterRegistry()));
    }

    private PaymentRun run() {
        return engine(Duration.ZERO).run("run_" + System.nanoTime());
    }

    private void invoices(int count) {
        repository.insertCustomers(List.of(new Customer(1, "EUR"), new Customer(2, "USD")));
        List<Invoice> rows = new ArrayList<>();
        for (long id = 1; id <= count; id++) {
            rows.add(Invoice.pending(id, id % 2 + 1, new Money(1000 + id, id % 2 == 0 ? "EUR" : "USD")));
        }
        repository.insertInvoices(rows);
    }

    private InvoiceStatus status(long invoiceId) {
        return repository.findInvoice(invoiceId).orElseThrow().status();
    }

    @Test
    void paysEveryPayableInvoiceOnceWithTheKeyOfItsFirstAttempt() {
        invoices(1_234);

        PaymentRun run = run();

        assertThat(run.state()).isEqualTo(PaymentRun.State.COMPLETED);
        assertThat(run.attempted()).isEqualTo(1_234);
        assertThat(run.paid()).isEqualTo(1_234);
        assertThat(run.allPaid()).isTrue();
        assertThat(repository.countByStatus()).containsEntry(InvoiceStatus.PAID, 1_234L);
        assertThat(payments.chargeCalls()).hasSize(1_234)
                .extracting(call -> call.key().value()).doesNotHaveDuplicates().contains("inv-1-1", "inv-1234-1");
        // Calls arrive in any order (four in flight): each must carry its own invoice's customer, amount and currency.
        assertThat(payments.chargeCalls()).allSatisfy(call -> {
            long invoiceId = Long.parseLong(call.request().invoiceId());
            assertThat(call.key().value()).isEqualTo("inv-" + invoiceId + "-1");
            assertThat(call.request().customerId()).isEqualTo(Long.toString(invoiceId % 2 + 1));
            assertThat(call.request().amount()).isEqualTo(1000 + invoiceId);
            assertThat(call.request().currency()).isEqualTo(invoiceId % 2 == 0 ? "EUR" : "USD");
        });
        assertThat(repository.attempts(7)).singleElement().satisfies(attempt -> {
            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.SUCCEEDED);
            assertThat(attempt.chargeId()).startsWith("ch_");
        });
        assertThat(repository.findRun(run.id(), run.startedAt())).contains(run);
    }

    @Test
    void declinedInvoiceStaysPendingAndTheNextRunRetriesItWithANewKey() {
        invoices(4);
        payments.declineCustomer("1", "insufficient_funds");

        PaymentRun first = run();

        assertThat(first.paid()).isEqualTo(2);
        assertThat(first.declined()).isEqualTo(2);
        assertThat(first.allPaid()).isFalse();
        assertThat(status(2)).isEqualTo(InvoiceStatus.PENDING);
        assertThat(repository.attempts(2)).singleElement()
                .satisfies(attempt -> assertThat(attempt.declineCode()).isEqualTo("insufficient_funds"));

        payments.succeedEveryCharge();
        PaymentRun second = run();

        assertThat(second.attempted()).isEqualTo(2);
        assertThat(second.paid()).isEqualTo(2);
        assertThat(status(2)).isEqualTo(InvoiceStatus.PAID);
        assertThat(repository.attempts(2)).extracting(Attempt::idempotencyKey).containsExactly("inv-2-1", "inv-2-2");
        assertThat(run().attempted()).as("nothing left to pay").isZero();
    }

    @Test
    void unknownCustomerAndCurrencyMismatchFailTheInvoiceForGood() {
        invoices(2);
        payments.requireKnownCustomers();
        payments.registerCustomer("1", "SEK");

        PaymentRun run = run();

        assertThat(run.failed()).isEqualTo(2);
        Invoice mismatched = repository.findInvoice(2).orElseThrow();
        assertThat(mismatched.status()).isEqualTo(InvoiceStatus.FAILED);
        assertThat(mismatched.failureCode()).isEqualTo("currency_mismatch");
        assertThat(repository.findInvoice(1).orElseThrow().failureCode()).isEqualTo("customer_not_found");
        assertThat(repository.attempts(1)).singleElement()
                .satisfies(attempt -> assertThat(attempt.requestId()).startsWith("req_"));
        assertThat(run().attempted()).as("failed invoices are not retried").isZero();
    }

    @Test
    void aLostAnswerIsResolvedAtTheStartOfTheNextRunWithoutChargingAgain() {
        invoices(1);
        payments.chargeThenFailNext(1);

        PaymentRun first = run();

        assertThat(first.unknown()).isEqualTo(1);
        assertThat(first.allPaid()).isFalse();
        assertThat(status(1)).isEqualTo(InvoiceStatus.PROCESSING);
        assertThat(repository.attempts(1)).singleElement().satisfies(attempt -> {
            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.UNKNOWN);
            assertThat(attempt.errorCode()).isEqualTo("timeout");
        });

        PaymentRun second = run();

        assertThat(second.reconciled()).isEqualTo(1);
        assertThat(second.paid()).isEqualTo(1);
        assertThat(second.attempted()).isZero();
        assertThat(status(1)).isEqualTo(InvoiceStatus.PAID);
        assertThat(payments.chargeCalls()).hasSize(1);
        assertThat(payments.charges()).hasSize(1);
        assertThat(repository.attempts(1)).singleElement()
                .satisfies(attempt -> assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.SUCCEEDED));
    }

    @Test
    void anAttemptTheProviderNeverSawIsSentAgainUnderTheSameKeyNeverANewOne() {
        invoices(1);
        payments.failNextCharges(1, new PaymentUnavailableException(503, "unavailable", "down", "req_x", null));

        assertThat(run().unknown()).isEqualTo(1);
        PaymentRun second = run();

        assertThat(second.reconciled()).isEqualTo(1);
        assertThat(second.notCharged()).isZero();
        assertThat(second.paid()).isEqualTo(1);
        assertThat(second.attempted()).isZero();
        assertThat(repository.attempts(1)).extracting(Attempt::idempotencyKey, Attempt::outcome)
                .containsExactly(tuple("inv-1-1", AttemptOutcome.SUCCEEDED));
        assertThat(payments.chargeCalls()).extracting(call -> call.key().value()).containsOnly("inv-1-1");
        assertThat(payments.charges()).hasSize(1);
    }

    @Test
    void aReSendRefusedBeforeChargingLeavesTheAttemptUnknownNotPayableUnderANewKey() {
        invoices(1);
        payments.failNextCharges(1, new PaymentUnavailableException(0, "timeout", "no answer", null, null));
        assertThat(run().unknown()).isEqualTo(1);
        // The lookup finds nothing and the re-send under the same key is refused by a gateway's rate limit: the
        // first request may still be on its way, so nothing may be charged under a new key yet.
        payments.failNextCharges(1, new RateLimitedException("slow down", "req_gw", Duration.ofSeconds(1)));

        PaymentRun second = run();

        assertThat(second.unknown()).isEqualTo(1);
        assertThat(second.notCharged()).isZero();
        assertThat(second.attempted()).isZero();
        assertThat(status(1)).isEqualTo(InvoiceStatus.PROCESSING);
        assertThat(repository.attempts(1)).extracting(Attempt::idempotencyKey, Attempt::outcome, Attempt::errorCode)
                .containsExactly(tuple("inv-1-1", AttemptOutcome.UNKNOWN, "rate_limited"));

        PaymentRun third = run();

        assertThat(third.paid()).isEqualTo(1);
        assertThat(payments.chargeCalls()).extracting(call -> call.key().value()).containsOnly("inv-1-1");
        assertThat(payments.charges()).hasSize(1);
    }

    private void runningRun(String id, Clock at) {
        new InvoiceRepository(database, at).insertRun(new PaymentRun(id, PaymentRun.State.RUNNING, at.instant(), null,
                0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void anInFlightAttemptOfARunThatStillReportsIsLeftAlone() {
        invoices(2);
        runningRun("run_alive", Clock.systemUTC());
        repository.claimPayable("run_alive", 0, 1);

        PaymentRun other = engine(Duration.ofMinutes(5)).run("run_other");

        assertThat(other.reconciled()).isZero();
        assertThat(other.paid()).isEqualTo(1);
        assertThat(status(1)).isEqualTo(InvoiceStatus.PROCESSING);
        assertThat(payments.chargeCalls()).extracting(call -> call.key().value()).containsExactly("inv-2-1");
    }

    @Test
    void anInFlightAttemptOfARunThatStoppedReportingIsResolvedUnderItsOwnKeyAfterTheLease() {
        invoices(2);
        runningRun("run_of_a_dead_process", Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-11)));
        repository.claimPayable("run_of_a_dead_process", 0, 1);

        PaymentRun next = engine(Duration.ofSeconds(10)).run("run_next");

        assertThat(next.reconciled()).isEqualTo(1);
        assertThat(next.paid()).isEqualTo(2);
        assertThat(status(1)).isEqualTo(InvoiceStatus.PAID);
        assertThat(repository.findRun("run_of_a_dead_process", java.time.Instant.EPOCH).orElseThrow().state())
                .as("stored as abandoned, not left RUNNING").isEqualTo(PaymentRun.State.ABANDONED);
        // Resolved by sending attempt 1 again under its own key: a late arrival of the first call would be replayed.
        assertThat(repository.attempts(1)).extracting(Attempt::idempotencyKey).containsExactly("inv-1-1");
    }

    @Test
    void aFinishedRunsInFlightAttemptsAreResolvedAtOnceWhateverTheLease() {
        invoices(1);
        runningRun("run_failed", Clock.systemUTC());
        repository.claimPayable("run_failed", 0, 1);
        repository.updateRun(new PaymentRun("run_failed", PaymentRun.State.FAILED, java.time.Instant.now(),
                java.time.Instant.now(), 1, 0, 1, 0, 0, 0, 0, 0));

        PaymentRun next = engine(Duration.ofMinutes(5)).run("run_next");

        assertThat(next.reconciled()).isEqualTo(1);
        assertThat(status(1)).isEqualTo(InvoiceStatus.PAID);
        assertThat(payments.chargeCalls()).extracting(call -> call.key().value()).containsExactly("inv-1-1");
    }

    @Test
    void anAttemptOfUnknownOutcomeIsResolvedAtOnceWhateverTheLease() {
        invoices(1);
        payments.failNextCharges(1, new PaymentUnavailableException(503, "unavailable", "down", "req_x", null));
        assertThat(engine(Duration.ofMinutes(5)).run("run_first").unknown()).isEqualTo(1);

        PaymentRun next = engine(Duration.ofMinutes(5)).run("run_next");

        assertThat(next.reconciled()).isEqualTo(1);
        assertThat(status(1)).isEqualTo(InvoiceStatus.PAID);
    }

    @Test
    void progressNeverPassesItsTotalWhenAResolvedInvoiceIsChargedAgainInTheSameRun() {
        invoices(1);
        payments.failNextCharges(1, new PaymentUnavailableException(503, "unavailable", "down", "req_x", null));
        assertThat(run().unknown()).isEqualTo(1);
        payments.declineCustomer("2", "insufficient_funds");

        // The run finds one item (the unknown attempt). Resolving it re-sends it and learns it was declined, so the
        // invoice is PENDING again and the same run claims it: two outcomes for one item found at the start.
        PaymentRun second = run();

        assertThat(second.reconciled()).isEqualTo(1);
        assertThat(second.attempted()).isEqualTo(1);
        assertThat(second.done()).isEqualTo(2);
        assertThat(second.total()).isEqualTo(2);
        assertThat(repository.findRun(second.id(), second.startedAt()).orElseThrow().total()).isEqualTo(2);
    }

    @Test
    void aRequestRefusedBeforeChargingLeavesTheInvoicePayable() {
        invoices(1);
        payments.failNextCharges(1, new AuthenticationException("bad token", "req_a"));

        PaymentRun run = run();

        assertThat(run.notCharged()).isEqualTo(1);
        assertThat(status(1)).isEqualTo(InvoiceStatus.PENDING);
        assertThat(repository.attempts(1)).singleElement().satisfies(attempt -> {
            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.NOT_CHARGED);
            assertThat(attempt.errorCode()).isEqualTo("unauthorized");
        });
        assertThat(run().paid()).isEqualTo(1);
    }

    @Test
    void runsStoreTheirSummary() {
        invoices(3);
        PaymentRun run = run();

        Optional<PaymentRun> stored = repository.findRun(run.id(), run.startedAt());

        assertThat(stored).contains(run);
        assertThat(run.total()).isEqualTo(3);
        assertThat(run.finishedAt()).isAfterOrEqualTo(run.startedAt());
    }
}
