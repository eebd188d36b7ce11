package dev.payrail.invoice.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.payrail.payment.api.OpenApiGeneratorValidation;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * invoice-app's OpenAPI document, as the build generated it from the resources' annotations: valid, and as strict as
 * the service. Each rule below is checked over every operation, so a new one cannot be added without it.
 */
class OpenApiDocumentTest {
    private static final String YAML = "META-INF/openapi/invoice-app.yaml";
    private static final String PROBLEM_JSON = "application/problem+json";

    @Test
    void bothFormsParseWithoutASingleMessage() {
        for (String text : List.of(Http.document(), classPath(YAML))) {
            SwaggerParseResult result = parse(text, false);

            assertThat(result.getMessages()).as("swagger-parser's messages").isEmpty();
            assertThat(result.getOpenAPI().getPaths()).containsKeys("/rest/health", "/rest/v1/invoices",
                    "/rest/v1/invoices/{id}", "/rest/v1/invoices/{id}/attempts", "/rest/v1/invoices/pay",
                    "/rest/v1/customers", "/rest/v1/customers/{id}", "/rest/v1/payment-runs",
                    "/rest/v1/payment-runs/{id}", "/health/live", "/health/ready", "/metrics", "/openapi.json",
                    "/openapi.yaml");
        }
        assertThat(parse(classPath(YAML), false).getOpenAPI()).isEqualTo(parse(Http.document(), false).getOpenAPI());
    }

    @Test
    void everyOperationIsNamedSummarisedTaggedAndTheServersAreGiven() {
        OpenAPI api = resolved();

        assertThat(api.getServers()).isNotEmpty();
        operations(api, (name, operation) -> {
            assertThat(operation.getOperationId()).as(name).isNotBlank();
            assertThat(operation.getSummary()).as(name).isNotBlank();
            assertThat(operation.getTags()).as(name).hasSize(1);
            assertThat(operation.getRequestBody()).as(name + ": no operation takes a body").isNull();
        });
    }

    @Test
    void everyOperationAnswersProblemsByDefaultAndEveryResponseCarriesItsRequestId() {
        operations(resolved(), (name, operation) -> {
            assertThat(operation.getResponses()).as(name).containsKey("default");
            operation.getResponses().forEach((status, response) -> {
                String what = name + " " + status;
                assertThat(response.getDescription()).as(what).isNotBlank();
                assertThat(header(response, "Request-Id")).as(what + " Request-Id").isNotNull()
                        .extracting(Header::getRequired).isEqualTo(true);
                if (status.equals("default") || status.startsWith("4")
                        || status.startsWith("5") && !name.equals("GET /health/ready")) {
                    assertThat(response.getContent()).as(what).containsOnlyKeys(PROBLEM_JSON);
                    assertThat(response.getContent().get(PROBLEM_JSON).getSchema().getProperties())
                            .as(what + " problem fields").containsKeys("type", "status", "code", "requestId");
                }
            });
        });
    }

    @Test
    void retryAfterComesWithEveryUnavailableProblemAndWwwAuthenticateWithEveryUnauthorized() {
        List<String> checked = new ArrayList<>();
        operations(resolved(), (name, operation) -> operation.getResponses().forEach((status, response) -> {
            boolean problem = response.getContent() != null && response.getContent().containsKey(PROBLEM_JSON);
            if ((status.equals("429") || status.equals("503")) && problem) {
                assertThat(header(response, "Retry-After")).as(name + " " + status).isNotNull()
                        .extracting(Header::getRequired).isEqualTo(true);
                checked.add(name + " " + status);
            }
            if (status.equals("401")) {
                assertThat(header(response, "WWW-Authenticate")).as(name + " 401").isNotNull();
                checked.add(name + " 401");
            }
        }));
        assertThat(checked).contains("GET /rest/v1/invoices 503", "POST /rest/v1/invoices/pay 401",
                "POST /rest/v1/payment-runs 401");
    }

