package dev.payrail.invoice.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.invoice.core.AttemptOutcome;
import dev.payrail.invoice.core.Customer;
import dev.payrail.invoice.core.Invoice;
import dev.payrail.invoice.core.InvoiceStatus;
import dev.payrail.invoice.core.Money;
import dev.payrail.invoice.core.PaymentRun;
import dev.payrail.invoice.db.Database;
import dev.payrail.invoice.db.InvoiceRepository;
import dev.payrail.invoice.db.TestDatabases;
import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.IdempotencyKey;
import dev.payrail.payment.client.Payments;
import dev.payrail.payment.client.testing.FakePayments;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one PostgreSQL database: a live replica's slow calls are left to it however long they take; the
 * calls of a replica that lost its database (as good as dead to the others) are settled by the other replica soon
 * after the lease, under the same keys, and never charged twice.
 */
class ReplicaRecoveryTest {
    private static final Duration LEASE = Duration.ofMillis(800);
    private final FakePayments provider = new FakePayments();
    private final List<Database> databases = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        databases.forEach(Database::close);
    }

    private InvoiceRepository replica(String url) {
        Database database = Database.open(url, Optional.of("postgres"), Optional.empty(), 4);
        databases.add(database);
        return new InvoiceRepository(database, Clock.systemUTC());
    }

    private PaymentEngine engine(InvoiceRepository repository, Payments payments) {
        return new PaymentEngine(repository, payments, 4, LEASE, Clock.systemUTC(),
                new PaymentMetrics(new SimpleMeterRegistry()));
    }

    private static void invoices(InvoiceRepository repository, int count) {
        repository.insertCustomers(List.of(new Customer(1, "DKK")));
        List<Invoice> rows = new ArrayList<>();
        for (long id = 1; id <= count; id++) {
            rows.add(Invoice.pending(id, 1, new Money(500 + id, "DKK")));
        }
        repository.insertInvoices(rows);
    }

    /** The provider, with every charge held until {@code release}: calls in flight for as long as a test wants. */
    private final class HeldPayments implements Payments {
        final AtomicInteger started = new AtomicInteger();

        @Override
        public Charge charge(ChargeRequest request, IdempotencyKey key) {
            started.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return provider.charge(request, key);
        }

        @Override
        public Optional<Charge> findByIdempotencyKey(IdempotencyKey key) {
            return provider.findByIdempotencyKey(key);
        }

        @Override
        public Optional<Charge> findCharge(String chargeId) {
            return provider.findCharge(chargeId);
        }

        @Override
        public dev.payrail.payment.api.Customer registerCustomer(String customerId, String currency) {
            return provider.registerCustomer(customerId, currency);
        }

        @Override
        public Optional<dev.payrail.payment.api.Customer> findCustomer(String customerId) {
            return provider.findCustomer(customerId);
        }
    }

    private static void awaitCalls(HeldPayments payments, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (payments.started.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(payments.started.get()).as("calls in flight").isGreaterThanOrEqualTo(count);
    }

    @Test
    void aLiveReplicasSlowCallsAreLeftToItPastTheLease() throws Exception {
        String url = TestDatabases.newPostgresDatabase();
        InvoiceRepository slow = replica(url);
        InvoiceRepository other = replica(url);
        invoices(slow, 8);
        HeldPayments held = new HeldPayments();
        CompletableFuture<PaymentRun> slowRun = CompletableFuture.supplyAsync(() -> engine(slow, held).run("run_slow"));
        awaitCalls(held, 4);

        long until = System.nanoTime() + 3 * LEASE.toNanos();
        List<PaymentRun> otherRuns = new ArrayList<>();
        while (System.nanoTime() < until) {
            otherRuns.add(engine(other, provider).run("run_other_" + otherRuns.size()));
            Thread.sleep(100);
        }
        assertThat(otherRuns).as("three leases of the other replica's runs").allSatisfy(run -> {
            assertThat(run.reconciled()).isZero();
            assertThat(run.attempted()).isZero();
        });
        assertThat(provider.chargeCalls()).isEmpty();

        release.countDown();
        PaymentRun finished = slowRun.get(30, TimeUnit.SECONDS);

        assertThat(finished.paid()).isEqualTo(8);
        assertThat(provider.charges()).hasSize(8).extracting(Charge::invoiceId).doesNotHaveDuplicates();
        assertThat(other.countByStatus()).containsEntry(InvoiceStatus.PAID, 8L);
    }

    @Test
    void callsOfAReplicaThatLostItsDatabaseAreSettledByAnotherSoonAfterTheLeaseUnderTheSameKeys() throws Exception {
        String url = TestDatabases.newPostgresDatabase();
        Database lostDatabase = Database.open(url, Optional.of("postgres"), Optional.empty(), 4);
        InvoiceRepository lost = new InvoiceRepository(lostDatabase, Clock.systemUTC());
        InvoiceRepository survivor = replica(url);
        invoices(survivor, 8);
        HeldPayments held = new HeldPayments();
        CompletableFuture<PaymentRun> lostRun = CompletableFuture.supplyAsync(() -> engine(lost, held).run("run_lost"));
        awaitCalls(held, 4);

        // The replica can no longer reach the database: it stops reporting, as a dead process would.
        lostDatabase.close();
        long lostAt = System.nanoTime();
        PaymentRun recovery;
        do {
            Thread.sleep(100);
            recovery = engine(survivor, provider).run("run_survivor_" + System.nanoTime());
        } while (recovery.reconciled() == 0 && System.nanoTime() - lostAt < TimeUnit.SECONDS.toNanos(15));
        Duration settledAfter = Duration.ofNanos(System.nanoTime() - lostAt);

        assertThat(recovery.reconciled()).isEqualTo(8);
        assertThat(recovery.attempted()).isZero();
        assertThat(settledAfter).isLessThan(LEASE.plusSeconds(3));
        assertThat(survivor.countByStatus()).containsEntry(InvoiceStatus.PAID, 8L);
        assertThat(provider.chargeCalls()).extracting(call -> call.key().value())
                .allMatch(key -> key.endsWith("-1"));

        // The lost replica's calls land late, under the same keys: the provider replays, nothing is charged twice.
        release.countDown();
        lostRun.get(30, TimeUnit.SECONDS);
        assertThat(provider.charges()).hasSize(8).extracting(Charge::invoiceId).doesNotHaveDuplicates();
        assertThat(survivor.attempts(3)).singleElement()
                .satisfies(attempt -> assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.SUCCEEDED));
    }
}
