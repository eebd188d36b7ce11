package dev.payrail.invoice.resources;

import dev.payrail.invoice.db.Database;
import dev.payrail.payment.api.PaymentHeaders;
import dev.payrail.payment.api.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Liveness, readiness and Antaeus' health call. Readiness needs the database; the provider's state is
 * reported beside it but does not fail readiness (invoices can be served while the provider is down).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "health")
public final class HealthResource {
    private final Database database;
    private final Supplier<String> providerState;

    /**
     * @param providerState {@code UP} or {@code DOWN}: whether the provider answers its readiness probe
     */
    public HealthResource(Database database, Supplier<String> providerState) {
        this.database = Objects.requireNonNull(database, "database");
        this.providerState = Objects.requireNonNull(providerState, "providerState");
    }

    /** Antaeus: the JSON string {@code "ok"}. */
    @GET
    @Path("rest/health")
    @Operation(operationId = "antaeusHealth", summary = "Antaeus' health check", tags = "health",
            responses = {
                @ApiResponse(responseCode = "200", description = "The JSON string `\"ok\"`",
                        headers = @Header(name = OpenApi.REQUEST_ID, ref = OpenApi.REQUEST_ID_HEADER),
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                schema = @Schema(ref = "#/components/schemas/AntaeusHealth"))),
                @ApiResponse(responseCode = "406", ref = OpenApi.NOT_ACCEPTABLE),
                @ApiResponse(responseCode = "default", description = OpenApi.OTHER_PROBLEMS,
                        headers = @Header(name = OpenApi.REQUEST_ID, ref = OpenApi.REQUEST_ID_HEADER),
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON,
                                schema = @Schema(implementation = Problem.class)))
            })
    public String antaeusHealth() {
        return "\"ok\"";
    }

    @GET
    @Path("health/live")
    @Operation(operationId = "liveness", summary = "Liveness",
            description = "Answers while the process serves requests; needs nothing else.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Alive",
                        headers = @Header(name = OpenApi.REQUEST_ID, ref = OpenApi.REQUEST_ID_HEADER),
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                schema = @Schema(ref = "#/components/schemas/Liveness"))),
                @ApiResponse(responseCode = "406", ref = OpenApi.NOT_ACCEPTABLE),
                @ApiResponse(responseCode = "default", description = OpenApi.OTHER_PROBLEMS,
                        headers = @Header(name = OpenApi.REQUEST_ID, ref = OpenApi.REQUEST_ID_HEADER),
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON,
                                schema = @Schema(implementation = Problem.class)))
            })
    public Map<String, String> live() {
        return Map.of("status", "UP");
    }

    @GET
    @Path("health/ready")
    @Operation(operationId = "readiness", summary = "Readiness",
            description = "Ready while the database answers. The payment provider's state is reported but never "
                    + "fails readiness.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Ready",
                        headers = @Header(name = OpenApi.REQUEST_ID, ref = OpenApi.REQUEST_ID_HEADER),
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                schema = @Schema(ref = "#/components/schemas/Readiness"))),
                @ApiResponse(responseCode = "406", ref = OpenApi.NOT_ACCEPTABLE),
                @ApiResponse(responseCode = "503", description = "Not ready: the database does not answer (the "
                        + "same body as `200`, not a problem, and without `Retry-After`: probes retry on their own "
                        + "schedule)",
                        headers = @Header(name = OpenApi.REQUEST_ID, ref = OpenApi.REQUEST_ID_HEADER),
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                schema = @Schema(ref = "#/components/schemas/Readiness"))),
                @ApiResponse(responseCode = "default", description = OpenApi.OTHER_PROBLEMS,
                        headers = @Header(name = OpenApi.REQUEST_ID, ref = OpenApi.REQUEST_ID_HEADER),
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON,
                                schema = @Schema(implementation = Problem.class)))
            })
    public Response ready() {
        boolean databaseUp = database.reachable();
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", databaseUp ? "UP" : "DOWN");
        body.put("database", databaseUp ? "UP" : "DOWN");
        body.put("paymentProvider", providerState.get());
        return Response.status(databaseUp ? 200 : 503).entity(body).build();
    }
}
