package dev.payrail.payment.client.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedJwtTokenProviderTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));

    private static Path writePem(Path file, PrivateKey key) throws Exception {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        return Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
    }

    private SelfSignedJwtTokenProvider.Builder builderFor(Path pem) {
        return SelfSignedJwtTokenProvider.builder()
                .privateKeyPem(pem)
                .keyId("k1")
                .issuer("invoice-app")
                .subject("invoice-app")
                .clock(clock);
    }

    @Test
    void mintsAnEs256TokenTheMatchingPublicKeyVerifies() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        SelfSignedJwtTokenProvider tokens = builderFor(writePem(dir.resolve("key.pem"), key.toPrivateKey())).build();

        SignedJWT jwt = SignedJWT.parse(tokens.token());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("k1");
        assertThat(jwt.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("invoice-app");
        assertThat(claims.getSubject()).isEqualTo("invoice-app");
        assertThat(claims.getAudience()).containsExactly("payment-provider");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(clock.instant());
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(claims.getJWTID()).isNotBlank();
    }

    @Test
    void mintsAnRs256TokenFromAnRsaKey() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).generate();
        SelfSignedJwtTokenProvider tokens = builderFor(writePem(dir.resolve("rsa.pem"), key.toPrivateKey()))
                .audience("payments").lifetime(Duration.ofMinutes(10)).build();

        SignedJWT jwt = SignedJWT.parse(tokens.token());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.verify(new RSASSAVerifier(key.toPublicJWK()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("payments");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
    }

    @Test
    void reusesTheTokenUntil80PercentOfItsLifetimeThenMintsANewOne() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        SelfSignedJwtTokenProvider tokens = builderFor(writePem(dir.resolve("key.pem"), key.toPrivateKey())).build();

        String first = tokens.token();
        clock.advance(Duration.ofMinutes(4).minusMillis(1));
        assertThat(tokens.token()).isSameAs(first);
        clock.advance(Duration.ofMillis(1));
        String second = tokens.token();
        assertThat(second).isNotEqualTo(first);
        assertThat(SignedJWT.parse(second).getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(clock.instant());
    }

    @Test
    void concurrentCallersShareOneToken() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        SelfSignedJwtTokenProvider tokens = builderFor(writePem(dir.resolve("key.pem"), key.toPrivateKey())).build();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> calls = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 500; i++) {
                        seen.add(tokens.token());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> call : calls) {
                call.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(1);
    }

    @Test
    void buildNamesEveryMissingSetting() {
        assertThatThrownBy(() -> SelfSignedJwtTokenProvider.builder().issuer("invoice-app").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SelfSignedJwtTokenProvider needs privateKeyPem, keyId, subject");
    }

    @Test
    void rejectsBadArgumentsAtOnce() {
        SelfSignedJwtTokenProvider.Builder builder = SelfSignedJwtTokenProvider.builder();
        assertThatThrownBy(() -> builder.keyId(null)).hasMessage("keyId == null");
        assertThatThrownBy(() -> builder.issuer(" ")).hasMessage("issuer is blank");
        assertThatThrownBy(() -> builder.lifetime(Duration.ofHours(2)))
                .hasMessage("lifetime must be more than 10 s and at most 60 min, was 7200 s");
    }

    @Test
    void rejectsAKeyFileThatIsNotPkcs8Pem() throws Exception {
        Path sec1 = Files.writeString(dir.resolve("ec.pem"), "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n");
        assertThatThrownBy(() -> builderFor(sec1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a PKCS#8 PEM private key")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
        assertThatThrownBy(() -> builderFor(dir.resolve("missing.pem")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read private key file");
    }

    @Test
    void rejectsRsaKeysShorterThan2048Bits() throws Exception {
        RSAKey weak = new RSAKeyGenerator(1024, true).generate();
        Path pem = writePem(dir.resolve("weak.pem"), weak.toPrivateKey());
        assertThatThrownBy(() -> builderFor(pem).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RSA key of 1024 bits");
    }

    @Test
    void toStringShowsSettingsButNoKeyMaterial() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        SelfSignedJwtTokenProvider tokens = builderFor(writePem(dir.resolve("key.pem"), key.toPrivateKey())).build();
        assertThat(tokens.toString())
                .isEqualTo("SelfSignedJwtTokenProvider[kid=k1, iss=invoice-app, sub=invoice-app,"
                        + " aud=payment-provider, alg=ES256, lifetime=PT5M]");
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
