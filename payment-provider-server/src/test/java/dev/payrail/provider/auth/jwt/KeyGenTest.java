package dev.payrail.provider.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyGenTest {

    @TempDir
    Path dir;

    private final TestClock clock = TestClock.atFixedStart();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int keygen(String... args) {
        return KeyGen.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock);
    }

    private int mintToken(String... args) {
        return MintToken.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock);
    }

    @Test
    void writesPrivateKeyReadableOnlyByOwnerAndPublicJwkSet() throws Exception {
        assertThat(keygen("--out", dir.toString(), "--kid", "invoice-app-1")).isZero();

        Path privateKeyFile = dir.resolve("private-key.pem");
        assertThat(Files.getPosixFilePermissions(privateKeyFile))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(privateKeyFile)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        PrivateKey privateKey = Pem.readPrivateKey(privateKeyFile);
        assertThat(privateKey).isInstanceOf(ECPrivateKey.class);
        assertThat(Curve.forECParameterSpec(((ECPrivateKey) privateKey).getParams())).isEqualTo(Curve.P_256);

        JWKSet jwks = JWKSet.load(dir.resolve("jwks.json").toFile());
        assertThat(jwks.getKeys()).hasSize(1);
        JWK key = jwks.getKeys().get(0);
        assertThat(key.getKeyID()).isEqualTo("invoice-app-1");
        assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(key.isPrivate()).isFalse();
        assertThat(Files.readString(dir.resolve("jwks.json"))).doesNotContain("\"d\"");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("kid: invoice-app-1");
    }

    @Test
    void derivesADatedKidWhenNoneIsGiven() throws Exception {
        assertThat(keygen("--out", dir.toString())).isZero();
        String kid = JWKSet.load(dir.resolve("jwks.json").toFile()).getKeys().get(0).getKeyID();
        assertThat(kid).matches("2026-11-21-[A-Za-z0-9_-]{8}");
    }

    @Test
    void generatedKeysAndMintedTokenPassTheAuthenticator() throws Exception {
        assertThat(keygen("--out", dir.toString(), "--kid", "k1")).isZero();
        out.reset();
        assertThat(mintToken("--private-key", dir.resolve("private-key.pem").toString(), "--kid", "k1",
                "--issuer", "invoice-app", "--subject", "invoice-app", "--lifetime-seconds", "600")).isZero();
        String token = out.toString(StandardCharsets.UTF_8).trim();

        try (JwtAuthenticator authenticator = JwtAuthenticator.create(AuthConfig.enabled(
                dir.resolve("jwks.json").toString(), "invoice-app", "payment-provider", Set.of("invoice-app")), clock)) {
            assertThatCode(() -> authenticator.authenticate("Bearer " + token)).doesNotThrowAnyException();
        }
    }

    @Test
    void appendToKeepsTheExistingKeysForRotation() throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        assertThat(keygen("--out", first.toString(), "--kid", "old")).isZero();
        assertThat(keygen("--out", second.toString(), "--kid", "new",
                "--append-to", first.resolve("jwks.json").toString())).isZero();

        JWKSet both = JWKSet.load(second.resolve("jwks.json").toFile());
        assertThat(both.getKeys()).extracting(JWK::getKeyID).containsExactly("old", "new");
        assertThat(both.getKeys()).noneMatch(JWK::isPrivate);
        assertThat(both.getKeyByKeyId("old").toPublicJWK())
                .isEqualTo(JWKSet.load(first.resolve("jwks.json").toFile()).getKeyByKeyId("old"));
    }

    @Test
    void refusesDuplicateKidAndOverwritingAPrivateKey() {
        assertThat(keygen("--out", dir.toString(), "--kid", "k1")).isZero();
        Path other = dir.resolve("other");
        assertThat(keygen("--out", other.toString(), "--kid", "k1",
                "--append-to", dir.resolve("jwks.json").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("kid 'k1' is already in");

        assertThat(keygen("--out", dir.toString(), "--kid", "k2")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refusing to overwrite a private key");
    }

    @Test
    void explainsUsage() {
        assertThat(keygen()).isEqualTo(2);
        assertThat(keygen("--out")).isEqualTo(2);
        assertThat(keygen("--out", dir.toString(), "--kid", "white space")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: keygen --out DIR");
        assertThat(mintToken("--kid", "k1")).isEqualTo(2);
        assertThat(mintToken("--private-key", "x", "--kid", "k", "--issuer", "i", "--subject", "s",
                "--lifetime-seconds", "7200")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--lifetime-seconds must be 1-3600, was 7200");
    }

    @Test
    void mintTokenRefusesAKeyThatIsNotPkcs8() throws Exception {
        Path sec1 = Files.writeString(dir.resolve("ec.pem"), "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n");
        assertThat(mintToken("--private-key", sec1.toString(), "--kid", "k", "--issuer", "i", "--subject", "s"))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a PKCS#8 PEM private key")
                .contains("openssl pkcs8 -topk8");
    }

    @Test
    void generatedKeyIsAnEs256SigningKey() throws Exception {
        assertThat(keygen("--out", dir.toString(), "--kid", "k1")).isZero();
        ECKey key = (ECKey) JWKSet.load(dir.resolve("jwks.json").toFile()).getKeyByKeyId("k1");
        assertThat(key.getCurve()).isEqualTo(Curve.P_256);
    }
}
