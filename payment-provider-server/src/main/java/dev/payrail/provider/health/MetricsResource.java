package dev.payrail.provider.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.Objects;
import dev.payrail.server.health.Readiness;

/**
 * Prometheus text exposition of every meter, plus {@code payrail_ready}: the readiness probe's answer (1 ready,
 * 0 not) at scrape time, so that an instance Kubernetes took out of its Service is visible to alerts too.
 */
@Path("/metrics")
public final class MetricsResource {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsResource(PrometheusMeterRegistry registry, Readiness readiness) {
        this.registry = Objects.requireNonNull(registry, "registry");
        Gauge.builder("payrail.ready", Objects.requireNonNull(readiness, "readiness"), r -> r.status().ready() ? 1 : 0)
                .description("1 when the readiness probe would answer ready, 0 when not (see GET /health/ready)")
                .register(registry);
    }

    @GET
    @Produces(PROMETHEUS_TEXT)
    public String scrape() {
        return registry.scrape();
    }
}
