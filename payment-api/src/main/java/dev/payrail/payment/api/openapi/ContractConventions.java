package dev.payrail.payment.api.openapi;

import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.PaymentHeaders;
import io.swagger.v3.core.filter.AbstractSpecFilter;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rules every operation of the contract shares, applied once while the document is generated (the
 * swagger-maven-plugin's {@code filterClass}) instead of being repeated on every method: the answers any payment
 * operation can give besides its own ({@code 401}, {@code 406}, {@code 503}, and {@code 400}, {@code 413},
 * {@code 415} where it takes a body), a {@code default} problem response, the headers each response carries
 * ({@code Request-Id} always, {@code Retry-After} on 429 and 503, {@code WWW-Authenticate} on 401), request bodies
 * required, and the {@code servers} entry. Build-time only: it is left out of payment-api's jar.
 */
public final class ContractConventions extends AbstractSpecFilter {
    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final String HEADERS = "#/components/headers/";
    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    @Override
    public Optional<OpenAPI> filterOpenAPI(OpenAPI openAPI, Map<String, List<String>> params,
            Map<String, String> cookies, Map<String, List<String>> headers) {
        openAPI.setServers(List.of(new Server().url("http://payment-provider.payments.svc.cluster.local:9000")
                .description("The provider inside the Kubernetes cluster (k8s/); run locally it answers on "
                        + "http://127.0.0.1:9000")));
        openAPI.getComponents().setHeaders(new TreeMap<>(Map.of(
                PaymentHeaders.REQUEST_ID, new Header()
                        .description("The provider's id of this request, also in the problem body and the logs")
                        .schema(new StringSchema().pattern("^req_[0-9a-f]{16}$").example("req_8d0f5a1c2b3e4f60")),
                PaymentHeaders.RETRY_AFTER, new Header()
                        .description("Seconds to wait before retrying with the same idempotency key")
                        .schema(new IntegerSchema().minimum(java.math.BigDecimal.ZERO).example(1)),
                PaymentHeaders.IDEMPOTENT_REPLAYED, new Header()
                        .description("`true` when this is the stored response to an earlier request with the same key")
                        .schema(new BooleanSchema()._enum(List.of(true)).example(true)),
                WWW_AUTHENTICATE, new Header()
                        .description("The bearer challenge (RFC 6750)")
                        .schema(new StringSchema().example("Bearer error=\"invalid_token\"")))));
        openAPI.getPaths().forEach((path, item) -> item.readOperationsMap()
                .values().forEach(ContractConventions::apply));
        return Optional.of(openAPI);
    }

    private static void apply(Operation operation) {
        ApiResponses responses = operation.getResponses();
        boolean hasBody = operation.getRequestBody() != null;
        boolean idempotent = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> "header".equals(p.getIn()) && PaymentHeaders.IDEMPOTENCY_KEY.equals(p.getName()));
        if (hasBody) {
            operation.getRequestBody().setRequired(true);
            addIfAbsent(responses, "413", ErrorCode.PAYLOAD_TOO_LARGE, "the body is over 64 KiB");
            addIfAbsent(responses, "415", ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body is not application/json");
        }
        if (hasBody || operation.getParameters() != null && !operation.getParameters().isEmpty()) {
            addIfAbsent(responses, "400", ErrorCode.INVALID_REQUEST,
                    "a field, parameter or header breaks the contract; `field` names it");
        }
        addIfAbsent(responses, "401", ErrorCode.UNAUTHORIZED, "the bearer token is missing or invalid");
        addIfAbsent(responses, "406", ErrorCode.NOT_ACCEPTABLE,
                "`Accept` admits neither application/json nor application/problem+json");
        addIfAbsent(responses, "503", ErrorCode.UNAVAILABLE,
                "the ledger cannot answer now (or injected faults); retry after `Retry-After` seconds");
        if (responses.getDefault() == null) {
            responses.setDefault(problem("any other error, as application/problem+json with a stable `code` "
                    + "(for example `internal_error`, `method_not_allowed`)"));
        }
        responses.forEach((status, response) -> {
            response.addHeaderObject(PaymentHeaders.REQUEST_ID, ref(PaymentHeaders.REQUEST_ID));
            if (idempotent && status.startsWith("2")) {
                response.addHeaderObject(PaymentHeaders.IDEMPOTENT_REPLAYED, ref(PaymentHeaders.IDEMPOTENT_REPLAYED));
            }
            if (status.equals("429") || status.equals("503")) {
                response.addHeaderObject(PaymentHeaders.RETRY_AFTER, ref(PaymentHeaders.RETRY_AFTER));
            }
            if (status.equals("401")) {
                response.addHeaderObject(WWW_AUTHENTICATE, ref(WWW_AUTHENTICATE));
            }
        });
    }

    private static void addIfAbsent(ApiResponses responses, String status, ErrorCode code, String when) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, problem("`" + code.code() + "`: " + when));
        }
    }

    private static ApiResponse problem(String description) {
        Schema<?> schema = new Schema<>().$ref(PROBLEM_REF);
        return new ApiResponse().description(description)
                .content(new Content().addMediaType(PaymentHeaders.PROBLEM_JSON, new MediaType().schema(schema)));
    }

    private static Header ref(String name) {
        return new Header().$ref(HEADERS + name);
    }
}
