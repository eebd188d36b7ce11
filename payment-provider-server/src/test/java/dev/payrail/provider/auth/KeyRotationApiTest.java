package dev.payrail.provider.auth;

import static dev.payrail.provider.auth.jwt.TokenForge.bearer;
import static dev.payrail.provider.auth.jwt.TokenForge.sign;
import static dev.payrail.provider.auth.jwt.TokenForge.validClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.ECKey;
import dev.payrail.provider.PaymentProviderServer;
import dev.payrail.provider.auth.jwt.TokenForge;
import dev.payrail.provider.support.Http;
import dev.payrail.provider.support.Http.Reply;
import dev.payrail.provider.support.Providers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key rotation against the real provider: the JWK Set file is rewritten as a Secret update would, and the running
 * server follows (it re-reads the file within a second of a change), revoking tokens it had already accepted.
 */
class KeyRotationApiTest {

    private static final String PROTECTED = "/v1/customers/nobody";
    private static final Duration FOLLOWS_WITHIN = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;
    @TempDir
    Path keysDir;

    private final ECKey key = TokenForge.ecKey("k1");
    private Path jwks;
    private PaymentProviderServer server;

    @BeforeEach
    void start() {
        jwks = TokenForge.writeJwks(keysDir.resolve("jwks.json"), key);
        server = Providers.sqlite(dataDir, "AUTH_JWKS", jwks.toString(), "AUTH_ISSUER", TokenForge.ISSUER);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int statusWith(String token) {
        Reply reply = new Http(server.baseUri(), bearer(token)).get(PROTECTED);
        if (reply.status() == 401) {
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
            assertThat(reply.json().get("code").asText()).isEqualTo("unauthorized");
        }
        return reply.status();
    }

    private static String tokenOf(ECKey signer) {
        return sign(signer, validClaims(Instant.now()).build());
    }

    @Test
    void refusesKeyRemovedFromTheJwkSet() {
        String token = tokenOf(key);
        assertThat(statusWith(token)).as("accepted, verified and cached").isEqualTo(404);

        TokenForge.writeJwks(jwks, TokenForge.ecKey("k2"));

        await().atMost(FOLLOWS_WITHIN).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(statusWith(token)).isEqualTo(401));
        assertThat(statusWith(tokenOf(key))).as("a fresh token of the removed key").isEqualTo(401);
    }

    @Test
    void acceptsTokensOfBothKeysDuringRotationAndRefusesTheOldKeyOnceRemoved() {
        ECKey next = TokenForge.ecKey("k2");
        String oldToken = tokenOf(key);
        assertThat(statusWith(oldToken)).isEqualTo(404);

        TokenForge.writeJwks(jwks, key, next);
        String newToken = tokenOf(next);
        await().atMost(FOLLOWS_WITHIN).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(statusWith(newToken)).isEqualTo(404));
        assertThat(statusWith(oldToken)).as("both keys pass while both are published").isEqualTo(404);

        TokenForge.writeJwks(jwks, next);
        await().atMost(FOLLOWS_WITHIN).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(statusWith(oldToken)).isEqualTo(401));
        assertThat(statusWith(newToken)).isEqualTo(404);
    }
}
