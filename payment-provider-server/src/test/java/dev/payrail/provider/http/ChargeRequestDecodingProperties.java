package dev.payrail.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.provider.support.JsonArbitraries;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The request decoder (strict mapper + exception classification) on arbitrary input: every body either decodes
 * to a valid {@link ChargeRequest} or is answered {@code 400 invalid_request}; nothing falls through to a 500.
 */
class ChargeRequestDecodingProperties {
    private static final ObjectReader READER = Json.strictMapper().readerFor(ChargeRequest.class);

    @Property(tries = 1_000)
    void anyStringDecodesOrIsInvalidRequest(@ForAll("anyString") String body) {
        assertDecodesOrIsInvalidRequest(body);
    }

    @Property(tries = 1_000)
    void chargeLikeObjectDecodesOrIsInvalidRequest(@ForAll("chargeLike") String body) {
        assertDecodesOrIsInvalidRequest(body);
    }

    @Property(tries = 1_000)
    void damagedObjectDecodesOrIsInvalidRequest(@ForAll("damaged") String body) {
        assertDecodesOrIsInvalidRequest(body);
    }

    @Example
    void validRequestDecodes() throws Exception {
        ChargeRequest request = READER.readValue(
                "{\"customerId\":\"17\",\"invoiceId\":\"42\",\"amount\":18404,\"currency\":\"USD\"}");

        assertThat(request).isEqualTo(new ChargeRequest("17", "42", 18404, "USD"));
    }

    @Example
    void quotedAmountIsRefusedNamingTheField() {
        Response response = decodeFailure("{\"customerId\":\"17\",\"invoiceId\":\"42\",\"amount\":\"12\",\"currency\":\"USD\"}");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(((dev.payrail.payment.api.Problem) response.getEntity()).field()).isEqualTo("amount");
    }

    @Provide
    Arbitrary<String> anyString() {
        return JsonArbitraries.anyString();
    }

    @Provide
    Arbitrary<String> chargeLike() {
        return JsonArbitraries.chargeLikeObjects();
    }

    @Provide
    Arbitrary<String> damaged() {
        return JsonArbitraries.damagedObjects();
    }

    private static void assertDecodesOrIsInvalidRequest(String body) {
        ChargeRequest decoded;
        try {
            decoded = READER.readValue(body);
        } catch (Exception e) {
            Optional<Response> response = ExceptionClassifier.classify(e);
            assertThat(response).as("classified: " + e).isPresent();
            assertThat(response.get().getStatus()).as(e.toString()).isEqualTo(400);
            return;
        }
        if (decoded != null) {
            assertThat(decoded.amount()).isBetween(1L, ChargeRequest.MAX_AMOUNT);
        }
    }

    private static Response decodeFailure(String body) {
        try {
            READER.readValue(body);
        } catch (Exception e) {
            return ExceptionClassifier.classify(e).orElseThrow();
        }
        throw new AssertionError("decoded: " + body);
    }
}
