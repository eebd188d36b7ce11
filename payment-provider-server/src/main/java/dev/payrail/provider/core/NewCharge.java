package dev.payrail.provider.core;

import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.IdempotencyKey;
import java.time.Instant;
import java.util.Objects;

/**
 * A charge decided but not yet recorded, with the response that will be stored under its idempotency key.
 *
 * @param key                   the idempotency key
 * @param requestHash           the request's fingerprint
 * @param charge                the charge to record
 * @param response              the response to store and replay
 * @param keyExpiresAt          when the key may be forgotten
 * @param requireKnownCustomer  refuse the charge unless the customer is registered
 */
public record NewCharge(
        IdempotencyKey key,
        String requestHash,
        Charge charge,
        StoredResponse response,
        Instant keyExpiresAt,
        boolean requireKnownCustomer) {
    public NewCharge {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(charge, "charge");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(keyExpiresAt, "keyExpiresAt");
    }
}
