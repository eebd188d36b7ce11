package dev.payrail.payment.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.ChargesApi;
import dev.payrail.payment.api.CustomerRegistration;
import dev.payrail.payment.api.CustomersApi;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Test;

/** The requests the client derives from payment-api's annotations, checked without a server. */
class EndpointTest {
    private static final URI PROVIDER = URI.create("http://payment-provider:9000");
    private final ObjectMapper json = Exchange.objectMapper();

    @Test
    void createChargeIsAPostWithTheKeyHeaderAndAJsonBody() throws Exception {
        ClassicHttpRequest request = Endpoint.binary(ChargesApi.class, ChargesApi::createCharge, PROVIDER, json)
                .request("inv-42-1", new ChargeRequest("17", "42", 18404, "USD"));

        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUri()).isEqualTo(URI.create("http://payment-provider:9000/v1/charges"));
        assertThat(request.getFirstHeader("Idempotency-Key").getValue()).isEqualTo("inv-42-1");
        assertThat(request.getFirstHeader("Accept").getValue())
                .isEqualTo("application/json, application/problem+json");
        assertThat(request.getEntity().getContentType()).isEqualTo("application/json");
        assertThat(json.readValue(EntityUtils.toString(request.getEntity(), StandardCharsets.UTF_8),
                ChargeRequest.class)).isEqualTo(new ChargeRequest("17", "42", 18404, "USD"));
    }

    @Test
    void lookupByKeyIsAGetWithAQueryParameterAndNoBody() {
        ClassicHttpRequest request = Endpoint.unary(ChargesApi.class, ChargesApi::findChargeByIdempotencyKey,
                PROVIDER, json).request("inv-42-1");

        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getRequestUri()).isEqualTo("/v1/charges?idempotencyKey=inv-42-1");
        assertThat(request.getEntity()).isNull();
        assertThat(request.getFirstHeader("Content-Type")).isNull();
    }

    @Test
    void registerCustomerIsAPutToTheCustomersPath() {
        ClassicHttpRequest request = Endpoint.binary(CustomersApi.class, CustomersApi::registerCustomer, PROVIDER,
                json).request("cust-17", new CustomerRegistration("EUR"));

        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getRequestUri()).isEqualTo("/v1/customers/cust-17");
        assertThat(request.getEntity()).isNotNull();
    }

    @Test
    void pathAndQueryValuesArePercentEncodedSoTheyStayOneSegmentOrValue() {
        assertThat(Endpoint.unary(ChargesApi.class, ChargesApi::getCharge, PROVIDER, json)
                .request("ch/1 ?%é").getRequestUri())
                .isEqualTo("/v1/charges/ch%2F1%20%3F%25%C3%A9");
        assertThat(Endpoint.unary(ChargesApi.class, ChargesApi::findChargeByIdempotencyKey, PROVIDER, json)
                .request("a&b=c+d").getRequestUri())
                .isEqualTo("/v1/charges?idempotencyKey=a%26b%3Dc%2Bd");
    }

    @Test
    void aPathInTheBaseUriIsKeptAsAPrefix() throws Exception {
        assertThat(Endpoint.unary(CustomersApi.class, CustomersApi::getCustomer,
                URI.create("https://gateway.example/payments/"), json).request("c1").getUri())
                .isEqualTo(URI.create("https://gateway.example/payments/v1/customers/c1"));
    }

    @Path("/things")
    interface Unsupported {
        @GET
        @Path("{id}")
        Response withCookie(@PathParam("id") String id, @CookieParam("session") String session);

        @Path("{id}")
        Response withoutMethod(@PathParam("id") String id);

        @POST
        @Path("{id}")
        Response withMisnamedTemplate(@PathParam("name") String name);

        @POST
        Response withTwoBodies(String one, String two);
    }

    @Test
    void whatTheClientCannotSendFailsWhenTheClientIsBuilt() {
        assertThatThrownBy(() -> Endpoint.binary(Unsupported.class, Unsupported::withCookie, PROVIDER, json))
                .hasMessage("Unsupported.withCookie parameter 1: CookieParam is not supported by the client");
        assertThatThrownBy(() -> Endpoint.unary(Unsupported.class, Unsupported::withoutMethod, PROVIDER, json))
                .hasMessage("Unsupported.withoutMethod has no HTTP method annotation (@GET, @POST, ...)");
        assertThatThrownBy(() -> Endpoint.unary(Unsupported.class, Unsupported::withMisnamedTemplate, PROVIDER,
                json)).hasMessage("Unsupported.withMisnamedTemplate: no @PathParam(\"id\") for the path template");
        assertThatThrownBy(() -> Endpoint.binary(Unsupported.class, Unsupported::withTwoBodies, PROVIDER, json))
                .hasMessage("Unsupported.withTwoBodies has 2 unannotated (body) parameters");
    }
}
