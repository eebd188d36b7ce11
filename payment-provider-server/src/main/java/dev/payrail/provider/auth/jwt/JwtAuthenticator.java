package dev.payrail.provider.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.payrail.provider.auth.AuthenticationFailedException;
import dev.payrail.provider.auth.Authenticator;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Verifies {@code Authorization: Bearer <JWT>} against a JWK Set: an asymmetric signature from the allow-list by
 * a key found by {@code kid}, then the claims ({@code iss}, {@code aud}, {@code exp}, {@code nbf}, {@code iat},
 * lifetime, {@code sub}). Every refusal throws {@link AuthenticationFailedException} with the reason for the server
 * log; the caller only ever sees a bare 401.
 *
 * <p>Cost: a signature check takes about a millisecond, so each distinct token is verified once and the result
 * reused until the token expires. A hit re-checks the expiry and that the key which verified the token is still in
 * the JWK Set (by RFC 7638 thumbprint), so removing a key revokes its tokens as soon as the set is refreshed.
 */
public final class JwtAuthenticator implements Authenticator, AutoCloseable {

    /** Asymmetric algorithms only: with a public JWK Set, an HMAC "key" would be public knowledge. */
    static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS = Set.of(
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);
    static final Duration MAX_LIFETIME = Duration.ofHours(1);
    static final int MAX_TOKEN_CHARS = 8 * 1024;
    static final int MIN_RSA_BITS = 2048;
    static final int DEFAULT_CACHE_ENTRIES = 10_000;
    private static final String BEARER = "Bearer ";

    private final KeySetSource keys;
    private final String issuer;
    private final String audience;
    private final Set<String> allowedSubjects;
    private final Clock clock;
    private final VerifiedTokenCache cache;
    private final LongAdder signatureChecks = new LongAdder();

    JwtAuthenticator(KeySetSource keys, String issuer, String audience, Set<String> allowedSubjects, Clock clock,
                     int cacheEntries) {
        this.keys = Objects.requireNonNull(keys, "keys == null");
        this.issuer = Objects.requireNonNull(issuer, "issuer == null");
        this.audience = Objects.requireNonNull(audience, "audience == null");
        this.allowedSubjects = Set.copyOf(allowedSubjects);
        this.clock = Objects.requireNonNull(clock, "clock == null");
        this.cache = new VerifiedTokenCache(cacheEntries);
    }

    /**
     * Builds the authenticator for an enabled configuration, loading a JWK Set file at once (a bad file is an
     * {@link AuthConfigException}); a URL is fetched in the background of the first requests.
     */
    public static JwtAuthenticator create(AuthConfig config, Clock clock) {
        if (config.disabled()) {
            throw new IllegalArgumentException("authentication is disabled in this configuration");
        }
        KeySetSource source;
        if (config.jwksIsUrl()) {
            URL url;
            try {
                url = URI.create(config.jwks()).toURL();
            } catch (IllegalArgumentException | MalformedURLException e) {
                throw new AuthConfigException("AUTH_JWKS=" + config.jwks() + " is not a valid URL");
            }
            source = new RemoteKeySetSource(url,
                    new HttpsResourceRetriever(config.jwksCaFile(), config.jwksBearerTokenFile()), clock,
                    RemoteKeySetSource.DEFAULT_TIME_TO_LIVE, RemoteKeySetSource.DEFAULT_MIN_REFRESH_INTERVAL);
        } else {
            source = new FileKeySetSource(Path.of(config.jwks()), clock, FileKeySetSource.DEFAULT_RECHECK_INTERVAL);
        }
        return new JwtAuthenticator(source, config.issuer(), config.audience(), config.allowedSubjects(), clock,
                DEFAULT_CACHE_ENTRIES);
    }

    @Override
    public void authenticate(String authorizationHeader) {
        String token = bearerToken(authorizationHeader);
        Instant now = clock.instant();
        KeySnapshot trusted;
        try {
            trusted = keys.current();
        } catch (KeySetUnavailableException e) {
            throw new AuthenticationFailedException(e.getMessage(), e);
        }
        ByteBuffer cacheKey = VerifiedTokenCache.keyOf(token);
        VerifiedTokenCache.Entry hit = cache.get(cacheKey);
        if (hit != null) {
            if (!now.isBefore(hit.expiresAt().plus(MAX_CLOCK_SKEW))) {
                cache.remove(cacheKey);
                throw refused("token expired at " + hit.expiresAt() + " (now " + now + ")");
            }
            if (!trusted.trusts(hit.keyThumbprint())) {
                cache.remove(cacheKey);
                throw refused("key kid=" + hit.keyId() + " that verified this token is no longer in the JWK Set");
            }
            return;
        }
        cache.put(cacheKey, verify(token, trusted, now), now);
    }

    /** How many signatures were checked, i.e. cache misses that got as far as the signature. */
    long signatureChecks() {
        return signatureChecks.sum();
    }

    int cachedTokens() {
        return cache.size();
    }

    @Override
    public void close() {
        keys.close();
    }

