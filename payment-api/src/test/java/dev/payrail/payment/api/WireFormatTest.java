package dev.payrail.payment.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The wire types read and write exactly the documented JSON (fixtures under src/test/resources/fixtures). */
class WireFormatTest {
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void chargeRequestRoundTripsTheDocumentedBody() throws IOException {
        ChargeRequest request = mapper.readValue(fixture("charge-request.json"), ChargeRequest.class);

        assertThat(request).isEqualTo(new ChargeRequest("17", "42", 18404, "USD"));
        assertThat(mapper.readTree(mapper.writeValueAsString(request))).isEqualTo(tree("charge-request.json"));
    }

    @Test
    void declinedChargeRoundTripsWithItsDeclineCode() throws IOException {
        Charge charge = mapper.readValue(fixture("charge-declined.json"), Charge.class);

        assertThat(charge.status()).isEqualTo(ChargeStatus.DECLINED);
        assertThat(charge.declineCode()).isEqualTo("insufficient_funds");
        assertThat(charge.createdAt()).isEqualTo(Instant.parse("2026-11-21T10:15:30Z"));
        assertThat(mapper.readTree(mapper.writeValueAsString(charge))).isEqualTo(tree("charge-declined.json"));
    }

    @Test
    void problemRoundTripsAndOmitsAbsentMembers() throws IOException {
        Problem problem = mapper.readValue(fixture("problem-invalid-amount.json"), Problem.class);

        assertThat(problem).isEqualTo(Problem.of(ErrorCode.INVALID_REQUEST,
                "amount must be between 1 and 99999999999 minor units, was 0", "amount", "req_1"));
        assertThat(mapper.writeValueAsString(Problem.of(ErrorCode.UNAUTHORIZED, "no", null, null)))
                .doesNotContain("field").doesNotContain("requestId");
    }

    @Test
    void aMissingAmountIsRefusedByName() {
        assertThatThrownBy(() -> mapper.readValue("{\"customerId\":\"17\",\"invoiceId\":\"42\",\"currency\":\"USD\"}",
                ChargeRequest.class))
                .isInstanceOf(ValueInstantiationException.class)
                .cause().isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("amount"));
    }

    @Test
    void everyErrorCodeHasAStableTypeUri() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.type()).isEqualTo("https://payrail.dev/problems/" + code.code());
            assertThat(ErrorCode.fromCode(code.code())).contains(code);
        }
        assertThat(ErrorCode.fromCode("no_such_code")).isEmpty();
    }

    private JsonNode tree(String name) throws IOException {
        return mapper.readTree(fixture(name));
    }

    private static InputStream fixture(String name) {
        return WireFormatTest.class.getResourceAsStream("/fixtures/" + name);
    }
}
