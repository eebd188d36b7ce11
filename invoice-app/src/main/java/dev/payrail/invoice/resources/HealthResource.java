package dev.payrail.invoice.resources;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Antaeus' health call. Liveness and readiness ({@code /health/live}, {@code /health/ready}) are served by
 * {@link dev.payrail.server.health.HealthEndpoints}, outside Jersey; their part of the OpenAPI document is written
 * by hand in {@code src/main/openapi/openapi-components.yaml}, since no annotation can reach them.
 */
@Path("/rest/health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "health")
public final class HealthResource {
    /** Antaeus: the JSON string {@code "ok"}. */
    @GET
    @Operation(operationId = "antaeusHealth", summary = "Antaeus' health check", tags = "health",
            responses = {
                @ApiResponse(responseCode = "200", description = "The JSON string `\"ok\"`",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                schema = @Schema(ref = "#/components/schemas/AntaeusHealth")))
            })
    public String antaeusHealth() {
        return "\"ok\"";
    }
}
