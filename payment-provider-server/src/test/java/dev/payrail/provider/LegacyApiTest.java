package dev.payrail.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payrail.provider.support.Http;
import dev.payrail.provider.support.Http.Reply;
import dev.payrail.provider.support.Providers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The two legacy APIs, unchanged for their old clients, booked through the same ledger. */
class LegacyApiTest {
    @TempDir
    static Path dataDir;
    static PaymentProviderServer succeeding;
    static PaymentProviderServer declining;
    static Http http;

    @BeforeAll
    static void start() {
        succeeding = Providers.sqlite(dataDir.resolve("a"), "LEGACY_API", "true", "SUCCESS_RATE", "1");
        declining = Providers.sqlite(dataDir.resolve("b"), "LEGACY_API", "true", "SUCCESS_RATE", "0",
                "REQUIRE_KNOWN_CUSTOMERS", "true");
        http = new Http(succeeding.baseUri());
    }

    @AfterAll
    static void stop() {
        succeeding.close();
        declining.close();
    }

    @Test
    void legacyEndpointsAreAbsentUnlessEnabled() {
        try (PaymentProviderServer server = Providers.sqlite(dataDir.resolve("c"))) {
            Http http = new Http(server.baseUri());

            assertThat(http.post("/payments/pay", "application/json",
                    "{\"id\":\"I1\",\"value\":12.15,\"currency\":\"EUR\"}").status()).isEqualTo(404);
            assertThat(http.post("/rest/v1/charge", "application/json",
                    "{\"currency\":\"USD\",\"value\":301.99,\"customer_id\":1}").status()).isEqualTo(404);
        }
    }

    @Test
    void payAnswersIdOnSuccessAndTheSameAgainForTheSameId() {
        String body = "{\"id\":\"I1\",\"value\":12.15,\"currency\":\"EUR\"}";

        Reply first = http.post("/payments/pay", "application/json", body);
        Reply again = http.post("/payments/pay", "application/json", body);
        Reply stored = http.get("/v1/charges?idempotencyKey=legacy-pay:I1");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\"id\":\"I1\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo("{\"id\":\"I1\"}");
        assertThat(stored.json().get("amount").asLong()).isEqualTo(1215);
        assertThat(stored.json().get("invoiceId").asText()).isEqualTo("I1");
    }

    @Test
    void payAnswers402WithTheDeclineCodeOnADecline() {
        Http declines = new Http(declining.baseUri());
        declines.put("/v1/customers/legacy-pay-EUR", "{\"currency\":\"EUR\"}");
        Reply reply = declines.post("/payments/pay", "application/json",
                "{\"id\":\"I2\",\"value\":10,\"currency\":\"EUR\"}");

        assertThat(reply.status()).isEqualTo(402);
        assertThat(reply.json().get("id").asText()).isEqualTo("I2");
        assertThat(reply.json().get("error").asText()).startsWith("declined: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":\"I3\",\"value\":12.151,\"currency\":\"EUR\"}",
        "{\"id\":\"I3\",\"value\":0,\"currency\":\"EUR\"}",
        "{\"id\":\"I3\",\"value\":-1.5,\"currency\":\"EUR\"}",
        "{\"id\":\"I3\",\"value\":\"12.15\",\"currency\":\"EUR\"}",
        "{\"id\":\"I3\",\"value\":1.5,\"currency\":\"JPY\"}",
        "{\"id\":\"I3\",\"value\":12.15,\"currency\":\"EURO\"}",
        "{\"id\":\"I 3\",\"value\":12.15,\"currency\":\"EUR\"}",
        "{\"value\":12.15,\"currency\":\"EUR\"}",
        "{\"id\":\"I3\",\"value\":1e300,\"currency\":\"EUR\"}",
        "{\"id\":\"I3\",",
        "[]",
        ""
    })
    void payRefusesBadInputWith400AndAnError(String body) {

        Reply reply = http.post("/payments/pay", "application/json", body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isNotBlank();
        assertThat(http.get("/v1/charges?idempotencyKey=legacy-pay:I3").status()).isEqualTo(404);
    }

    @Test
    void restChargeAnswersResultAndKeepsCustomerCurrencyRules() {

        Reply charged = http.post("/rest/v1/charge", "application/json",
                "{\"currency\":\"USD\",\"value\":301.99,\"customer_id\":1}");
        Reply mismatch = http.post("/rest/v1/charge", "application/json",
                "{\"currency\":\"EUR\",\"value\":1,\"customer_id\":1}");
        Reply bad = http.post("/rest/v1/charge", "application/json",
                "{\"currency\":\"USD\",\"value\":1.001,\"customer_id\":1}");

        assertThat(charged.status()).isEqualTo(200);
        assertThat(charged.body()).isEqualTo("{\"result\":true}");
        assertThat(http.get("/v1/customers/1").json().get("currency").asText()).isEqualTo("USD");
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.json().get("error").asText()).contains("USD");
        assertThat(bad.status()).isEqualTo(400);
    }

    @Test
    void restChargeAnswersFalseOnADeclineAnd404ForAnUnknownCustomerWhenRequired() {
        Http http = new Http(declining.baseUri());
        http.put("/v1/customers/7", "{\"currency\":\"DKK\"}");

        Reply declined = http.post("/rest/v1/charge", "application/json",
                "{\"currency\":\"DKK\",\"value\":100,\"customer_id\":7}");
        Reply unknown = http.post("/rest/v1/charge", "application/json",
                "{\"currency\":\"DKK\",\"value\":100,\"customer_id\":8}");

        assertThat(declined.body()).isEqualTo("{\"result\":false}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).contains("8");
    }

    @Test
    void legacyDefaultCurrencyIsEurUnlessSetAndMustHaveTwoDecimals() {
        Map<String, String> env = Providers.sqliteEnv(dataDir.resolve("d"));
        assertThat(ProviderConfig.fromEnvironment(env).legacyDefaultCurrency()).isEqualTo("EUR");
        env.put("LEGACY_DEFAULT_CURRENCY", "dkk");
        assertThat(ProviderConfig.fromEnvironment(env).legacyDefaultCurrency()).isEqualTo("DKK");

        env.put("LEGACY_DEFAULT_CURRENCY", "JPY");
        assertThatThrownBy(() -> ProviderConfig.fromEnvironment(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("LEGACY_DEFAULT_CURRENCY").hasMessageContaining("JPY has 0");
        env.put("LEGACY_DEFAULT_CURRENCY", "euro");
        assertThatThrownBy(() -> ProviderConfig.fromEnvironment(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("LEGACY_DEFAULT_CURRENCY").hasMessageContaining("euro");
    }
}
