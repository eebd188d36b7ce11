package dev.payrail.invoice.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payrail.invoice.api.AttemptJson;
import dev.payrail.invoice.api.InvoiceJson;
import dev.payrail.invoice.core.Invoice;
import dev.payrail.invoice.core.InvoiceStatus;
import dev.payrail.invoice.core.PaymentRun;
import dev.payrail.invoice.db.InvoiceRepository;
import dev.payrail.invoice.payments.PaymentRuns;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.servers.ServerVariable;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Invoices: the Antaeus API, plus filtering by status, keyset pages and each invoice's attempts. */
@OpenAPIDefinition(
        info = @Info(
                title = "payrail invoice-app API",
                version = "1",
                description = "Customers and their invoices, each paid exactly once through the payment provider. "
                        + "The `/rest/v1` and `/rest/health` routes keep Antaeus' paths and shapes (camelCase, bare "
                        + "arrays, amounts as `{\"value\":184.04,\"currency\":\"USD\"}`); the rest is added. No "
                        + "operation takes a request body. Every response carries a `Request-Id`; every error is an "
                        + "RFC 9457 `application/problem+json` with a stable `code`.",
                license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")),
        servers = {
            @Server(url = "http://invoice-app.invoicing.svc.cluster.local:8000",
                    description = "Inside the Kubernetes cluster (namespace invoicing)"),
            @Server(url = "http://{host}:{port}", description = "Wherever it runs: `scripts/run-local.sh` and "
                    + "`java -jar invoice-app.jar` listen on localhost:8000 (`PORT`)",
                    variables = {
                        @ServerVariable(name = "host", defaultValue = "localhost", description = "Host name"),
                        @ServerVariable(name = "port", defaultValue = "8000", description = "`PORT`")
                    })
        },
        tags = {
            @Tag(name = "invoices", description = "Invoices and their payment attempts (Antaeus' routes and more)"),
            @Tag(name = "customers", description = "Customers (Antaeus' routes)"),
            @Tag(name = "payment-runs", description = "Paying every payable invoice, and following it"),
            @Tag(name = "health", description = "Liveness, readiness and metrics for the platform"),
            @Tag(name = "contract", description = "This document")
        })
@SecurityScheme(name = OpenApi.ADMIN_TOKEN, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "`ADMIN_TOKEN`: when the service runs with it set, every POST needs `Authorization: Bearer "
                + "<ADMIN_TOKEN>`; without it POSTs are open. Reads and health never need it.")
@Path("/rest/v1/invoices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "invoices")
public final class InvoiceResource {
    static final int MAX_LIMIT = 10_000;

    private final InvoiceRepository repository;
    private final PaymentRuns runs;
    private final ObjectMapper mapper;

    public InvoiceResource(InvoiceRepository repository, PaymentRuns runs, ObjectMapper mapper) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * A bare array of invoices: all of them by default (streamed), or one page with {@code limit} (and
     * {@code after}, the last id of the previous page; a {@code Link: rel="next"} header points at the next page).
     */
    @GET
    @Operation(operationId = "listInvoices", summary = "List invoices",
            description = "A bare array in Antaeus' shape, in id order: every invoice (streamed), or with `limit` one "
                    + "keyset page after the id `after`, with a `Link: rel=\"next\"` header while pages are full.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The invoices",
                        headers = @Header(name = "Link", ref = OpenApi.LINK_HEADER),
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                array = @ArraySchema(schema = @Schema(implementation = InvoiceJson.class)),
                                examples = @ExampleObject(name = "invoices", value = "[{\"id\":1,\"customerId\":1,"
                                        + "\"amount\":{\"value\":184.04,\"currency\":\"USD\"},\"status\":\"PAID\"},"
                                        + "{\"id\":2,\"customerId\":1,\"amount\":{\"value\":12.5,\"currency\":\"USD\"},"
                                        + "\"status\":\"FAILED\",\"failureCode\":\"currency_mismatch\"}]"))),
                @ApiResponse(responseCode = "400", ref = OpenApi.INVALID_REQUEST)
            })
    public Response list(
            @Parameter(description = "Only invoices in this status",
                    schema = @Schema(type = "string", allowableValues = {"PENDING", "PROCESSING", "PAID", "FAILED"},
                            example = "PENDING"))
            @QueryParam("status") String statusParam,
            @Parameter(description = "At most this many invoices: one keyset page (without it, all of them)",
                    schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "10000",
                            example = "500"))
            @QueryParam("limit") String limitParam,
            @Parameter(description = "Only invoices with a greater id: the last id of the previous page",
                    schema = @Schema(type = "integer", format = "int64", minimum = "0", example = "1500"))
            @QueryParam("after") String afterParam,
            @Context UriInfo uri) {
        Optional<InvoiceStatus> status = Optional.ofNullable(statusParam).map(raw -> InvoiceStatus.parse(raw)
                .orElseThrow(() -> ApiException.invalid("status", "status must be one of "
                        + Arrays.toString(InvoiceStatus.values()) + ", was '" + Ids.abbreviate(raw) + "'")));
        long after = Ids.nonNegative("after", afterParam, 0);
        if (limitParam == null) {
            return Response.ok(Listing.all(mapper, from -> repository.invoices(status, Math.max(from, after),
                    Listing.PAGE), Invoice::id, InvoiceJson::of)).build();
        }
        int limit = Ids.limit(limitParam, MAX_LIMIT);
        List<InvoiceJson> page = repository.invoices(status, after, limit).stream().map(InvoiceJson::of).toList();
        Response.ResponseBuilder response = Response.ok(page);
        if (page.size() == limit) {
            response.link(uri.getRequestUriBuilder().replaceQueryParam("after", page.get(page.size() - 1).id())
                    .build(), "next");
        }
        return response.build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getInvoice", summary = "Get an invoice",
            responses = {
                @ApiResponse(responseCode = "200", description = "The invoice",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                schema = @Schema(implementation = InvoiceJson.class))),
                @ApiResponse(responseCode = "400", ref = OpenApi.INVALID_REQUEST),
                @ApiResponse(responseCode = "404", ref = OpenApi.INVOICE_NOT_FOUND)
            })
    public InvoiceJson find(@Parameter(description = "The invoice id", schema = @Schema(type = "integer",
            format = "int64", minimum = "1", example = "42")) @PathParam("id") String id) {
        long invoiceId = Ids.positive("id", id);
        return repository.findInvoice(invoiceId).map(InvoiceJson::of).orElseThrow(() -> notFound(invoiceId));
    }

    /** Every charge attempt for the invoice, oldest first. */
    @GET
    @Path("{id}/attempts")
    @Operation(operationId = "listInvoiceAttempts", summary = "List an invoice's charge attempts",
            description = "The audit trail: every attempt to charge the invoice, oldest first, each recorded before "
                    + "the provider was called.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The attempts, possibly none",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                array = @ArraySchema(schema = @Schema(implementation = AttemptJson.class)))),
                @ApiResponse(responseCode = "400", ref = OpenApi.INVALID_REQUEST),
                @ApiResponse(responseCode = "404", ref = OpenApi.INVOICE_NOT_FOUND)
            })
    public List<AttemptJson> attempts(@Parameter(description = "The invoice id", schema = @Schema(type = "integer",
            format = "int64", minimum = "1", example = "42")) @PathParam("id") String id) {
        long invoiceId = Ids.positive("id", id);
        if (repository.findInvoice(invoiceId).isEmpty()) {
            throw notFound(invoiceId);
        }
        return repository.attempts(invoiceId).stream().map(AttemptJson::of).toList();
    }

    /**
     * Antaeus' pay call: attempts every payable invoice once (after any run in progress here) and answers
     * {@code true} when all of them ended PAID.
     */
    @POST
    @Path("pay")
    @Operation(operationId = "payInvoices", summary = "Pay every payable invoice (Antaeus)",
            description = "Runs a payment run to its end, after one already running in this process, and answers "
                    + "`true` when every invoice it attempted ended PAID, else `false`. A declined invoice stays "
                    + "PENDING for the next run.",
            security = @SecurityRequirement(name = OpenApi.ADMIN_TOKEN),
            responses = {
                @ApiResponse(responseCode = "200", description = "The run is done",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                schema = @Schema(type = "boolean", description = "Whether every attempted invoice "
                                        + "ended PAID", example = "true")))
            })
    public String pay() throws InterruptedException {
        PaymentRun run;
        try {
            run = runs.runToEnd();
        } catch (IllegalStateException shuttingDown) {
            throw new ApiException(503, "unavailable", "Service unavailable", shuttingDown.getMessage(), null);
        }
        if (run.state() == PaymentRun.State.FAILED) {
            throw new ApiException(503, "unavailable", "Service unavailable", "payment run " + run.id()
                    + " failed: " + run.failureReason(), null);
        }
        return Boolean.toString(run.allPaid());
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound("invoice_not_found", "Invoice not found", "no invoice with id " + id);
    }
}
