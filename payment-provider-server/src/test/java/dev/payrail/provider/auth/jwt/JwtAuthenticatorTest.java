package dev.payrail.provider.auth.jwt;

import static dev.payrail.provider.auth.jwt.TokenForge.bearer;
import static dev.payrail.provider.auth.jwt.TokenForge.sign;
import static dev.payrail.provider.auth.jwt.TokenForge.validClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.payrail.provider.auth.AuthenticationFailedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtAuthenticatorTest {

    private static final RSAKey RSA_KEY = TokenForge.rsaKey("rsa-1", 2048);

    @TempDir
    Path dir;

    private final TestClock clock = TestClock.atFixedStart();
    private final ECKey key = TokenForge.ecKey("k1");
    private Path jwks;
    private JwtAuthenticator authenticator;

    @BeforeEach
    void trustOneKey() {
        jwks = TokenForge.writeJwks(dir.resolve("jwks.json"), key, RSA_KEY);
        authenticator = authenticatorFor(Set.of());
    }

    @AfterEach
    void close() {
        authenticator.close();
    }

    private JwtAuthenticator authenticatorFor(Set<String> allowedSubjects) {
        return JwtAuthenticator.create(AuthConfig.enabled(jwks.toString(), TokenForge.ISSUER, TokenForge.AUDIENCE,
                allowedSubjects), clock);
    }

    private Instant now() {
        return clock.instant();
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String authorizationHeader) {
        return assertThatThrownBy(() -> authenticator.authenticate(authorizationHeader))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void acceptsValidEs256Token() {
        assertThatCode(() -> authenticator.authenticate(bearer(sign(key, validClaims(now()).build()))))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsRs256AndPs256TokensFromAnRsaKey() {
        authenticator.authenticate(bearer(sign(RSA_KEY, JWSAlgorithm.RS256, validClaims(now()).build())));
        authenticator.authenticate(bearer(sign(RSA_KEY, JWSAlgorithm.PS256, validClaims(now()).build())));
        assertThat(authenticator.signatureChecks()).isEqualTo(2);
    }

    @Test
    void acceptsBearerSchemeInAnyCase() {
        String token = sign(key, validClaims(now()).build());
        assertThatCode(() -> authenticator.authenticate("bearer " + token)).doesNotThrowAnyException();
    }

    @Test
    void refusesMissingHeader() {
        assertRefused(null).hasMessageContaining("no Authorization header");
    }

    @Test
    void refusesMalformedHeader() {
        String token = sign(key, validClaims(now()).build());
        assertRefused("Basic dXNlcjpwYXNz").hasMessageContaining("not 'Bearer <token>'");
        assertRefused(token).hasMessageContaining("not 'Bearer <token>'");
        assertRefused("Bearer ").hasMessageContaining("not 'Bearer <token>'");
        assertRefused("Bearer    ").hasMessageContaining("empty");
        assertRefused("Bearer not-a-jwt").hasMessageContaining("malformed token");
        assertRefused("Bearer " + token + "\u00e9").hasMessageContaining("outside base64url");
        assertRefused("Bearer " + "a".repeat(JwtAuthenticator.MAX_TOKEN_CHARS + 1)).hasMessageContaining("longer");
    }

    @Test
    void refusesAlgNone() {
        JWTClaimsSet claims = validClaims(now()).build();
        assertRefused(bearer(new PlainJWT(claims).serialize())).hasMessageContaining("alg none");

        String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"k1\"}").toString();
        String payload = Base64URL.encode(claims.toString()).toString();
        String validSignature = sign(key, claims).split("\\.")[2];
        assertRefused(bearer(header + "." + payload + ".")).hasMessageContaining("alg none");
        assertRefused(bearer(header + "." + payload + "." + validSignature)).hasMessageContaining("malformed");
    }

    @Test
    void refusesHs256SignedWithThePublicKey() throws JOSEException {
        JWTClaimsSet claims = validClaims(now()).build();
        for (byte[] secret : new byte[][] {
                key.toECPublicKey().getEncoded(),
                key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)}) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims);
            jwt.sign(new MACSigner(secret));
            assertRefused(bearer(jwt.serialize())).hasMessageContaining("algorithm HS256 is not allowed");
        }
    }

    @Test
    void refusesUnknownKid() {
        ECKey stranger = TokenForge.ecKey("k-unknown");
        assertRefused(bearer(sign(stranger, validClaims(now()).build()))).hasMessageContaining("unknown kid k-unknown");
    }

    @Test
    void refusesTokenWithoutKid() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), validClaims(now()).build());
        jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));
        assertRefused(bearer(jwt.serialize())).hasMessageContaining("no kid");
    }

    @Test
    void refusesTokenSignedByAnotherKeyUnderATrustedKid() {
        ECKey impostor = TokenForge.ecKey("k1");
        assertRefused(bearer(sign(impostor, validClaims(now()).build()))).hasMessageContaining("signature");
    }

    @Test
    void refusesTamperedPayload() {
        String[] parts = sign(key, validClaims(now()).build()).split("\\.");
        String otherPayload = Base64URL.encode(validClaims(now()).subject("mallory").build().toString()).toString();
        assertRefused(bearer(parts[0] + "." + otherPayload + "." + parts[2]))
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void refusesTamperedSignature() {
        String[] parts = sign(key, validClaims(now()).build()).split("\\.");
        char[] signature = parts[2].toCharArray();
        int middle = signature.length / 2;
        signature[middle] = signature[middle] == 'A' ? 'B' : 'A';
        assertRefused(bearer(parts[0] + "." + parts[1] + "." + new String(signature)))
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void refusesExpiredTokenBeyondTheClockSkew() {
        Instant tenMinutesAgo = now().minus(Duration.ofMinutes(10));
        JWTClaimsSet expired61SecondsAgo = validClaims(tenMinutesAgo)
                .expirationTime(Date.from(now().minusSeconds(61))).build();
        assertRefused(bearer(sign(key, expired61SecondsAgo))).hasMessageContaining("expired");

        JWTClaimsSet expired30SecondsAgo = validClaims(tenMinutesAgo)
                .expirationTime(Date.from(now().minusSeconds(30))).build();
        assertThatCode(() -> authenticator.authenticate(bearer(sign(key, expired30SecondsAgo))))
                .as("30 s past exp is within the allowed clock skew")
                .doesNotThrowAnyException();
    }

    @Test
    void refusesTokenWithoutExp() {
        JWTClaimsSet claims = validClaims(now()).expirationTime(null).build();
        assertRefused(bearer(sign(key, claims))).hasMessageContaining("no exp");
    }

    @Test
    void refusesNotYetValidToken() {
        Instant inTwoMinutes = now().plusSeconds(120);
        assertRefused(bearer(sign(key, validClaims(now()).notBeforeTime(Date.from(inTwoMinutes)).build())))
                .hasMessageContaining("not valid before");
        assertRefused(bearer(sign(key, validClaims(inTwoMinutes).build())))
                .hasMessageContaining("issued in the future");
        assertThatCode(() -> authenticator.authenticate(bearer(sign(key, validClaims(now().plusSeconds(30))
                .notBeforeTime(Date.from(now().plusSeconds(30))).build()))))
                .as("30 s ahead is within the allowed clock skew")
                .doesNotThrowAnyException();
    }

    @Test
    void refusesWrongIssuer() {
        assertRefused(bearer(sign(key, validClaims(now()).issuer("someone-else").build())))
                .hasMessageContaining("iss 'someone-else'");
        assertRefused(bearer(sign(key, validClaims(now()).issuer(null).build())))
                .hasMessageContaining("iss (absent)");
    }

    @Test
    void refusesWrongAudience() {
        assertRefused(bearer(sign(key, validClaims(now()).audience("another-service").build())))
                .hasMessageContaining("aud [another-service]");
        assertRefused(bearer(sign(key, validClaims(now()).audience((String) null).build())))
                .hasMessageContaining("aud []");
    }

    @Test
    void acceptsAudienceListContainingOurs() {
        JWTClaimsSet claims = validClaims(now()).audience(java.util.List.of("other", TokenForge.AUDIENCE)).build();
        assertThatCode(() -> authenticator.authenticate(bearer(sign(key, claims)))).doesNotThrowAnyException();
    }

    @Test
    void refusesSubjectNotAllowed() {
        authenticator.close();
        authenticator = authenticatorFor(Set.of("system:serviceaccount:invoicing:invoice-app"));
        assertRefused(bearer(sign(key, validClaims(now()).subject("system:serviceaccount:default:intruder").build())))
                .hasMessageContaining("sub 'system:serviceaccount:default:intruder' is not in AUTH_ALLOWED_SUBJECTS");
        assertRefused(bearer(sign(key, validClaims(now()).subject(null).build()))).hasMessageContaining("sub (absent)");
        assertThatCode(() -> authenticator.authenticate(bearer(sign(key, validClaims(now())
                .subject("system:serviceaccount:invoicing:invoice-app").build())))).doesNotThrowAnyException();
    }

    @Test
    void refusesLifetimeOverOneHour() {
        JWTClaimsSet withIat = validClaims(now()).expirationTime(Date.from(now().plusSeconds(3601))).build();
        assertRefused(bearer(sign(key, withIat))).hasMessageContaining("lifetime 3601 s");

        JWTClaimsSet withoutIat = validClaims(now()).issueTime(null)
                .expirationTime(Date.from(now().plus(Duration.ofHours(2)))).build();
        assertRefused(bearer(sign(key, withoutIat))).hasMessageContaining("lifetime");

        JWTClaimsSet exactlyOneHour = validClaims(now()).expirationTime(Date.from(now().plusSeconds(3600))).build();
        assertThatCode(() -> authenticator.authenticate(bearer(sign(key, exactlyOneHour))))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesKeyRemovedFromJwkSetAfterRefresh() {
        ECKey next = TokenForge.ecKey("k2");
        String oldToken = sign(key, validClaims(now()).build());
        authenticator.authenticate(bearer(oldToken));

        TokenForge.writeJwks(jwks, next, RSA_KEY);
        clock.advance(FileKeySetSource.DEFAULT_RECHECK_INTERVAL);

        assertRefused(bearer(oldToken)).hasMessageContaining("kid=k1 that verified this token is no longer");
        assertRefused(bearer(sign(key, validClaims(now()).build()))).hasMessageContaining("unknown kid k1");
        assertThatCode(() -> authenticator.authenticate(bearer(sign(next, validClaims(now()).build()))))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesKeyReplacedUnderTheSameKid() {
        String token = sign(key, validClaims(now()).build());
        authenticator.authenticate(bearer(token));

        TokenForge.writeJwks(jwks, TokenForge.ecKey("k1"), RSA_KEY);
        clock.advance(FileKeySetSource.DEFAULT_RECHECK_INTERVAL);

        assertRefused(bearer(token)).hasMessageContaining("no longer in the JWK Set");
    }

    @Test
    void acceptsTokensOfBothKeysDuringRotation() {
        ECKey next = TokenForge.ecKey("k2");
        TokenForge.writeJwks(jwks, key, next);
        clock.advance(FileKeySetSource.DEFAULT_RECHECK_INTERVAL);

        String oldToken = sign(key, validClaims(now()).build());
        String newToken = sign(next, validClaims(now()).build());
        authenticator.authenticate(bearer(oldToken));
        authenticator.authenticate(bearer(newToken));

        TokenForge.writeJwks(jwks, next);
        clock.advance(FileKeySetSource.DEFAULT_RECHECK_INTERVAL);
        assertRefused(bearer(oldToken)).hasMessageContaining("no longer in the JWK Set");
        assertThatCode(() -> authenticator.authenticate(bearer(newToken))).doesNotThrowAnyException();
    }

    @Test
    void keyChangesTakeEffectOnlyAfterTheRecheckInterval() {
        String token = sign(key, validClaims(now()).build());
        authenticator.authenticate(bearer(token));
        TokenForge.writeJwks(jwks, TokenForge.ecKey("k2"));

        clock.advance(FileKeySetSource.DEFAULT_RECHECK_INTERVAL.minusMillis(1));
        assertThatCode(() -> authenticator.authenticate(bearer(token))).doesNotThrowAnyException();
        clock.advance(Duration.ofMillis(1));
        assertRefused(bearer(token));
    }

    @Test
    void keepsThePreviousKeysWhenTheFileBecomesUnreadable() throws Exception {
        String token = sign(key, validClaims(now()).build());
        java.nio.file.Files.writeString(jwks, "{ half a file");
        clock.advance(FileKeySetSource.DEFAULT_RECHECK_INTERVAL);
        assertThatCode(() -> authenticator.authenticate(bearer(token))).doesNotThrowAnyException();
    }

    @Test
    void verifiesEachDistinctTokenOnceAndReusesTheResult() {
        String token = sign(key, validClaims(now()).build());
        for (int i = 0; i < 100; i++) {
            authenticator.authenticate(bearer(token));
        }
        assertThat(authenticator.signatureChecks()).isEqualTo(1);

        authenticator.authenticate(bearer(sign(key, validClaims(now()).jwtID("another").build())));
        assertThat(authenticator.signatureChecks()).isEqualTo(2);
        assertThat(authenticator.cachedTokens()).isEqualTo(2);
    }

    @Test
    void cachedVerificationEndsWhenTheTokenExpires() {
        String token = sign(key, validClaims(now()).build());
        authenticator.authenticate(bearer(token));
        clock.advance(Duration.ofMinutes(5).plus(JwtAuthenticator.MAX_CLOCK_SKEW));

        assertRefused(bearer(token)).hasMessageContaining("expired");
        assertThat(authenticator.cachedTokens()).isZero();
    }

    @Test
    void failedVerificationsAreNotCached() {
        String wrongIssuer = sign(key, validClaims(now()).issuer("someone-else").build());
        assertRefused(bearer(wrongIssuer));
        assertRefused(bearer(wrongIssuer));
        assertThat(authenticator.cachedTokens()).isZero();
        assertThat(authenticator.signatureChecks()).isEqualTo(2);
    }

    @Test
    void refusesRsaKeysShorterThan2048Bits() {
        RSAKey weak = TokenForge.rsaKey("weak", 1024);
        TokenForge.writeJwks(jwks, key, weak);
        clock.advance(FileKeySetSource.DEFAULT_RECHECK_INTERVAL);
        assertRefused(bearer(sign(weak, validClaims(now()).build()))).hasMessageContaining("1024 bits");
    }

    @Test
    void refusesAlgorithmThatDoesNotMatchTheKey() {
        assertRefused(bearer(sign(RSA_KEY, JWSAlgorithm.RS256, validClaims(now()).build()).replaceFirst(
                "^[^.]+", Base64URL.encode("{\"alg\":\"ES256\",\"kid\":\"rsa-1\"}").toString())))
                .hasMessageContaining("not an EC key");
        assertRefused(bearer(sign(key, validClaims(now()).build()).replaceFirst(
                "^[^.]+", Base64URL.encode("{\"alg\":\"ES384\",\"kid\":\"k1\"}").toString())))
                .hasMessageContaining("is for ES256, token says ES384");
    }
}
