package dev.payrail.invoice.resources;

import dev.payrail.invoice.core.InvoiceStatus;
import dev.payrail.invoice.db.InvoiceRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** Prometheus text: invoices by status (counted at scrape time), attempts by outcome, run durations, JVM. */
@Path("/metrics")
public final class MetricsResource {
    private final PrometheusMeterRegistry registry;
    private final InvoiceRepository repository;
    private final Map<InvoiceStatus, AtomicLong> invoices = new EnumMap<>(InvoiceStatus.class);

    public MetricsResource(PrometheusMeterRegistry registry, InvoiceRepository repository) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.repository = Objects.requireNonNull(repository, "repository");
        for (InvoiceStatus status : InvoiceStatus.values()) {
            AtomicLong count = new AtomicLong();
            invoices.put(status, count);
            Gauge.builder("invoice_invoices", count, AtomicLong::get)
                    .description("Invoices by status, counted when scraped")
                    .tag("status", status.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    @GET
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String scrape() {
        repository.countByStatus().forEach((status, count) -> invoices.get(status).set(count));
        return registry.scrape();
    }
}
