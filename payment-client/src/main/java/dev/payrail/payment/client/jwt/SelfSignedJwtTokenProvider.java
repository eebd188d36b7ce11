package dev.payrail.payment.client.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.payrail.payment.client.TokenProvider;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints short-lived JWTs signed with the caller's own private key, for a payment provider that trusts the
 * matching public key (its JWK Set). A token is minted once and reused until 80 % of its lifetime has passed,
 * then replaced, so the provider sees one token per few minutes, not one per request; thread-safe.
 *
 * <p>Keys: PKCS#8 PEM, EC P-256 (signs ES256; P-384 and P-521 sign ES384 and ES512) or RSA of at least 2048 bits
 * (signs RS256). Needs {@code com.nimbusds:nimbus-jose-jwt} on the class path (an optional dependency of
 * payment-client).
 *
 * <pre>{@code
 * TokenProvider tokens = SelfSignedJwtTokenProvider.builder()
 *         .privateKeyPem(Path.of("/etc/payrail/auth/private-key.pem"))
 *         .keyId("2026-11-21-a1b2c3d4")
 *         .issuer("invoice-app")
 *         .subject("invoice-app")
 *         .build();
 * }</pre>
 */
public final class SelfSignedJwtTokenProvider implements TokenProvider {

    /** What the payment provider expects unless configured otherwise. */
    public static final String DEFAULT_AUDIENCE = "payment-provider";
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
    /** The provider refuses longer-lived tokens. */
    public static final Duration MAX_LIFETIME = Duration.ofHours(1);
    private static final double REFRESH_AT_FRACTION_OF_LIFETIME = 0.8;

    private record Minted(String token, Instant refreshAt) {
    }

    private final JWSSigner signer;
    private final JWSHeader header;
    private final String keyId;
    private final String issuer;
    private final String subject;
    private final String audience;
    private final Duration lifetime;
    private final Duration refreshAfter;
    private final Clock clock;
    private volatile Minted current;

    private SelfSignedJwtTokenProvider(Builder builder, PrivateKey key) {
        this.keyId = builder.keyId;
        this.issuer = builder.issuer;
        this.subject = builder.subject;
        this.audience = builder.audience;
        this.lifetime = builder.lifetime;
        this.refreshAfter = Duration.ofMillis((long) (lifetime.toMillis() * REFRESH_AT_FRACTION_OF_LIFETIME));
        this.clock = builder.clock;
        JWSAlgorithm algorithm;
        if (key instanceof ECPrivateKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (Curve.P_256.equals(curve)) {
                algorithm = JWSAlgorithm.ES256;
            } else if (Curve.P_384.equals(curve)) {
                algorithm = JWSAlgorithm.ES384;
            } else if (Curve.P_521.equals(curve)) {
                algorithm = JWSAlgorithm.ES512;
            } else {
                throw new IllegalArgumentException(builder.privateKeyPem + " is an EC key on curve " + curve
                        + "; use P-256");
            }
            try {
                this.signer = new ECDSASigner(ec);
            } catch (JOSEException e) {
                throw new IllegalArgumentException(builder.privateKeyPem + " is an unusable EC key: "
                        + e.getMessage(), e);
            }
        } else if (key instanceof RSAPrivateKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException(builder.privateKeyPem + " is an RSA key of "
                        + rsa.getModulus().bitLength() + " bits; at least 2048 are needed");
            }
            algorithm = JWSAlgorithm.RS256;
            this.signer = new RSASSASigner(rsa);
        } else {
            throw new IllegalArgumentException(builder.privateKeyPem + " is neither an EC nor an RSA key");
        }
        this.header = new JWSHeader.Builder(algorithm).keyID(keyId).type(JOSEObjectType.JWT).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The current token: the one minted before, until 80 % of its lifetime has passed. */
    @Override
    public String token() {
        Minted minted = current;
        Instant now = clock.instant();
        if (minted != null && now.isBefore(minted.refreshAt())) {
            return minted.token();
        }
        synchronized (this) {
            minted = current;
            if (minted == null || !now.isBefore(minted.refreshAt())) {
                minted = mint(clock.instant());
                current = minted;
            }
            return minted.token();
        }
    }

    private Minted mint(Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a token with key " + keyId + " failed: " + e.getMessage(), e);
        }
        return new Minted(jwt.serialize(), now.plus(refreshAfter));
    }

    @Override
    public String toString() {
        return "SelfSignedJwtTokenProvider[kid=" + keyId + ", iss=" + issuer + ", sub=" + subject + ", aud="
                + audience + ", alg=" + header.getAlgorithm() + ", lifetime=" + lifetime + "]";
    }

    /** Settings for {@link SelfSignedJwtTokenProvider}; {@link #build()} reads the key and says what is missing. */
    public static final class Builder {
        private Path privateKeyPem;
        private String keyId;
        private String issuer;
        private String subject;
        private String audience = DEFAULT_AUDIENCE;
        private Duration lifetime = DEFAULT_LIFETIME;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}), read once by {@link #build()}. */
        public Builder privateKeyPem(Path privateKeyPem) {
            this.privateKeyPem = Objects.requireNonNull(privateKeyPem, "privateKeyPem == null");
            return this;
        }

        /** The {@code kid} under which the provider's JWK Set publishes the matching public key. */
        public Builder keyId(String keyId) {
            this.keyId = nonBlank(keyId, "keyId");
            return this;
        }

        public Builder issuer(String issuer) {
            this.issuer = nonBlank(issuer, "issuer");
            return this;
        }

        public Builder subject(String subject) {
            this.subject = nonBlank(subject, "subject");
            return this;
        }

        /** Default {@value SelfSignedJwtTokenProvider#DEFAULT_AUDIENCE}. */
        public Builder audience(String audience) {
            this.audience = nonBlank(audience, "audience");
            return this;
        }

        /** How long each token is valid: more than 10 seconds, at most one hour; default five minutes. */
        public Builder lifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime == null");
            if (lifetime.compareTo(Duration.ofSeconds(10)) <= 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
                throw new IllegalArgumentException("lifetime must be more than 10 s and at most "
                        + MAX_LIFETIME.toMinutes() + " min, was " + lifetime.toSeconds() + " s");
            }
            this.lifetime = lifetime;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock == null");
            return this;
        }

        /**
         * @throws IllegalStateException naming every missing setting
         * @throws IllegalArgumentException when the key file cannot be read or holds an unsuitable key
         */
        public SelfSignedJwtTokenProvider build() {
            List<String> missing = new ArrayList<>();
            if (privateKeyPem == null) {
                missing.add("privateKeyPem");
            }
            if (keyId == null) {
                missing.add("keyId");
            }
            if (issuer == null) {
                missing.add("issuer");
            }
            if (subject == null) {
                missing.add("subject");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("SelfSignedJwtTokenProvider needs " + String.join(", ", missing));
            }
            return new SelfSignedJwtTokenProvider(this, PemPrivateKey.read(privateKeyPem));
        }

        private static String nonBlank(String value, String name) {
            Objects.requireNonNull(value, name + " == null");
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " is blank");
            }
            return value;
        }
    }
}