    /** DocumentConventions adds these; each set is the one the server answers it on. */
    @Test
    void notAcceptableEverywhereButTheProbesAndUnavailableOnTheDatabaseBackedOperations() {
        List<String> notAcceptable = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        operations(resolved(), (name, operation) -> {
            if (operation.getResponses().containsKey("406")) {
                notAcceptable.add(name);
            }
            if (operation.getResponses().containsKey("503")) {
                unavailable.add(name);
            }
        });

        assertThat(notAcceptable).hasSize(12).noneMatch(name -> name.startsWith("GET /health/"));
        assertThat(unavailable).containsExactlyInAnyOrder("GET /rest/v1/invoices", "GET /rest/v1/invoices/{id}",
                "GET /rest/v1/invoices/{id}/attempts", "POST /rest/v1/invoices/pay", "GET /rest/v1/customers",
                "GET /rest/v1/customers/{id}", "POST /rest/v1/payment-runs", "GET /rest/v1/payment-runs/{id}",
                "GET /metrics", "GET /health/ready");
    }

    @Test
    void postsTakeTheAdminTokenOrNothingAndEverythingElseIsPublic() {
        operations(resolved(), (name, operation) -> {
            List<SecurityRequirement> security = operation.getSecurity();
            assertThat(security).as(name + ": said explicitly").isNotNull();
            if (name.startsWith("POST ")) {
                assertThat(security).as(name).containsExactlyInAnyOrder(
                        new SecurityRequirement().addList("adminToken"), new SecurityRequirement());
                assertThat(operation.getResponses()).as(name).containsKey("401");
            } else {
                assertThat(security).as(name).isEmpty();
                assertThat(operation.getResponses()).as(name).doesNotContainKey("401");
            }
        });
    }

    @Test
    void everyParameterIsBoundedAndEveryPathIdConstrained() {
        operations(resolved(), (name, operation) -> {
            for (Parameter parameter : operation.getParameters() == null ? List.<Parameter>of()
                    : operation.getParameters()) {
                String what = name + " " + parameter.getName();
                Schema<?> schema = parameter.getSchema();
                assertThat(parameter.getDescription()).as(what).isNotBlank();
                assertThat(schema.getExample()).as(what + " example").isNotNull();
                switch (schema.getType()) {
                    case "integer" -> assertThat(schema.getMinimum()).as(what + " minimum").isNotNull();
                    case "string" -> assertThat(schema.getEnum() != null || schema.getPattern() != null
                            || schema.getMaxLength() != null).as(what + " bounded").isTrue();
                    case "boolean" -> { }
                    default -> throw new AssertionError(what + ": unexpected type " + schema.getType());
                }
                if (parameter.getIn().equals("path")) {
                    assertThat(schema.getPattern() != null || schema.getType().equals("integer")).as(what).isTrue();
                }
            }
        });
    }

    @Test
    void everyPatternIsAnchoredAndEveryPropertyDescribedWithAnExample() {
        OpenAPI api = parse(Http.document(), false).getOpenAPI();
        List<String> patterns = new ArrayList<>();
        for (Map.Entry<String, Schema> component : api.getComponents().getSchemas().entrySet()) {
            String schemaName = component.getKey();
            Schema<?> schema = component.getValue();
            if (schema.getProperties() == null) {
                continue;
            }
            assertThat(schema.getDescription()).as(schemaName).isNotBlank();
            for (Map.Entry<String, Schema> property : schema.getProperties().entrySet()) {
                String what = schemaName + "." + property.getKey();
                Schema<?> definition = property.getValue();
                if (definition.getPattern() != null) {
                    patterns.add(definition.getPattern());
                }
                if (definition.get$ref() == null && !schemaName.equals("Problem")) { // payment-api's, checked there
                    assertThat(definition.getDescription()).as(what).isNotBlank();
                    assertThat(definition.getExample()).as(what + " example").isNotNull();
                }
            }
        }
        api.getComponents().getHeaders().values().forEach(header -> {
            if (header.getSchema().getPattern() != null) {
                patterns.add(header.getSchema().getPattern());
            }
        });
        operations(api, (name, operation) -> {
            if (operation.getParameters() != null) {
                operation.getParameters().stream().map(Parameter::getSchema).filter(s -> s.getPattern() != null)
                        .forEach(s -> patterns.add(s.getPattern()));
            }
        });
        assertThat(patterns).contains("^run_[0-9a-f]{16}$", "^[A-Z]{3}$", "^req_[0-9a-f]{16}$")
                .allSatisfy(pattern -> assertThat(pattern).startsWith("^").endsWith("$"));
    }

