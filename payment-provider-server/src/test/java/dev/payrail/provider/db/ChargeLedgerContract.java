package dev.payrail.provider.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.server.db.ReconnectingDataSource;
import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargeStatus;
import dev.payrail.payment.api.Customer;
import dev.payrail.payment.api.IdempotencyKey;
import dev.payrail.provider.ProviderConfig;
import dev.payrail.provider.core.NewCharge;
import dev.payrail.provider.core.RecordResult;
import dev.payrail.provider.core.Registration;
import dev.payrail.provider.core.StoredResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger's contract, run against every database it supports (one subclass per database). */
abstract class ChargeLedgerContract {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private final List<AutoCloseable> opened = new ArrayList<>();
    private ProviderConfig.Database database;
    private ReconnectingDataSource dataSource;
    private JdbcChargeLedger ledger;

    /** A fresh, empty database. */
    abstract ProviderConfig.Database newDatabase() throws Exception;

    @BeforeEach
    void openLedger() throws Exception {
        database = newDatabase();
        dataSource = DataSources.create(database, new SimpleMeterRegistry());
        DataSources.migrate(dataSource);
        ledger = open(dataSource);
        opened.add(dataSource);
    }

    @AfterEach
    void closeLedger() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private JdbcChargeLedger open(ReconnectingDataSource source) {
        ExecutorService completions = Executors.newFixedThreadPool(2);
        opened.add(completions::shutdownNow);
        GroupCommitWriter writer = new GroupCommitWriter(source, 10_000, 500, completions, new SimpleMeterRegistry());
        opened.add(() -> writer.close(Duration.ofSeconds(5)));
        return new JdbcChargeLedger(source, writer);
    }

    @Test
    void recordsNewChargeFindableByIdAndByKey() throws Exception {
        NewCharge charge = newCharge("key-" + IDS.incrementAndGet(), "cust-a", "EUR", 1250, false);

        RecordResult result = ledger.record(charge).get(10, TimeUnit.SECONDS);

        assertThat(result).isEqualTo(new RecordResult.Created(charge.response()));
        assertThat(ledger.findCharge(charge.charge().id())).contains(charge.charge());
        assertThat(ledger.findChargeByKey(charge.key())).contains(charge.charge());
        assertThat(ledger.findResponse(charge.key())).contains(charge.response());
        assertThat(ledger.findCustomer("cust-a")).map(Customer::currency).contains("EUR");
    }

    @Test
    void secondRecordWithSameKeyReturnsTheFirstResponseAndWritesNothing() throws Exception {
        String key = "key-" + IDS.incrementAndGet();
        NewCharge first = newCharge(key, "cust-b", "EUR", 100, false);
        NewCharge second = newCharge(key, "cust-b", "EUR", 200, false);

        ledger.record(first).get(10, TimeUnit.SECONDS);
        RecordResult result = ledger.record(second).get(10, TimeUnit.SECONDS);

        assertThat(result).isEqualTo(new RecordResult.KeyExists(first.response()));
        assertThat(ledger.findCharge(second.charge().id())).isEmpty();
        assertThat(countCharges()).isEqualTo(1);
    }

    @Test
    void customerCurrencyIsFixedByItsFirstCharge() throws Exception {
        ledger.record(newCharge("key-" + IDS.incrementAndGet(), "cust-c", "EUR", 100, false)).get(10, TimeUnit.SECONDS);
        NewCharge inDollars = newCharge("key-" + IDS.incrementAndGet(), "cust-c", "USD", 100, false);

        RecordResult result = ledger.record(inDollars).get(10, TimeUnit.SECONDS);

        assertThat(result).isEqualTo(new RecordResult.CurrencyMismatch("cust-c", "EUR"));
        assertThat(ledger.findResponse(inDollars.key())).isEmpty();
        assertThat(countCharges()).isEqualTo(1);
    }

    @Test
    void unregisteredCustomerIsRefusedWhenKnownCustomersAreRequired() throws Exception {
        NewCharge charge = newCharge("key-" + IDS.incrementAndGet(), "stranger", "EUR", 100, true);

        RecordResult result = ledger.record(charge).get(10, TimeUnit.SECONDS);

        assertThat(result).isEqualTo(new RecordResult.CustomerNotFound("stranger"));
        assertThat(ledger.findResponse(charge.key())).isEmpty();
        assertThat(ledger.findCustomer("stranger")).isEmpty();
        assertThat(countCharges()).isZero();
    }

