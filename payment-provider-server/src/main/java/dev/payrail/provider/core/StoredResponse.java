package dev.payrail.provider.core;

import java.time.Instant;
import java.util.Objects;

/**
 * What the provider answered to the first request with an idempotency key, kept to be replayed byte for byte.
 *
 * @param requestHash the fingerprint of the request that produced it
 * @param chargeId    the charge it created
 * @param status      the HTTP status
 * @param body        the JSON body
 * @param expiresAt   when the key may be forgotten
 */
public record StoredResponse(String requestHash, String chargeId, int status, String body, Instant expiresAt) {
    public StoredResponse {
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(chargeId, "chargeId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
