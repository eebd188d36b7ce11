package dev.payrail.invoice;

import dev.payrail.payment.client.TokenProvider;
import dev.payrail.payment.client.jwt.SelfSignedJwtTokenProvider;

/** The token provider for the configured {@code AUTH_*} variables. */
final class Tokens {
    /** Sent when no authentication is configured: only a provider with {@code AUTH_DISABLED=true} accepts it. */
    static final String UNAUTHENTICATED = "unauthenticated";

    private Tokens() {
    }

    /**
     * A projected token file ({@code AUTH_TOKEN_FILE}), or JWTs signed with our own key
     * ({@code AUTH_PRIVATE_KEY_FILE}, {@code AUTH_KEY_ID}, {@code AUTH_ISSUER}, {@code AUTH_SUBJECT},
     * {@code AUTH_AUDIENCE}), or a placeholder.
     *
     * @throws ConfigException when the key cannot be used (one line naming the variable and the file)
     */
    static TokenProvider from(InvoiceAppConfig.Auth auth) {
        if (auth.tokenFile().isPresent()) {
            return TokenProvider.fromFile(auth.tokenFile().get());
        }
        if (auth.privateKeyFile().isPresent()) {
            try {
                return SelfSignedJwtTokenProvider.builder()
                        .privateKeyPem(auth.privateKeyFile().get())
                        .keyId(auth.keyId().orElseThrow())
                        .issuer(auth.issuer())
                        .subject(auth.subject())
                        .audience(auth.audience())
                        .build();
            } catch (IllegalArgumentException | IllegalStateException unusable) {
                throw new ConfigException("AUTH_PRIVATE_KEY_FILE " + auth.privateKeyFile().get() + " cannot be used: "
                        + unusable.getMessage());
            }
        }
        return TokenProvider.of(UNAUTHENTICATED);
    }
}
