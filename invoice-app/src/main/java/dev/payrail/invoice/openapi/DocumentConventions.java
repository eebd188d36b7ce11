package dev.payrail.invoice.openapi;

import io.swagger.v3.core.filter.AbstractSpecFilter;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finishes invoice-app's generated document at build time where the annotations cannot say what the service does
 * (the swagger-maven-plugin's {@code filterClass}; the jar leaves this package out, and swagger-core is not there at
 * run time):
 * <ul>
 *   <li>an operation that asks for {@code adminToken} also accepts no credentials, because the service checks the
 *       token only when {@code ADMIN_TOKEN} is set: OpenAPI says so with an empty requirement;</li>
 *   <li>every other operation is public, said explicitly with an empty list rather than left unsaid;</li>
 *   <li>a header given by reference carries nothing beside the reference (swagger-core adds {@code style}, which
 *       OpenAPI 3.0 ignores there and linters report).</li>
 * </ul>
 */
public final class DocumentConventions extends AbstractSpecFilter {
    /** The security scheme {@code InvoiceResource} declares for {@code ADMIN_TOKEN}. */
    private static final String ADMIN_TOKEN = "adminToken";

    @Override
    public Optional<OpenAPI> filterOpenAPI(OpenAPI openApi, Map<String, List<String>> params,
            Map<String, String> cookies, Map<String, List<String>> headers) {
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            security(operation);
            operation.getResponses().values().forEach(response -> {
                if (response.getHeaders() != null) {
                    response.getHeaders().values().forEach(DocumentConventions::referenceOnly);
                }
            });
        }));
        return Optional.of(openApi);
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
