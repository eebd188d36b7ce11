package dev.payrail.invoice.resources;

import dev.payrail.invoice.db.Database;
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
    public String antaeusHealth() {
        return "\"ok\"";
    }

    @GET
    @Path("health/live")
    public Map<String, String> live() {
        return Map.of("status", "UP");
    }

    @GET
    @Path("health/ready")
    public Response ready() {
        boolean databaseUp = database.reachable();
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", databaseUp ? "UP" : "DOWN");
        body.put("database", databaseUp ? "UP" : "DOWN");
        body.put("paymentProvider", providerState.get());
        return Response.status(databaseUp ? 200 : 503).entity(body).build();
    }
}
