package dev.payrail.provider.auth;

import static dev.payrail.provider.auth.jwt.TokenForge.bearer;
import static dev.payrail.provider.auth.jwt.TokenForge.claimsNesting;
import static dev.payrail.provider.auth.jwt.TokenForge.sign;
import static dev.payrail.provider.auth.jwt.TokenForge.signPayload;
import static dev.payrail.provider.auth.jwt.TokenForge.validClaims;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import dev.payrail.provider.PaymentProviderServer;
import dev.payrail.provider.auth.jwt.TokenForge;
import dev.payrail.provider.support.Http;
import dev.payrail.provider.support.Http.Reply;
import dev.payrail.provider.support.Providers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CVE-2025-53864 against the real provider over HTTP: a well-shaped token (header.payload.signature, signed by the
 * trusted key) whose claims nest JSON 10,000 levels deep is refused like any bad token, at once, and the provider
 * goes on serving: no stack overflow on a request thread, no 500.
 */
class DeeplyNestedTokenApiTest {

    private static final String PROTECTED = "/v1/customers/nobody";
    /** Far above what a refusal costs (well under a millisecond once warm); only a parser in trouble gets near. */
    private static final Duration QUICKLY = Duration.ofSeconds(2);

    @TempDir
    static Path dataDir;
    @TempDir
    static Path keysDir;

    private static final ECKey key = TokenForge.ecKey("k1");
    private static PaymentProviderServer server;

    @BeforeAll
    static void start() {
        Path jwks = TokenForge.writeJwks(keysDir.resolve("jwks.json"), key);
        server = Providers.sqlite(dataDir, "AUTH_JWKS", jwks.toString(), "AUTH_ISSUER", TokenForge.ISSUER,
                "AUTH_ALLOWED_SUBJECTS", TokenForge.SUBJECT);
        // Warm the path, so that the bound below measures the refusal, not class loading.
        new Http(server.baseUri(), bearer(sign(key, validClaims(Instant.now()).build()))).get(PROTECTED);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void refusesTokenWhoseClaimsNestTenThousandLevelsDeepQuicklyAndKeepsServing() {
        String token = signPayload(key, claimsNesting(Instant.now(), 10_000));
        assertThat(token.split("\\.")).hasSize(3);

        long started = System.nanoTime();
        Reply reply = new Http(server.baseUri(), bearer(token)).get(PROTECTED);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.json().get("code").asText()).isEqualTo("unauthorized");
        assertThat(took).as("time to refuse").isLessThan(QUICKLY);

        Reply next = new Http(server.baseUri(), bearer(sign(key, validClaims(Instant.now()).build()))).get(PROTECTED);
        assertThat(next.status()).as(next.toString()).isEqualTo(404);
    }

    @Test
    void refusesTokenWhoseClaimsNestAsDeepAsFitsUnderTheSizeCap() {
        String token = signPayload(key, claimsNesting(Instant.now(), 2_500));

        Reply reply = new Http(server.baseUri(), bearer(token)).get(PROTECTED);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
        assertThat(reply.json().get("code").asText()).isEqualTo("unauthorized");
    }
}