    @Test
    void registeredCustomerCanBeChargedWhenKnownCustomersAreRequired() throws Exception {
        ledger.register(new Customer("member", "DKK", NOW)).get(10, TimeUnit.SECONDS);

        RecordResult result = ledger.record(newCharge("key-" + IDS.incrementAndGet(), "member", "DKK", 100, true))
                .get(10, TimeUnit.SECONDS);

        assertThat(result).isInstanceOf(RecordResult.Created.class);
    }

    @Test
    void registrationIsCreatedThenConfirmedThenRefusedInAnotherCurrency() throws Exception {
        Customer customer = new Customer("cust-d", "SEK", NOW);

        Registration created = ledger.register(customer).get(10, TimeUnit.SECONDS);
        Registration again = ledger.register(new Customer("cust-d", "SEK", NOW.plusSeconds(5)))
                .get(10, TimeUnit.SECONDS);
        Registration other = ledger.register(new Customer("cust-d", "GBP", NOW)).get(10, TimeUnit.SECONDS);

        assertThat(created).isEqualTo(new Registration.Created(customer));
        assertThat(again).isEqualTo(new Registration.AlreadyRegistered(customer));
        assertThat(other).isEqualTo(new Registration.CurrencyMismatch(customer));
    }

    @Test
    void purgeForgetsOnlyExpiredKeysAndKeepsTheirCharges() throws Exception {
        NewCharge old = newCharge("key-" + IDS.incrementAndGet(), "cust-e", "EUR", 100, false, NOW.minusSeconds(10));
        NewCharge fresh = newCharge("key-" + IDS.incrementAndGet(), "cust-e", "EUR", 100, false,
                NOW.plus(Duration.ofHours(24)));
        ledger.record(old).get(10, TimeUnit.SECONDS);
        ledger.record(fresh).get(10, TimeUnit.SECONDS);

        int purged = ledger.purgeExpiredKeys(NOW).get(10, TimeUnit.SECONDS);

        assertThat(purged).isEqualTo(1);
        assertThat(ledger.findResponse(old.key())).isEmpty();
        assertThat(ledger.findResponse(fresh.key())).isPresent();
        assertThat(ledger.findCharge(old.charge().id())).isPresent();
    }

    @Test
    void concurrentWritesAreGroupCommittedAndEveryOneIsRecorded() throws Exception {
        List<CompletableFuture<RecordResult>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            futures.add(ledger.record(newCharge("bulk-" + IDS.incrementAndGet(), "bulk-" + (i % 20), "EUR", 100,
                    false)));
        }

        for (CompletableFuture<RecordResult> future : futures) {
            assertThat(future.get(30, TimeUnit.SECONDS)).isInstanceOf(RecordResult.Created.class);
        }
        assertThat(countCharges()).isEqualTo(500);
    }

    @Test
    void twoLedgersSharingTheDatabaseRecordOneChargePerKey() throws Exception {
        ReconnectingDataSource otherSource = DataSources.create(database, new SimpleMeterRegistry());
        opened.add(otherSource);
        JdbcChargeLedger other = open(otherSource);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<RecordResult>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                JdbcChargeLedger target = i % 2 == 0 ? ledger : other;
                String key = "shared-" + (i % 10);
                NewCharge charge = newCharge(key, "cust-shared", "EUR", 100, false);
                results.add(pool.submit(() -> {
                    go.await();
                    return target.record(charge).get(30, TimeUnit.SECONDS);
                }));
            }
            go.countDown();
            int created = 0;
            for (Future<RecordResult> result : results) {
                RecordResult r = result.get(60, TimeUnit.SECONDS);
                if (r instanceof RecordResult.Created) {
                    created++;
                } else {
                    assertThat(r).isInstanceOf(RecordResult.KeyExists.class);
                }
            }
            assertThat(created).isEqualTo(10);
            assertThat(countCharges()).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }

    private static NewCharge newCharge(String key, String customer, String currency, long amount, boolean known) {
        return newCharge(key, customer, currency, amount, known, NOW.plus(Duration.ofHours(24)));
    }

    private static NewCharge newCharge(String key, String customer, String currency, long amount, boolean known,
            Instant expiresAt) {
        Charge charge = new Charge("ch_test" + IDS.incrementAndGet(), ChargeStatus.DECLINED, customer, "inv-1",
                amount, currency, "do_not_honor", NOW);
        String hash = "h" + amount + currency + customer;
        return new NewCharge(IdempotencyKey.of(key), hash, charge,
                new StoredResponse(hash, charge.id(), 201, "{\"id\":\"" + charge.id() + "\"}", expiresAt),
                expiresAt, known);
    }

    private int countCharges() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM charges")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
