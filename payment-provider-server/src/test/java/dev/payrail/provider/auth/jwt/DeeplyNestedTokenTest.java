package dev.payrail.provider.auth.jwt;

import static dev.payrail.provider.auth.jwt.TokenForge.bearer;
import static dev.payrail.provider.auth.jwt.TokenForge.claimsNesting;
import static dev.payrail.provider.auth.jwt.TokenForge.signPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import dev.payrail.provider.auth.AuthenticationFailedException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CVE-2025-53864: nimbus-jose-jwt before 10.0.2 parsed JSON by recursion without a depth limit, so a JWT whose
 * claims (or header) nest deeply could overflow the stack of a request thread. Such tokens must be refused like
 * any other bad token, even when the signature is by a key we trust.
 */
class DeeplyNestedTokenTest {

    /** Deeper than any JSON parser's default limit and than a thread's stack allows by plain recursion. */
    private static final int DEPTH_OF_THE_ATTACK = 10_000;
    /** As deep as still fits under {@link JwtAuthenticator#MAX_TOKEN_CHARS}, so it reaches the JSON parser. */
    private static final int DEEPEST_UNDER_THE_SIZE_CAP = 2_500;

    @TempDir
    Path dir;

    private final TestClock clock = TestClock.atFixedStart();
    private final ECKey key = TokenForge.ecKey("k1");
    private JwtAuthenticator authenticator;

    @BeforeEach
    void trustOneKey() {
        Path jwks = TokenForge.writeJwks(dir.resolve("jwks.json"), key);
        authenticator = JwtAuthenticator.create(AuthConfig.enabled(jwks.toString(), TokenForge.ISSUER,
                TokenForge.AUDIENCE, Set.of()), clock);
    }

    @AfterEach
    void close() {
        authenticator.close();
    }

    @Test
    void refusesSignedTokenWhoseClaimsNestTenThousandLevelsDeep() {
        String token = signPayload(key, claimsNesting(clock.instant(), DEPTH_OF_THE_ATTACK));

        assertThatThrownBy(() -> authenticator.authenticate(bearer(token)))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("longer than " + JwtAuthenticator.MAX_TOKEN_CHARS);
        assertThat(authenticator.signatureChecks()).isZero();
    }

    @Test
    void refusesSignedTokenWhoseClaimsNestAsDeepAsTheSizeCapAllows() {
        String token = signPayload(key, claimsNesting(clock.instant(), DEEPEST_UNDER_THE_SIZE_CAP));
        assertThat(token.length()).isLessThanOrEqualTo(JwtAuthenticator.MAX_TOKEN_CHARS);

        assertThatThrownBy(() -> authenticator.authenticate(bearer(token)))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("claims are not a JSON object");
        assertThat(authenticator.signatureChecks()).as("refused after a valid signature, at the claims").isOne();
    }

    @Test
    void acceptsSignedTokenWithAShallowlyNestedExtraClaim() {
        // The control for the test above: the same token, nested ten deep, is fine.
        String token = signPayload(key, claimsNesting(clock.instant(), 10));

        assertThatCode(() -> authenticator.authenticate(bearer(token))).doesNotThrowAnyException();
    }

    @Test
    void refusesTokenWhoseHeaderNestsDeeplyBeforeLookingForAKey() {
        String nested = "[".repeat(DEEPEST_UNDER_THE_SIZE_CAP) + "]".repeat(DEEPEST_UNDER_THE_SIZE_CAP);
        String header = Base64URL.encode("{\"alg\":\"ES256\",\"kid\":\"k1\",\"x\":" + nested + "}").toString();
        String[] valid = signPayload(key, claimsNesting(clock.instant(), 1)).split("\\.");
        String token = header + "." + valid[1] + "." + valid[2];
        assertThat(token.length()).isLessThanOrEqualTo(JwtAuthenticator.MAX_TOKEN_CHARS);

        assertThatThrownBy(() -> authenticator.authenticate(bearer(token)))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("malformed token");
        assertThat(authenticator.signatureChecks()).isZero();
    }
}
