package dev.payrail.provider;

import static dev.payrail.provider.BadInputTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payrail.provider.core.OutcomeDecider;
import dev.payrail.provider.support.Http;
import dev.payrail.provider.support.Http.Reply;
import dev.payrail.provider.support.Providers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outcomes, customer accounts and their currencies, through the real HTTP API. */
class PaymentRulesTest {
    @TempDir
    Path dataDir;
    @TempDir
    static Path sharedDir;
    static PaymentProviderServer shared;
    static Http http;

    @BeforeAll
    static void startShared() {
        shared = Providers.sqlite(sharedDir);
        http = new Http(shared.baseUri());
    }

    @AfterAll
    static void stopShared() {
        shared.close();
    }

    private static String body(String customer, String invoice, long amount, String currency) {
        return "{\"customerId\":\"" + customer + "\",\"invoiceId\":\"" + invoice + "\",\"amount\":" + amount
                + ",\"currency\":\"" + currency + "\"}";
    }

    @Test
    void customerCurrencyIsFixedByFirstChargeAndOtherCurrencyIsMismatch() {
        assertThat(http.postCharge("eur-1", body("c-1", "i-1", 100, "EUR")).status()).isEqualTo(201);
        Reply usd = http.postCharge("usd-1", body("c-1", "i-2", 100, "USD"));

        assertProblem(usd, 422, "currency_mismatch");
        assertThat(usd.json().get("detail").asText()).contains("EUR").contains("USD");
        assertThat(http.get("/v1/charges?idempotencyKey=usd-1").status()).isEqualTo(404);
        assertThat(http.get("/v1/customers/c-1").json().get("currency").asText()).isEqualTo("EUR");
    }

    @Test
    void registrationFixesCurrencyAndIsIdempotent() {
        Reply created = http.put("/v1/customers/reg-1", "{\"currency\":\"DKK\"}");
        Reply again = http.put("/v1/customers/reg-1", "{\"currency\":\"DKK\"}");
        Reply other = http.put("/v1/customers/reg-1", "{\"currency\":\"SEK\"}");
        Reply charge = http.postCharge("reg-charge", body("reg-1", "i-1", 100, "SEK"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("currency").asText()).isEqualTo("DKK");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(created.json());
        assertProblem(other, 422, "currency_mismatch");
        assertProblem(charge, 422, "currency_mismatch");
    }

    @Test
    void badRegistrationIsInvalidRequest() {
        Http invalid = http.sendingInvalidRequests(); // on purpose: only the answers are judged
        assertProblem(invalid.put("/v1/customers/reg-2", "{\"currency\":\"EURO\"}"), 400, "invalid_request");
        assertProblem(invalid.put("/v1/customers/reg-2", "{}"), 400, "invalid_request");
        assertProblem(invalid.put("/v1/customers/bad%20id", "{\"currency\":\"EUR\"}"), 400, "invalid_request");
        assertProblem(http.get("/v1/customers/nobody"), 404, "customer_not_found");
    }

    @Test
    void withKnownCustomersRequiredUnregisteredCustomerIsNotFound() {
        try (PaymentProviderServer server = Providers.sqlite(dataDir, "REQUIRE_KNOWN_CUSTOMERS", "true")) {
            Http http = new Http(server.baseUri());
            http.put("/v1/customers/known", "{\"currency\":\"EUR\"}");

            Reply stranger = http.postCharge("stranger-1", body("stranger", "i-1", 100, "EUR"));
            Reply known = http.postCharge("known-1", body("known", "i-1", 100, "EUR"));

            assertProblem(stranger, 404, "customer_not_found");
            assertThat(http.get("/v1/charges?idempotencyKey=stranger-1").status()).isEqualTo(404);
            assertThat(known.status()).isEqualTo(201);
        }
    }

    @Test
    void successRateOneSucceedsEveryChargeAndZeroDeclinesEveryOneWithARealisticCode() {
        List<String> declineCodes = new ArrayList<>();
        try (PaymentProviderServer always = Providers.sqlite(dataDir.resolve("a"), "SUCCESS_RATE", "1");
                PaymentProviderServer never = Providers.sqlite(dataDir.resolve("b"), "SUCCESS_RATE", "0")) {
            for (int i = 0; i < 8; i++) {
                JsonNode ok = new Http(always.baseUri()).postCharge("k-" + i, body("c", "i-" + i, 100, "EUR")).json();
                JsonNode no = new Http(never.baseUri()).postCharge("k-" + i, body("c", "i-" + i, 100, "EUR")).json();
                assertThat(ok.get("status").asText()).isEqualTo("SUCCEEDED");
                assertThat(ok.get("declineCode").isNull()).isTrue();
                assertThat(no.get("status").asText()).isEqualTo("DECLINED");
                declineCodes.add(no.get("declineCode").asText());
            }
        }
        assertThat(declineCodes).allMatch(OutcomeDecider.DECLINE_CODES::contains);
        assertThat(declineCodes.stream().distinct().count()).as("decline codes vary").isGreaterThan(1);
    }

    @Test
    void sameSeedGivesSameOutcomesForSameKeysOnAnotherServer() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        try (PaymentProviderServer a = Providers.sqlite(dataDir.resolve("a"), "RANDOM_SEED", "42");
                PaymentProviderServer b = Providers.sqlite(dataDir.resolve("b"), "RANDOM_SEED", "42")) {
            for (int i = 0; i < 12; i++) {
                first.add(outcome(new Http(a.baseUri()).postCharge("seeded-" + i, body("c", "i", 100, "EUR"))));
            }
            for (int i = 11; i >= 0; i--) {
                second.add(0, outcome(new Http(b.baseUri()).postCharge("seeded-" + i, body("c", "i", 100, "EUR"))));
            }
        }
        assertThat(second).isEqualTo(first);
        assertThat(first).anyMatch(o -> o.equals("SUCCEEDED")).anyMatch(o -> o.startsWith("DECLINED"));
    }

    private static String outcome(Reply reply) {
        JsonNode charge = reply.json();
        return charge.get("status").asText() + (charge.get("declineCode").isNull() ? ""
                : " " + charge.get("declineCode").asText());
    }
}
