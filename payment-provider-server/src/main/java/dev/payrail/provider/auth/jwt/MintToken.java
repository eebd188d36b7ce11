package dev.payrail.provider.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code mint-token --private-key FILE --kid KID --issuer ISS --subject SUB [--audience AUD] [--lifetime-seconds N]}:
 * prints one signed JWT, for benchmarks and manual calls with curl. Services mint their own tokens with
 * payment-client's {@code SelfSignedJwtTokenProvider}.
 */
public final class MintToken {

    private static final String USAGE = "usage: mint-token --private-key FILE --kid KID --issuer ISS --subject SUB"
            + " [--audience AUD] [--lifetime-seconds N]";
    private static final List<String> OPTIONS = List.of("--private-key", "--kid", "--issuer", "--subject",
            "--audience", "--lifetime-seconds");

    private MintToken() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err, Clock.systemUTC()));
    }

    /** Runs the command; returns the process exit code (0 done, 1 failed, 2 bad usage). */
    public static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            if (i + 1 >= args.size() || !OPTIONS.contains(args.get(i))) {
                err.println("mint-token: unexpected argument '" + args.get(i) + "'; " + USAGE);
                return 2;
            }
            options.put(args.get(i), args.get(++i));
        }
        for (String required : List.of("--private-key", "--kid", "--issuer", "--subject")) {
            if (!options.containsKey(required)) {
                err.println("mint-token: " + required + " is required; " + USAGE);
                return 2;
            }
        }
        long lifetimeSeconds;
        try {
            lifetimeSeconds = Long.parseLong(options.getOrDefault("--lifetime-seconds", "3600"));
        } catch (NumberFormatException e) {
            lifetimeSeconds = -1;
        }
        if (lifetimeSeconds < 1 || lifetimeSeconds > JwtAuthenticator.MAX_LIFETIME.toSeconds()) {
            err.println("mint-token: --lifetime-seconds must be 1-" + JwtAuthenticator.MAX_LIFETIME.toSeconds()
                    + ", was " + options.get("--lifetime-seconds"));
            return 2;
        }
        try {
            PrivateKey key = Pem.readPrivateKey(Path.of(options.get("--private-key")));
            out.println(mint(key, options.get("--kid"), options.get("--issuer"), options.get("--subject"),
                    options.getOrDefault("--audience", AuthConfig.DEFAULT_AUDIENCE),
                    Duration.ofSeconds(lifetimeSeconds), clock));
            return 0;
        } catch (IOException | JOSEException e) {
            err.println("mint-token: " + FileKeySetSource.oneLine(e));
            return 1;
        }
    }

    static String mint(PrivateKey key, String kid, String issuer, String subject, String audience,
                       Duration lifetime, Clock clock) throws JOSEException {
        JWSAlgorithm algorithm;
        JWSSigner signer;
        if (key instanceof ECPrivateKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            algorithm = Curve.P_384.equals(curve) ? JWSAlgorithm.ES384
                    : Curve.P_521.equals(curve) ? JWSAlgorithm.ES512 : JWSAlgorithm.ES256;
            signer = new ECDSASigner(ec);
        } else {
            algorithm = JWSAlgorithm.RS256;
            signer = new RSASSASigner(key);
        }
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}
