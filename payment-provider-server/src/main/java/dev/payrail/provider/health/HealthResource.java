package dev.payrail.provider.health;

import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.PaymentHeaders;
import dev.payrail.provider.http.Problems;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Objects;

/** Probes for Kubernetes: live while the process serves HTTP, ready while the ledger answers. */
@Path("/health")
@Produces({MediaType.APPLICATION_JSON, PaymentHeaders.PROBLEM_JSON})
public final class HealthResource {
    private final ReadinessCheck readiness;

    public HealthResource(ReadinessCheck readiness) {
        this.readiness = Objects.requireNonNull(readiness, "readiness");
    }

    @GET
    @Path("live")
    public Response live() {
        return Response.ok(Map.of("status", "UP"), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("ready")
    public Response ready() {
        String problem = readiness.check();
        if (problem == null) {
            return Response.ok(Map.of("status", "UP"), MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Problems.builder(ErrorCode.UNAVAILABLE, problem, null)
                .header(PaymentHeaders.RETRY_AFTER, "1")
                .build();
    }
}
