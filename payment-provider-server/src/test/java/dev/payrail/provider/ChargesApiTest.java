package dev.payrail.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payrail.provider.support.Http;
import dev.payrail.provider.support.Http.Reply;
import dev.payrail.provider.support.Providers;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChargesApiTest {
    private static final String BODY = "{\"customerId\":\"17\",\"invoiceId\":\"42\",\"amount\":18404,\"currency\":\"USD\"}";

    @TempDir
    static Path dataDir;
    static PaymentProviderServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = Providers.sqlite(dataDir, "RANDOM_SEED", "7");
        http = new Http(server.baseUri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void newChargeAnswers201WithTheRecordedCharge() {
        Reply reply = http.postCharge("new-charge-1", BODY);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        JsonNode charge = reply.json();
        assertThat(charge.get("id").asText()).startsWith("ch_");
        assertThat(charge.get("status").asText()).isIn("SUCCEEDED", "DECLINED");
        assertThat(charge.get("customerId").asText()).isEqualTo("17");
        assertThat(charge.get("invoiceId").asText()).isEqualTo("42");
        assertThat(charge.get("amount").asLong()).isEqualTo(18404);
        assertThat(charge.get("currency").asText()).isEqualTo("USD");
        assertThat(charge.get("createdAt").asText()).endsWith("Z");
        assertThat(reply.header("Request-Id")).startsWith("req_");
        assertThat(reply.header("Idempotent-Replayed")).isNull();
        assertThat(reply.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void replayWithSameKeyReturnsStoredCharge() {
        Reply first = http.postCharge("replay-1", BODY);
        Reply replay = http.postCharge("replay-1", BODY);

        assertThat(replay.status()).isEqualTo(first.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.header("Request-Id")).isNotEqualTo(first.header("Request-Id"));
    }

    @Test
    void sameKeyWithDifferentBodyIsRefusedAsReused() {
        http.postCharge("reused-1", BODY);
        Reply reply = http.postCharge("reused-1", BODY.replace("18404", "18405"));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.json().get("code").asText()).isEqualTo("idempotency_key_reused");
        assertThat(reply.json().get("requestId").asText()).isEqualTo(reply.header("Request-Id"));
    }

    @Test
    void chargeCanBeReadByIdAndByIdempotencyKey() {
        JsonNode created = http.postCharge("lookup-1", BODY).json();

        Reply byId = http.get("/v1/charges/" + created.get("id").asText());
        Reply byKey = http.get("/v1/charges?idempotencyKey=lookup-1");

        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.json()).isEqualTo(created);
        assertThat(byKey.status()).isEqualTo(200);
        assertThat(byKey.json()).isEqualTo(created);
    }

    @Test
    void unknownChargeAndUnusedKeyAnswerChargeNotFound() {
        Reply byId = http.get("/v1/charges/ch_000000000000000000000000");
        Reply byKey = http.get("/v1/charges?idempotencyKey=never-used");

        assertThat(byId.status()).isEqualTo(404);
        assertThat(byId.json().get("code").asText()).isEqualTo("charge_not_found");
        assertThat(byKey.status()).isEqualTo(404);
        assertThat(byKey.json().get("code").asText()).isEqualTo("charge_not_found");
    }

    @Test
    void lookupWithoutOrWithMalformedKeyIsInvalidRequest() {
        Http invalid = http.sendingInvalidRequests(); // on purpose: only the answers are judged
        Reply missing = invalid.get("/v1/charges");
        Reply tooLong = invalid.get("/v1/charges?idempotencyKey=" + "k".repeat(256));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("field").asText()).isEqualTo("idempotencyKey");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("field").asText()).isEqualTo("idempotencyKey");
    }

    @Test
    void unknownPathAnswersProblemWithRequestId() {
        Reply reply = http.get("/nowhere");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.header("Request-Id")).startsWith("req_");
        assertThat(reply.json().get("code").asText()).isEqualTo("not_found");
        assertThat(reply.json().get("requestId").asText()).isEqualTo(reply.header("Request-Id"));
    }
}
