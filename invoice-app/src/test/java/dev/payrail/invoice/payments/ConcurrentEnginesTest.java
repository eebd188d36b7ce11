package dev.payrail.invoice.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.invoice.core.Customer;
import dev.payrail.invoice.core.Invoice;
import dev.payrail.invoice.core.InvoiceStatus;
import dev.payrail.invoice.core.Money;
import dev.payrail.invoice.core.PaymentRun;
import dev.payrail.invoice.db.Database;
import dev.payrail.invoice.db.InvoiceRepository;
import dev.payrail.invoice.db.TestDatabases;
import dev.payrail.payment.client.testing.FakePayments;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Replicas: several engines, each with its own pool, on one PostgreSQL database, paying at the same time. */
class ConcurrentEnginesTest {
    @Test
    void threeEnginesOnOnePostgresChargeEveryInvoiceExactlyOnce() {
        String url = TestDatabases.newPostgresDatabase();
        FakePayments provider = new FakePayments();
        List<Database> databases = new ArrayList<>();
        try {
            List<InvoiceRepository> replicas = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Database database = Database.open(url, Optional.of("postgres"), Optional.empty(), 4);
                databases.add(database);
                replicas.add(new InvoiceRepository(database, Clock.systemUTC()));
            }
            int count = 3_000;
            replicas.get(0).insertCustomers(List.of(new Customer(1, "DKK")));
            List<Invoice> rows = new ArrayList<>();
            for (long id = 1; id <= count; id++) {
                rows.add(Invoice.pending(id, 1, new Money(500 + id, "DKK")));
            }
            replicas.get(0).insertInvoices(rows);

            List<CompletableFuture<PaymentRun>> runs = new ArrayList<>();
            for (int i = 0; i < replicas.size(); i++) {
                PaymentEngine engine = new PaymentEngine(replicas.get(i), provider, 8, Duration.ofMinutes(5),
                        Clock.systemUTC(), new PaymentMetrics(new SimpleMeterRegistry()));
                String runId = "run_replica_" + i;
                runs.add(CompletableFuture.supplyAsync(() -> engine.run(runId)));
            }
            long attempted = runs.stream().map(CompletableFuture::join).mapToLong(PaymentRun::attempted).sum();

            assertThat(attempted).isEqualTo(count);
            assertThat(provider.chargeCalls()).hasSize(count);
            assertThat(provider.charges()).hasSize(count)
                    .extracting(charge -> charge.invoiceId()).doesNotHaveDuplicates();
            assertThat(replicas.get(1).countByStatus()).containsEntry(InvoiceStatus.PAID, (long) count);
        } finally {
            databases.forEach(Database::close);
        }
    }
}
