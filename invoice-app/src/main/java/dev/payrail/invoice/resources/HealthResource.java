package dev.payrail.invoice.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Antaeus' health call. Liveness and readiness ({@code /health/live}, {@code /health/ready}) are served by
 * {@link dev.payrail.server.health.HealthEndpoints}, outside Jersey.
 */
@Path("/rest/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {
    /** Antaeus: the JSON string {@code "ok"}. */
    @GET
    public String antaeusHealth() {
        return "\"ok\"";
    }
}
