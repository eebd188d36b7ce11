package dev.payrail.provider.auth;

import static dev.payrail.provider.auth.jwt.TokenForge.bearer;
import static dev.payrail.provider.auth.jwt.TokenForge.sign;
import static dev.payrail.provider.auth.jwt.TokenForge.validClaims;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.payrail.provider.PaymentProviderServer;
import dev.payrail.provider.auth.jwt.TokenForge;
import dev.payrail.provider.support.Http;
import dev.payrail.provider.support.Http.Reply;
import dev.payrail.provider.support.Providers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refusal list of the authentication issue, each against the real provider over HTTP with tokens forged
 * using real cryptography. Every refusal must look the same to the caller: 401, problem+json
 * {@code code: unauthorized}, {@code WWW-Authenticate: Bearer error="invalid_token"}, no hint of the reason.
 */
class AuthenticationApiTest {

    /** An authenticated request for an unknown customer passes authentication and answers 404. */
    private static final String PROTECTED = "/v1/customers/nobody";

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
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private Reply get(String authorization) {
        return new Http(server.baseUri(), authorization).get(PROTECTED);
    }

    private Reply getWithToken(String token) {
        return get(bearer(token));
    }

    private static Instant now() {
        return Instant.now();
    }

    private String valid() {
        return sign(key, validClaims(now()).build());
    }

    private void assertUnauthorized(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        ObjectNode problem = (ObjectNode) reply.json();
        assertThat(problem.get("code").asText()).isEqualTo("unauthorized");
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        // The same answer whatever the reason: compare with the refusal of a request that sent nothing.
        ObjectNode reference = (ObjectNode) get(null).json();
        JsonNode withoutRequestId = problem.deepCopy().without("requestId");
        JsonNode referenceWithoutRequestId = reference.without("requestId");
        assertThat(withoutRequestId).isEqualTo(referenceWithoutRequestId);
    }

    private void assertAuthenticated(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
        assertThat(reply.json().get("code").asText()).isEqualTo("customer_not_found");
    }

    @Test
    void acceptsValidToken() {
        assertAuthenticated(getWithToken(valid()));
    }

    @Test
    void refusalNamesNoReason() {
        Reply reply = getWithToken(sign(key, validClaims(now()).issuer("mallory").build()));
        assertUnauthorized(reply);
        assertThat(reply.body()).doesNotContain("iss", "mallory", "invoice-app", "k1", "expired", "kid");
    }

    @Test
    void refusesMissingHeader() {
        assertUnauthorized(get(null));
    }

    @Test
    void refusesMalformedHeader() {
        assertUnauthorized(get("Basic aW52b2ljZS1hcHA6c2VjcmV0"));
        assertUnauthorized(get(valid()));
        assertUnauthorized(get("Bearer not.a.jwt"));
    }

    @Test
    void refusesAlgNone() {
        assertUnauthorized(getWithToken(new PlainJWT(validClaims(now()).build()).serialize()));
        String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"k1\"}").toString();
        String payload = Base64URL.encode(validClaims(now()).build().toString()).toString();
        assertUnauthorized(getWithToken(header + "." + payload + "."));
    }

    @Test
    void refusesHs256SignedWithThePublicKey() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
                validClaims(now()).build());
        jwt.sign(new MACSigner(key.toECPublicKey().getEncoded()));
        assertUnauthorized(getWithToken(jwt.serialize()));
    }

    @Test
    void refusesUnknownKid() {
        assertUnauthorized(getWithToken(sign(TokenForge.ecKey("k-unknown"), validClaims(now()).build())));
    }

    @Test
    void refusesTamperedPayload() {
        String[] parts = valid().split("\\.");
        String payload = Base64URL.encode(validClaims(now()).subject("someone-else").build().toString()).toString();
        assertUnauthorized(getWithToken(parts[0] + "." + payload + "." + parts[2]));
    }

    @Test
    void refusesTamperedSignature() {
        String[] parts = valid().split("\\.");
        char[] signature = parts[2].toCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';
        assertUnauthorized(getWithToken(parts[0] + "." + parts[1] + "." + new String(signature)));
    }

    @Test
    void refusesExpiredToken() {
        JWTClaimsSet claims = validClaims(now().minus(Duration.ofMinutes(10)))
                .expirationTime(Date.from(now().minus(Duration.ofMinutes(2)))).build();
        assertUnauthorized(getWithToken(sign(key, claims)));
    }

    @Test
    void refusesNotYetValidToken() {
        JWTClaimsSet claims = validClaims(now()).notBeforeTime(Date.from(now().plus(Duration.ofMinutes(2)))).build();
        assertUnauthorized(getWithToken(sign(key, claims)));
    }

    @Test
    void refusesWrongIssuer() {
        assertUnauthorized(getWithToken(sign(key, validClaims(now()).issuer("someone-else").build())));
    }

    @Test
    void refusesWrongAudience() {
        assertUnauthorized(getWithToken(sign(key, validClaims(now()).audience("another-service").build())));
    }

    @Test
    void refusesSubjectNotAllowed() {
        assertUnauthorized(getWithToken(sign(key,
                validClaims(now()).subject("system:serviceaccount:default:intruder").build())));
    }

    @Test
    void refusesLifetimeOverOneHour() {
        JWTClaimsSet claims = validClaims(now()).expirationTime(Date.from(now().plus(Duration.ofMinutes(61)))).build();
        assertUnauthorized(getWithToken(sign(key, claims)));
    }

    @Test
    void refusesAChargeBeforeLookingAtItsBody() {
        // No key and no JSON on purpose: only the 401 is judged against the document.
        Reply reply = new Http(server.baseUri(), null).sendingInvalidRequests().postCharge(null, "{not json");
        assertUnauthorized(reply);
    }

    @Test
    void healthAndMetricsStayOpen() {
        Http anonymous = new Http(server.baseUri(), null);
        assertThat(anonymous.get("/health/live").status()).isEqualTo(200);
        assertThat(anonymous.get("/health/ready").status()).isEqualTo(200);
        assertThat(anonymous.get("/metrics").status()).isEqualTo(200);
        assertThat(anonymous.get("/openapi.json").status()).isEqualTo(200);
        assertThat(anonymous.get("/openapi.yaml").header("Content-Type")).isEqualTo("application/yaml");
    }
}