    private static String bearerToken(String header) {
        if (header == null) {
            throw refused("no Authorization header");
        }
        if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw refused("Authorization header is not 'Bearer <token>'");
        }
        String token = header.substring(BEARER.length()).trim();
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw refused("bearer token is empty or longer than " + MAX_TOKEN_CHARS + " characters");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!base64url) {
                throw refused("bearer token has a character outside base64url at index " + i);
            }
        }
        return token;
    }

    private VerifiedTokenCache.Entry verify(String token, KeySnapshot trusted, Instant now) {
        SignedJWT jwt = parse(token);
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        if (!ALLOWED_ALGORITHMS.contains(algorithm)) {
            throw refused("algorithm " + printable(algorithm.getName()) + " is not allowed");
        }
        String kid = jwt.getHeader().getKeyID();
        if (kid == null) {
            throw refused("token has no kid");
        }
        JWK key = trusted.key(kid)
                .or(() -> keys.refreshForUnknownKid(trusted).key(kid))
                .orElseThrow(() -> refused("unknown kid " + printable(kid) + " (JWK Set holds "
                        + trusted.keyIds() + ")"));
        JWSVerifier verifier = verifierFor(algorithm, kid, key);
        signatureChecks.increment();
        try {
            if (!jwt.verify(verifier)) {
                throw refused("signature does not verify with key kid=" + printable(kid));
            }
        } catch (JOSEException e) {
            throw refused("signature cannot be verified with key kid=" + printable(kid) + ": " + e.getMessage());
        }
        Instant expiresAt = checkClaims(claimsOf(jwt), now);
        return new VerifiedTokenCache.Entry(expiresAt, kid, KeySnapshot.thumbprint(key));
    }

    private static SignedJWT parse(String token) {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException e) {
            throw refused("malformed token: " + printable(e.getMessage()));
        }
        if (parsed instanceof PlainJWT) {
            throw refused("unsigned token (alg none)");
        }
        if (!(parsed instanceof SignedJWT jwt)) {
            throw refused("encrypted tokens are not accepted");
        }
        return jwt;
    }

    private static JWSVerifier verifierFor(JWSAlgorithm algorithm, String kid, JWK key) {
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(algorithm)) {
            throw refused("key kid=" + printable(kid) + " is for " + key.getAlgorithm() + ", token says " + algorithm);
        }
        if (key.getKeyOperations() != null && !key.getKeyOperations().contains(KeyOperation.VERIFY)) {
            throw refused("key kid=" + printable(kid) + " is not for verification");
        }
        try {
            if (JWSAlgorithm.Family.EC.contains(algorithm)) {
                if (!(key instanceof ECKey ec) || !Curve.forJWSAlgorithm(algorithm).contains(ec.getCurve())) {
                    throw refused("key kid=" + printable(kid) + " is not an EC key on the curve of " + algorithm);
                }
                return new ECDSAVerifier(ec);
            }
            if (!(key instanceof RSAKey rsa)) {
                throw refused("key kid=" + printable(kid) + " is not an RSA key, token says " + algorithm);
            }
            if (rsa.size() < MIN_RSA_BITS) {
                throw refused("key kid=" + printable(kid) + " has " + rsa.size() + " bits, fewer than " + MIN_RSA_BITS);
            }
            return new RSASSAVerifier(rsa);
        } catch (JOSEException e) {
            throw refused("key kid=" + printable(kid) + " is unusable: " + e.getMessage());
        }
    }

    private static JWTClaimsSet claimsOf(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw refused("claims are not a JSON object: " + printable(e.getMessage()));
        }
    }

    /** Checks the claims of a correctly signed token; returns its expiry. */
    private Instant checkClaims(JWTClaimsSet claims, Instant now) {
        if (!issuer.equals(claims.getIssuer())) {
            throw refused("iss " + quoted(claims.getIssuer()) + " is not the expected " + quoted(issuer));
        }
        List<String> audiences = claims.getAudience();
        if (!audiences.contains(audience)) {
            throw refused("aud " + printable(audiences.toString()) + " does not contain " + quoted(audience));
        }
        Instant expiresAt = instant(claims.getExpirationTime())
                .orElseThrow(() -> refused("token has no exp"));
        if (!now.isBefore(expiresAt.plus(MAX_CLOCK_SKEW))) {
            throw refused("token expired at " + expiresAt + " (now " + now + ", skew allowed " + MAX_CLOCK_SKEW + ")");
        }
        Optional<Instant> notBefore = instant(claims.getNotBeforeTime());
        if (notBefore.isPresent() && now.plus(MAX_CLOCK_SKEW).isBefore(notBefore.get())) {
            throw refused("token not valid before " + notBefore.get() + " (now " + now + ")");
        }
        Optional<Instant> issuedAt = instant(claims.getIssueTime());
        if (issuedAt.isPresent() && now.plus(MAX_CLOCK_SKEW).isBefore(issuedAt.get())) {
            throw refused("token issued in the future at " + issuedAt.get() + " (now " + now + ")");
        }
        // Without iat, measure from now; allow the skew there, since the issuer's clock may run ahead of ours.
        Duration lifetime = issuedAt.map(iat -> Duration.between(iat, expiresAt))
                .orElseGet(() -> Duration.between(now, expiresAt).minus(MAX_CLOCK_SKEW));
        if (lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw refused("token lifetime " + lifetime.toSeconds() + " s is over the " + MAX_LIFETIME.toSeconds()
                    + " s allowed");
        }
        String subject = claims.getSubject();
        if (!allowedSubjects.isEmpty() && (subject == null || !allowedSubjects.contains(subject))) {
            throw refused("sub " + quoted(subject) + " is not in AUTH_ALLOWED_SUBJECTS");
        }
        return expiresAt;
    }

    private static Optional<Instant> instant(Date date) {
        return Optional.ofNullable(date).map(Date::toInstant);
    }

    private static AuthenticationFailedException refused(String reason) {
        return new AuthenticationFailedException(reason);
    }

    private static String quoted(String value) {
        return value == null ? "(absent)" : "'" + printable(value) + "'";
    }

    /** Token content is attacker-controlled: keep log lines short and free of control characters. */
    static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String shortened = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        StringBuilder out = new StringBuilder(shortened.length());
        for (int i = 0; i < shortened.length(); i++) {
            char c = shortened.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.toString();
    }
}
