package dev.payrail.payment.client;

import java.util.Objects;

/**
 * Supplies the bearer token sent with every request. Called once per request, so implementations cache:
 * a token is minted or read once and reused until it must change.
 */
@FunctionalInterface
public interface TokenProvider {

    /** The current token, without the {@code Bearer } prefix. */
    String token();

    /** Always the same token. */
    static TokenProvider of(String token) {
        Objects.requireNonNull(token, "token == null");
        if (token.isBlank()) {
            throw new IllegalArgumentException("token is blank");
        }
        return () -> token;
    }
}
