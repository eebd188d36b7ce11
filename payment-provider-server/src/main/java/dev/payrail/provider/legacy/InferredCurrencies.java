package dev.payrail.provider.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payrail.payment.api.Customer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The currency of a {@code POST /rest/v1/charge} that names none. The real Antaeus sends {@code "currency":{}}
 * (its pinned org.json writes a Kotlin enum as an empty object), so the currency is not in the request at all:
 * the charge is booked in the customer's currency when the provider knows it (registered, or fixed by an earlier
 * charge), else in {@code LEGACY_DEFAULT_CURRENCY}, which then becomes the customer's currency as for any first
 * charge. Each such request is counted ({@code payrail_legacy_currency_inferred_total}, by {@code source}) and
 * logged once per customer.
 */
public final class InferredCurrencies {
    private static final Logger log = LoggerFactory.getLogger(InferredCurrencies.class);
    /** Bounds the memory an unauthenticated caller can make us spend on customer ids. */
    private static final int MAX_REMEMBERED = 100_000;

    private final String defaultCurrency;
    private final ConcurrentHashMap<String, String> knownCurrencies = new ConcurrentHashMap<>();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private final Counter fromCustomer;
    private final Counter fromDefault;

    public InferredCurrencies(String defaultCurrency, MeterRegistry registry) {
        this.defaultCurrency = Objects.requireNonNull(defaultCurrency, "defaultCurrency");
        String description = "Legacy charges that named no currency, by where the currency came from";
        this.fromCustomer = Counter.builder("payrail.legacy.currency.inferred").tag("source", "customer")
                .description(description).register(registry);
        this.fromDefault = Counter.builder("payrail.legacy.currency.inferred").tag("source", "default")
                .description(description).register(registry);
    }

    /** Whether {@code currency} (the field's value, or {@code null} when absent) names no currency at all. */
    static boolean namesNoCurrency(JsonNode currency) {
        return currency == null || currency.isNull() || (currency.isObject() && currency.isEmpty());
    }

    /** The currency to book a charge for {@code customerId} in; {@code lookup} reads the ledger. */
    String currencyOf(String customerId, Function<String, Optional<Customer>> lookup) {
        String known = knownCurrencies.get(customerId);
        if (known == null) {
            known = lookup.apply(customerId).map(Customer::currency).orElse(null);
            // A customer's currency never changes once set, so it can be remembered for good.
            if (known != null && knownCurrencies.size() < MAX_REMEMBERED) {
                knownCurrencies.putIfAbsent(customerId, known);
            }
        }
        String currency = known == null ? defaultCurrency : known;
        (known == null ? fromDefault : fromCustomer).increment();
        if (logged.size() < MAX_REMEMBERED && logged.add(customerId)) {
            log.info("legacy charge for customer {} names no currency (Antaeus sends \"currency\":\\{}): booked in {},"
                    + " {} (logged once per customer; counted in payrail_legacy_currency_inferred_total)",
                    customerId, currency, known == null
                            ? "LEGACY_DEFAULT_CURRENCY, as the customer has no currency yet"
                            : "the customer's currency");
        }
        return currency;
    }
}
