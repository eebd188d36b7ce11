package dev.payrail.provider.core;

import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.Customer;
import dev.payrail.payment.api.IdempotencyKey;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where charges, customers and idempotency keys are kept. Writes complete after their transaction committed;
 * the unique idempotency key is the arbiter between concurrent writers, in this process or another.
 */
public interface ChargeLedger {

    /** Records the charge and its key atomically, unless the key exists or the customer rules refuse it. */
    CompletableFuture<RecordResult> record(NewCharge charge);

    /** Registers the customer unless it exists. */
    CompletableFuture<Registration> register(Customer customer);

    Optional<Charge> findCharge(String chargeId);

    Optional<Charge> findChargeByKey(IdempotencyKey key);

    Optional<StoredResponse> findResponse(IdempotencyKey key);

    Optional<Customer> findCustomer(String customerId);

    /** Forgets idempotency keys that expired before {@code now}; returns how many. */
    CompletableFuture<Integer> purgeExpiredKeys(Instant now);
}
