package dev.payrail.invoice.openapi;

import dev.payrail.payment.api.Problem;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.filter.AbstractSpecFilter;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finishes invoice-app's generated document at build time (the swagger-maven-plugin's {@code filterClass}; the jar
 * leaves this package out, and swagger-core is not there at run time). What every operation shares is added here
 * once, so the resources' annotations carry only what is particular to each operation:
 * <ul>
 *   <li>a {@code default} problem response on every operation: the server's exception mappers answer anything
 *       unforeseen as a problem;</li>
 *   <li>{@code 406} on every operation but the probes under {@code /health/}, which Grizzly answers before content
 *       negotiation;</li>
 *   <li>{@code 503} on every {@code /rest/v1} operation: each needs the database, and answers this when it does
 *       not answer or the service is stopping;</li>
 *   <li>{@code 401} on every operation that asks for {@code adminToken};</li>
 *   <li>{@code Request-Id} on every response given in place (a referenced response defines its own headers);</li>
 *   <li>an operation that asks for {@code adminToken} also accepts no credentials, because the service checks the
 *       token only when {@code ADMIN_TOKEN} is set: OpenAPI says so with an empty requirement;</li>
 *   <li>every other operation is public, said explicitly with an empty list rather than left unsaid;</li>
 *   <li>a header given by reference carries nothing beside the reference (swagger-core adds {@code style}, which
 *       OpenAPI 3.0 ignores there and linters report).</li>
 * </ul>
 * The responses referred to are in {@code src/main/openapi/openapi-components.yaml}; the {@code Problem} schema
 * they use is read from payment-api's record here.
 */
public final class DocumentConventions extends AbstractSpecFilter {
    /** The security scheme {@code InvoiceResource} declares for {@code ADMIN_TOKEN}. */
    private static final String ADMIN_TOKEN = "adminToken";
    private static final String RESPONSES = "#/components/responses/";
    private static final String REQUEST_ID = "Request-Id";
    private static final String REQUEST_ID_HEADER = "#/components/headers/RequestId";

    @Override
    public Optional<OpenAPI> filterOpenAPI(OpenAPI openApi, Map<String, List<String>> params,
            Map<String, String> cookies, Map<String, List<String>> headers) {
        // The shared problem responses refer to payment-api's Problem; no annotation names that class any more.
        ModelConverters.getInstance().readAll(new AnnotatedType(Problem.class))
                .forEach(openApi.getComponents().getSchemas()::putIfAbsent);
        openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            boolean admin = operation.getSecurity() != null
                    && operation.getSecurity().stream().anyMatch(r -> r.containsKey(ADMIN_TOKEN));
            ApiResponses responses = operation.getResponses();
            if (admin) {
                shared(responses, "401", "Unauthorized");
            }
            if (!path.startsWith("/health/")) {
                shared(responses, "406", "NotAcceptable");
            }
            if (path.startsWith("/rest/v1/")) {
                shared(responses, "503", "Unavailable");
            }
            shared(responses, "default", "Problem");
            security(operation);
            responses.values().forEach(DocumentConventions::requestId);
            responses.values().forEach(response -> {
                if (response.getHeaders() != null) {
                    response.getHeaders().values().forEach(DocumentConventions::referenceOnly);
                }
            });
        }));
        return Optional.of(openApi);
    }

    /** Adds the shared response unless the operation gives its own for this status. */
    private static void shared(ApiResponses responses, String status, String component) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().$ref(RESPONSES + component));
        }
    }

    private static void requestId(ApiResponse response) {
        if (response.get$ref() != null) {
            return;
        }
        if (response.getHeaders() == null) {
            response.setHeaders(new LinkedHashMap<>());
        }
        response.getHeaders().putIfAbsent(REQUEST_ID, new Header().$ref(REQUEST_ID_HEADER));
    }

    private static void security(Operation operation) {
        List<SecurityRequirement> security = operation.getSecurity();
        if (security == null) {
            operation.setSecurity(new ArrayList<>());
        } else if (security.stream().anyMatch(r -> r.containsKey(ADMIN_TOKEN))
                && security.stream().noneMatch(SecurityRequirement::isEmpty)) {
            operation.addSecurityItem(new SecurityRequirement());
        }
    }

    private static void referenceOnly(Header header) {
        if (header.get$ref() != null) {
            header.setStyle(null);
            header.setExplode(null);
        }
    }
}
