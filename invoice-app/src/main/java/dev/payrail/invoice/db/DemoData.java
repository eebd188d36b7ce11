package dev.payrail.invoice.db;

import dev.payrail.invoice.core.Customer;
import dev.payrail.invoice.core.Invoice;
import dev.payrail.invoice.core.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo data: customers in EUR, USD, DKK, SEK or GBP, each with PENDING invoices of 10.00 to 500.00.
 * Deterministic ids and amounts, so completing an interrupted seed writes exactly the rows that are missing.
 */
public final class DemoData {
    private static final List<String> CURRENCIES = List.of("EUR", "USD", "DKK", "SEK", "GBP");
    private static final long MIN_MINOR = 10_00;
    private static final long MAX_MINOR = 500_00;
    private static final int CHUNK = 10_000;
    private static final long SEED = 20261121L;

    private DemoData() {
    }

    /**
     * Makes sure the demo rows exist, once per database: replicas starting together seed once, a seed interrupted by
     * a crash is completed by the next start, and a completed seed is never repeated (invoices paid since stay paid).
     *
     * @return whether this call seeded (false: the seed had completed before)
     */
    public static boolean seed(InvoiceRepository repository, int customers, int invoicesPerCustomer) {
        // One seed per database, whatever its size: a later start with other SEED_* settings leaves the data as it
        // is (as "seed an empty database" always did), and never mixes two seeds' rows.
        return repository.seedOnce("demo-data", sink -> {
            List<Customer> customerChunk = new ArrayList<>();
            List<Invoice> invoiceChunk = new ArrayList<>();
            long invoiceId = 1;
            for (long customerId = 1; customerId <= customers; customerId++) {
                // Each customer's currency and amounts come from its own generator, so a seed completed with other
                // SEED_* settings than it was begun with still gives every invoice its customer's currency.
                SplittableRandom random = new SplittableRandom(SEED + customerId);
                String currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
                customerChunk.add(new Customer(customerId, currency));
                for (int i = 0; i < invoicesPerCustomer; i++) {
                    long amount = random.nextLong(MIN_MINOR, MAX_MINOR + 1);
                    invoiceChunk.add(Invoice.pending(invoiceId++, customerId, new Money(amount, currency)));
                }
                if (invoiceChunk.size() >= CHUNK || customerId == customers) {
                    sink.insert(customerChunk, invoiceChunk);
                    customerChunk.clear();
                    invoiceChunk.clear();
                }
            }
        });
    }
}
