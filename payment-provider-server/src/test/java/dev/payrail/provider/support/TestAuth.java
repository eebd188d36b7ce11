package dev.payrail.provider.support;

import com.nimbusds.jose.jwk.ECKey;
import dev.payrail.provider.auth.jwt.TokenForge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Authentication for tests, on as in production: one EC key per test JVM, its JWK Set in a temporary file, and a
 * token signed with it (iss and sub {@code invoice-app}, aud {@code payment-provider}), re-minted before it ages.
 */
public final class TestAuth {

    public static final String ISSUER = TokenForge.ISSUER;
    public static final String SUBJECT = TokenForge.SUBJECT;
    private static final Duration LIFETIME = Duration.ofMinutes(30);

    private static final ECKey KEY = TokenForge.ecKey("test-key");
    private static final Path JWKS = writeJwks();
    private static String token;
    private static Instant tokenRefreshAt = Instant.MIN;

    private TestAuth() {
    }

    /** The key the provider trusts in every test server (unless a test passes its own {@code AUTH_JWKS}). */
    public static ECKey key() {
        return KEY;
    }

    /** {@code AUTH_*} variables for a provider that trusts {@link #key()}. */
    public static Map<String, String> env() {
        return Map.of("AUTH_JWKS", JWKS.toString(), "AUTH_ISSUER", ISSUER, "AUTH_ALLOWED_SUBJECTS", SUBJECT);
    }

    /** {@link #env()} plus the given variables (name, value, name, value, ...). */
    public static Map<String, String> envWith(String... keyValues) {
        Map<String, String> env = new java.util.HashMap<>(env());
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    /** A valid token for {@link #env()}, without the {@code Bearer } prefix. */
    public static synchronized String token() {
        Instant now = Instant.now();
        if (!now.isBefore(tokenRefreshAt)) {
            token = TokenForge.sign(KEY, TokenForge.validClaims(now)
                    .expirationTime(java.util.Date.from(now.plus(LIFETIME))).build());
            tokenRefreshAt = now.plus(LIFETIME.dividedBy(2));
        }
        return token;
    }

    public static String authorizationHeader() {
        return "Bearer " + token();
    }

    private static Path writeJwks() {
        try {
            Path dir = Files.createTempDirectory("payrail-test-auth");
            dir.toFile().deleteOnExit();
            Path file = TokenForge.writeJwks(dir.resolve("jwks.json"), KEY);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