    @Test
    void requiredFieldsAreThoseTheServiceAlwaysWrites() {
        Map<String, Schema> schemas = parse(Http.document(), false).getOpenAPI().getComponents().getSchemas();

        assertThat(schemas.get("InvoiceJson").getRequired()).containsExactlyInAnyOrder("id", "customerId", "amount",
                "status");
        assertThat(schemas.get("AmountJson").getRequired()).containsExactlyInAnyOrder("value", "currency");
        assertThat(schemas.get("CustomerJson").getRequired()).containsExactlyInAnyOrder("id", "currency");
        assertThat(schemas.get("AttemptJson").getRequired()).hasSize(10);
        assertThat(schemas.get("PaymentRunJson").getRequired()).hasSize(14);
        assertThat(((Schema<?>) schemas.get("AttemptJson").getProperties().get("finishedAt")).getNullable()).isTrue();
    }

    /** openapi-generator's validator (payment-api's runner): neither an error nor a recommendation. */
    @Test
    void openApiGeneratorFindsNoIssueNorRecommendation() {
        Path documents = Path.of("target", "classes", "META-INF", "openapi");
        OpenApiGeneratorValidation.requireClean(documents.resolve("invoice-app.json"));
        OpenApiGeneratorValidation.requireClean(documents.resolve("invoice-app.yaml"));
    }

    /** Redocly's recommended rules as errors, where Node.js is installed (CI has it): nothing to report. */
    @Test
    void redoclyLintsTheDocumentClean(@TempDir Path dir) throws Exception {
        String version = System.getProperty("redocly.version");
        assumeTrue(version != null && !version.isBlank(), "redocly.version is set by the build (root pom)");
        assumeTrue(onPath("npx"), "npx is not installed");
        Path document = dir.resolve("invoice-app.yaml");
        Files.writeString(document, classPath(YAML));
        Files.writeString(dir.resolve(".redocly.lint-ignore.yaml"), classPath("redocly/lint-ignore.yaml"));
        Path output = dir.resolve("redocly.txt");

        Process lint = new ProcessBuilder("npx", "--yes", "@redocly/cli@" + version, "lint",
                "--extends=recommended-strict", document.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        boolean finished = lint.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            lint.destroyForcibly();
        }
        String report = Files.readString(output);

        assertThat(finished).as("redocly finished within 5 minutes: " + report).isTrue();
        assertThat(lint.exitValue()).as(report).isZero();
        assertThat(report).as("no error and no warning").contains("Your API description is valid")
                .doesNotContainPattern("\\d+ (errors?|warnings?)");
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static OpenAPI resolved() {
        return parse(Http.document(), true).getOpenAPI();
    }

    private static SwaggerParseResult parse(String text, boolean resolveFully) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(resolveFully);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        assertThat(result.getOpenAPI()).as("parsed: " + result.getMessages()).isNotNull();
        return result;
    }

    private static void operations(OpenAPI api, BiConsumer<String, Operation> check) {
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                check.accept(method + " " + path, operation)));
    }

    private static Header header(ApiResponse response, String name) {
        return response.getHeaders() == null ? null : response.getHeaders().get(name);
    }

    private static String classPath(String name) {
        try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name + " on the class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
